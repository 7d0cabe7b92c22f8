/**
 * Commands and software apps of one organization: commands (v1 `command`) bound to devices and
 * device groups of their OS, their results on those devices (`commandresult`), and software apps
 * (v2 `software-app`) bound to device groups, with an install status per bound device of the app's
 * OS (`software-app-status`). The edges are plain data (`commandEdges`, `softwareAppEdges`).
 */

import type {
  Command,
  CommandResult,
  CommandsData,
  CommandType,
  SoftwareApp,
  SoftwareAppSettings,
  SoftwareAppStatus,
  Targets,
} from './command-types.js';
import { creationTimes, Kind, nextId, type OrgContext } from './context.js';
import type { DirectEdge } from './graph-edge.js';
import { DAY, iso, MINUTE } from './time.js';
import type { OrgData, OsFamily, System, SystemGroup, SystemUser } from './types.js';

/** Kinds folded into these objects' ids (see context.ts `Kind`). */

/** The id JumpCloud gives the root / SYSTEM account a command runs as. */
export const ROOT_USER = '000000000000000000000000';

interface CommandSpec {
  name: string;
  commandType: CommandType;
  launchType: Command['launchType'];
  schedule: string;
  scheduleRepeatType: string;
  trigger: string;
  timeout: string;
  description: string;
  command: string;
  /** Runs per bound device in the last two weeks (0: never run). */
  runs: number;
  /** Bound to the OS's device group, to a few devices of the OS directly, or to nothing. */
  bind: 'group' | 'devices' | 'none';
  output: string;
  failure: { exitCode: number; error: string; output: string };
}

const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'Apply security updates',
    commandType: 'linux',
    launchType: 'repeated',
    schedule: '0 0 3 * * 0',
    scheduleRepeatType: 'week',
    trigger: '',
    timeout: '1800',
    description: 'Weekly unattended security upgrade of the Linux fleet.',
    command:
      '#!/bin/bash\nset -euo pipefail\nexport DEBIAN_FRONTEND=noninteractive\nif command -v apt-get >/dev/null; then\n  apt-get update -q\n  apt-get -y -q upgrade\nelse\n  dnf -y -q upgrade --security\nfi',
    runs: 2,
    bind: 'group',
    output: 'Reading package lists...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.',
    failure: {
      exitCode: 100,
      error:
        'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 2817 (unattended-upgr)',
      output: 'Reading package lists...',
    },
  },
  {
    name: 'Disk usage report',
    commandType: 'linux',
    launchType: 'manual',
    schedule: 'immediate',
    scheduleRepeatType: '',
    trigger: '',
    timeout: '120',
    description: 'Filesystems over 80% full.',
    command: "#!/bin/bash\ndf -hP -x tmpfs -x devtmpfs | awk 'NR==1 || $5+0 >= 80'",
    runs: 1,
    bind: 'devices',
    output: 'Filesystem      Size  Used Avail Use% Mounted on\n/dev/nvme0n1p1   96G   81G   15G  85% /',
    failure: { exitCode: 1, error: 'df: /mnt/backup: Transport endpoint is not connected', output: '' },
  },
  {
    name: 'Rotate application logs',
    commandType: 'linux',
    launchType: 'trigger',
    schedule: '',
    scheduleRepeatType: '',
    trigger: 'rotate-logs',
    timeout: '300',
    description: 'Run from the deploy pipeline through the rotate-logs webhook.',
    command: '#!/bin/bash\nlogrotate -f /etc/logrotate.d/app && systemctl reload nginx',
    runs: 1,
    bind: 'group',
    output: '',
    failure: {
      exitCode: 1,
      error: 'error: skipping "/var/log/app/app.log" because parent directory has insecure permissions',
      output: '',
    },
  },
  {
    name: 'List pending macOS updates',
    commandType: 'mac',
    launchType: 'repeated',
    schedule: '0 0 9 * * *',
    scheduleRepeatType: 'day',
    trigger: '',
    timeout: '600',
    description: 'Daily list of the software updates each Mac is missing.',
    command: '#!/bin/bash\n/usr/sbin/softwareupdate --list --all 2>&1',
    runs: 3,
    bind: 'group',
    output: 'Software Update Tool\nFinding available software\nNo new software available.',
    failure: {
      exitCode: 1,
      error: 'Cannot connect to the Apple Software Update server. Check your network connection.',
      output: 'Software Update Tool\nFinding available software',
    },
  },
  {
    name: 'Enable the macOS firewall',
    commandType: 'mac',
    launchType: 'manual',
    schedule: 'immediate',
    scheduleRepeatType: '',
    trigger: '',
    timeout: '120',
    description: 'Turns on the application firewall and stealth mode.',
    command:
      '#!/bin/bash\nfw=/usr/libexec/ApplicationFirewall/socketfilterfw\n$fw --setglobalstate on\n$fw --setstealthmode on',
    runs: 1,
    bind: 'devices',
    output: 'Firewall is enabled. (State = 1)\nStealth mode enabled',
    failure: {
      exitCode: 1,
      error: 'Firewall settings cannot be modified from command line on managed Mac computers.',
      output: '',
    },
  },
  {
    name: 'Flush the DNS cache',
    commandType: 'mac',
    launchType: 'trigger',
    schedule: '',
    scheduleRepeatType: '',
    trigger: 'flush-dns',
    timeout: '60',
    description: 'Helpdesk trigger for VPN name resolution problems.',
    command: '#!/bin/bash\ndscacheutil -flushcache\nkillall -HUP mDNSResponder',
    runs: 1,
    bind: 'devices',
    output: '',
    failure: { exitCode: 1, error: 'No matching processes belonging to you were found', output: '' },
  },
  {
    name: 'Report BitLocker status',
    commandType: 'windows',
    launchType: 'repeated',
    schedule: '0 0 8 * * 1',
    scheduleRepeatType: 'week',
    trigger: '',
    timeout: '300',
    description: 'Weekly BitLocker protection status of every Windows volume.',
    command:
      'Get-BitLockerVolume | Select-Object MountPoint, VolumeStatus, ProtectionStatus, EncryptionPercentage | Format-Table -AutoSize',
    runs: 2,
    bind: 'group',
    output:
      'MountPoint VolumeStatus  ProtectionStatus EncryptionPercentage\n---------- ------------  ---------------- --------------------\nC:         FullyEncrypted               On                  100',
    failure: {
      exitCode: 1,
      error:
        "Get-BitLockerVolume : The term 'Get-BitLockerVolume' is not recognized as the name of a cmdlet, function, script file, or operable program.",
      output: '',
    },
  },
  {
    name: 'Restart the print spooler',
    commandType: 'windows',
    launchType: 'manual',
    schedule: 'immediate',
    scheduleRepeatType: '',
    trigger: '',
    timeout: '120',
    description: 'Helpdesk fix for stuck print queues.',
    command:
      'Stop-Service -Name Spooler -Force\nRemove-Item -Path "$env:SystemRoot\\System32\\spool\\PRINTERS\\*" -Force -ErrorAction SilentlyContinue\nStart-Service -Name Spooler\nGet-Service -Name Spooler | Select-Object Status',
    runs: 1,
    bind: 'devices',
    output: '\nStatus\n------\nRunning',
    failure: {
      exitCode: 1,
      error:
        "Start-Service : Service 'Print Spooler (Spooler)' cannot be started due to the following error: Cannot start service Spooler on computer '.'.",
      output: '',
    },
  },
  {
    name: 'Clear the Teams cache',
    commandType: 'windows',
    launchType: 'one-time',
    schedule: '0 30 22 15 11 *',
    scheduleRepeatType: '',
    trigger: '',
    timeout: '300',
    description: 'One-off cleanup before the new Teams client rollout.',
    command:
      "Get-Process -Name 'ms-teams','Teams' -ErrorAction SilentlyContinue | Stop-Process -Force\nRemove-Item -Recurse -Force \"$env:APPDATA\\Microsoft\\Teams\\*\" -ErrorAction SilentlyContinue\nWrite-Output 'Teams cache cleared'",
    runs: 1,
    bind: 'group',
    output: 'Teams cache cleared',
    failure: {
      exitCode: 1,
      error: 'Remove-Item : The process cannot access the file because it is being used by another process.',
      output: '',
    },
  },
  {
    name: 'Decommission a laptop',
    commandType: 'mac',
    launchType: 'manual',
    schedule: 'immediate',
    scheduleRepeatType: '',
    trigger: '',
    timeout: '900',
    description: 'Removes local accounts and the agent before a Mac is returned. Not run yet.',
    command:
      '#!/bin/bash\nfor u in $(dscl . list /Users UniqueID | awk \'$2 >= 501 {print $1}\'); do\n  sysadminctl -deleteUser "$u"\ndone\n/opt/jc/bin/uninstall.sh',
    runs: 0,
    bind: 'none',
    output: '',
    failure: { exitCode: 1, error: '', output: '' },
  },
];

const FAMILY: Record<CommandType, OsFamily> = { linux: 'linux', mac: 'darwin', windows: 'windows' };

/** The device group each OS's commands and apps are bound to (always generated: see groups.ts). */
const OS_GROUP: Record<OsFamily, string> = {
  darwin: 'All Macs',
  windows: 'All Windows',
  linux: 'Linux Servers',
};

interface AppSpec {
  displayName: string;
  family: OsFamily;
  settings: Omit<SoftwareAppSettings, 'createdAt' | 'updatedAt' | 'adminIntent' | 'locationObjectId'>;
  /** Bound to its OS's device group, or to nothing (no statuses). */
  bound: boolean;
  /** Why an install failed on a device, and the installer's code. */
  failure: { details: string; code: number };
}

const vpp = (assigned: number, total: number, trackName: string): SoftwareAppSettings['appleVpp'] => ({
  appConfiguration: '',
  assignedLicenses: assigned,
  availableLicenses: total - assigned,
  details: { trackName, kind: 'mac-software' },
  isConfigEnabled: false,
  supportedDeviceFamilies: ['MAC'],
  totalLicenses: total,
});

const CHOCOLATEY = 'https://community.chocolatey.org/api/v2/';

const APPS: readonly AppSpec[] = [
  {
    displayName: 'Slack for Desktop',
    family: 'darwin',
    settings: {
      packageId: '803453959',
      autoUpdate: true,
      allowUpdateDelay: false,
      packageManager: 'APPLE_VPP',
      location: 'Apple App Store',
      desiredState: 'Install',
      description: 'Team messaging.',
      packageVersion: '4.41.105',
      scope: 'device',
      appleVpp: vpp(0, 60, 'Slack for Desktop'),
    },
    bound: true,
    failure: { details: 'No VPP license available for assignment', code: 9610 },
  },
  {
    displayName: '1Password 7 - Password Manager',
    family: 'darwin',
    settings: {
      packageId: '1333542190',
      autoUpdate: false,
      allowUpdateDelay: true,
      packageManager: 'APPLE_VPP',
      location: 'Apple App Store',
      desiredState: 'Install',
      description: 'Password manager for every Mac.',
      packageVersion: '7.9.11',
      scope: 'device',
      appleVpp: vpp(0, 40, '1Password 7 - Password Manager'),
    },
    bound: true,
    failure: { details: 'The app could not be installed: the device is not supervised', code: 12064 },
  },
  {
    displayName: 'Google Chrome',
    family: 'windows',
    settings: {
      packageId: 'googlechrome',
      autoUpdate: true,
      allowUpdateDelay: false,
      packageManager: 'CHOCOLATEY',
      location: CHOCOLATEY,
      desiredState: 'Install',
      description: 'Chrome browser for Windows.',
      packageVersion: '131.0.6778.140',
      scope: 'device',
    },
    bound: true,
    failure: {
      details: 'choco install googlechrome exited with 1603: another installation is in progress',
      code: 1603,
    },
  },
  {
    displayName: 'Zoom Workplace',
    family: 'windows',
    settings: {
      packageId: 'zoom',
      autoUpdate: true,
      allowUpdateDelay: true,
      packageManager: 'CHOCOLATEY',
      location: CHOCOLATEY,
      desiredState: 'Install',
      description: 'Video meetings.',
      packageVersion: '6.3.1.53140',
      scope: 'device',
    },
    bound: true,
    failure: { details: 'Download failed: could not reach community.chocolatey.org (timed out)', code: 1 },
  },
  {
    displayName: 'Mozilla Firefox',
    family: 'windows',
    settings: {
      packageId: 'firefox',
      autoUpdate: false,
      allowUpdateDelay: false,
      packageManager: 'CHOCOLATEY',
      location: CHOCOLATEY,
      desiredState: 'Uninstall',
      description: 'Removed: Chrome is the supported browser.',
      packageVersion: '133.0.3',
      scope: 'device',
    },
    bound: true,
    failure: { details: 'choco uninstall firefox exited with 1: Firefox is running', code: 1 },
  },
  {
    displayName: 'Company Portal',
    family: 'windows',
    settings: {
      packageId: '9WZDNCRFJ3PZ',
      autoUpdate: true,
      allowUpdateDelay: false,
      packageManager: 'MICROSOFT_STORE',
      location: 'Microsoft Store',
      desiredState: 'Install',
      description: 'Not deployed yet.',
      packageVersion: '11.2.1002.0',
      scope: 'device',
      microsoftStore: {
        packageFamilyName: 'Microsoft.CompanyPortal_8wekyb3d8bbwe',
        nonRemovable: false,
        doNotUpdate: false,
      },
    },
    bound: false,
    failure: { details: '', code: 0 },
  },
];

const lastContactMs = (system: System): number | null =>
  system.lastContact === null ? null : Date.parse(system.lastContact);

export function generateCommands(
  ctx: OrgContext,
  systems: readonly System[],
  systemGroups: readonly SystemGroup[],
  systemGroupMembers: ReadonlyMap<string, readonly string[]>,
  users: readonly SystemUser[],
): CommandsData {
  const { rng, now } = ctx;
  const groupOf = (family: OsFamily) => systemGroups.find((g) => g.name === OS_GROUP[family]);
  const byId = new Map(systems.map((s) => [s._id, s]));
  const ofFamily = (family: OsFamily) => systems.filter((s) => s.osFamily === family);
  /** The devices a binding reaches, of the right OS only (a group may hold others). */
  const reached = (targets: Targets, family: OsFamily): System[] => {
    const ids = new Set(targets.systems);
    for (const g of targets.systemGroups) for (const id of systemGroupMembers.get(g) ?? []) ids.add(id);
    return [...ids].map((id) => byId.get(id)!).filter((s) => s.osFamily === family);
  };
  const bind = (how: 'group' | 'devices' | 'none', family: OsFamily): Targets => {
    const group = groupOf(family);
    if (how === 'group' && group) return { systems: [], systemGroups: [group.id] };
    if (how === 'none') return { systems: [], systemGroups: [] };
    // Helpdesk commands go to devices that are checking in (some of the OS's, if none are).
    const all = ofFamily(family);
    const active = all.filter((s) => s.active);
    const candidates = active.length > 0 ? active : all;
    return {
      systems: rng.sample(candidates, Math.min(candidates.length, rng.int(1, 3))).map((s) => s._id),
      systemGroups: [],
    };
  };
  const runner = users.find((u) => u.state === 'ACTIVATED' && u.sudo) ?? users[0];

  const commands: Command[] = [];
  const commandTargets = new Map<string, Targets>();
  const results: CommandResult[] = [];
  const created = creationTimes(ctx, COMMANDS.length, Date.UTC(2023, 0, 9));
  COMMANDS.forEach((spec, i) => {
    const family = FAMILY[spec.commandType];
    const id = nextId(ctx, Kind.command, created[i]!);
    // The firewall command runs as a named admin user; the rest as root / SYSTEM.
    const user = spec.name === 'Enable the macOS firewall' && runner ? runner._id : ROOT_USER;
    const command: Command = {
      _id: id,
      aiGenerated: false,
      command: spec.command,
      commandRunners: [],
      commandType: spec.commandType,
      description: spec.description,
      files: [],
      launchType: spec.launchType,
      listensTo: '',
      name: spec.name,
      organization: ctx.orgId,
      schedule: spec.schedule,
      scheduleRepeatType: spec.scheduleRepeatType,
      ...(spec.launchType === 'one-time' && { scheduleYear: new Date(now).getUTCFullYear() }),
      shell: spec.commandType === 'windows' ? 'powershell' : 'bash',
      sudo: false,
      template: '',
      templatingRequired: false,
      timeToLiveSeconds: spec.launchType === 'manual' ? 86_400 : 0,
      timeout: spec.timeout,
      trigger: spec.trigger,
      user,
    };
    commands.push(command);
    const targets = bind(spec.bind, family);
    commandTargets.set(id, targets);
    for (const system of reached(targets, family)) {
      const contact = lastContactMs(system);
      // Never-contacted devices have no results; stale ones none in the last weeks.
      if (contact === null || contact < now - 14 * DAY) continue;
      for (let run = 0; run < spec.runs; run++) {
        const requested = contact - rng.int(run * 5 * DAY, run * 5 * DAY + 4 * DAY) - rng.int(0, 60) * MINUTE;
        const failed = rng.chance(0.12);
        const responded = requested + rng.int(1, 90) * 1000;
        results.push(
          result(ctx, command, system, requested, responded, failed ? spec.failure : undefined, spec),
        );
      }
    }
  });
  results.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  // "Which commands failed this week" has an answer: the newest result of a repeated command failed.
  if (!results.some((r) => r.response.data.exitCode !== 0 && Date.parse(r.requestTime!) > now - 7 * DAY)) {
    const newest = [...results].reverse().find((r) => Date.parse(r.requestTime!) > now - 7 * DAY);
    if (newest) {
      const spec = COMMANDS.find((c) => c.name === newest.name)!;
      newest.response.data = { exitCode: spec.failure.exitCode, output: spec.failure.output };
      newest.response.error = spec.failure.error;
    }
  }

  const softwareApps: SoftwareApp[] = [];
  const softwareAppTargets = new Map<string, Targets>();
  const statuses: SoftwareAppStatus[] = [];
  const appCreated = creationTimes(ctx, APPS.length, Date.UTC(2024, 0, 8));
  APPS.forEach((spec, i) => {
    const createdAt = appCreated[i]!;
    const updatedAt = Math.min(createdAt + rng.int(1, 200) * DAY, now - DAY);
    const id = nextId(ctx, Kind.softwareApp, createdAt);
    const group = groupOf(spec.family);
    const targets: Targets = { systems: [], systemGroups: spec.bound && group ? [group.id] : [] };
    softwareAppTargets.set(id, targets);
    const bound = reached(targets, spec.family);
    const appleVpp = spec.settings.appleVpp && { ...spec.settings.appleVpp, assignedLicenses: bound.length };
    if (appleVpp) appleVpp.availableLicenses = appleVpp.totalLicenses - bound.length;
    softwareApps.push({
      id,
      organization: ctx.orgId,
      displayName: spec.displayName,
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
      settings: [
        {
          ...spec.settings,
          ...(appleVpp && { appleVpp }),
          adminIntent: 'INTENT_UNSPECIFIED',
          locationObjectId: rng.hex(24),
          createdAt: iso(createdAt),
          updatedAt: iso(updatedAt),
        },
      ],
    });
    bound.forEach((system, k) => {
      const contact = lastContactMs(system);
      const uninstall = spec.settings.desiredState === 'Uninstall';
      // A device that has not checked in since the app was bound is still pending.
      const pending = contact === null || contact < updatedAt;
      // The first device of each app fails, so every deployed app has a failure to look at.
      const failed = !pending && (k === 0 || rng.chance(0.1));
      const at = pending ? updatedAt : contact! - rng.int(0, 48 * 60) * MINUTE;
      statuses.push({
        id: nextId(ctx, Kind.softwareAppStatus, Math.max(at, createdAt)),
        softwareAppId: id,
        systemId: system._id,
        state: pending ? 'PENDING' : failed ? 'FAILED' : uninstall ? 'UNINSTALLED' : 'INSTALLED',
        details: pending ? 'Waiting for the device to check in' : failed ? spec.failure.details : '',
        code: failed ? spec.failure.code : 0,
        timestamp: iso(at),
        version: pending || failed || uninstall ? '' : spec.settings.packageVersion,
      });
    });
  });

  return {
    commands,
    commandResults: results,
    commandTargets,
    softwareApps,
    softwareAppTargets,
    softwareAppStatuses: statuses,
  };
}

function result(
  ctx: OrgContext,
  command: Command,
  system: System,
  requested: number,
  responded: number,
  failure: CommandSpec['failure'] | undefined,
  spec: CommandSpec,
): CommandResult {
  const id = nextId(ctx, Kind.commandResult, requested);
  return {
    _id: id,
    command: command.command,
    files: [],
    name: command.name,
    organization: ctx.orgId,
    requestTime: iso(requested),
    response: {
      data: failure
        ? { exitCode: failure.exitCode, output: failure.output }
        : { exitCode: 0, output: spec.output },
      error: failure ? failure.error : '',
      id: ctx.rng.hex(24),
    },
    responseTime: iso(responded),
    sudo: command.sudo,
    system: system.displayName,
    systemId: system._id,
    user: command.user,
    workflowId: command._id,
    workflowInstanceId: ctx.rng.uuid(),
  };
}

const targetEdges = (type: string, targets: ReadonlyMap<string, Targets>): DirectEdge[] =>
  [...targets].flatMap(([id, t]) => [
    ...t.systems.map((to): DirectEdge => ({ from: { type, id }, to: { type: 'system', id: to } })),
    ...t.systemGroups.map((to): DirectEdge => ({ from: { type, id }, to: { type: 'system_group', id: to } })),
  ]);

/** command ↔ system / system_group: the bindings of every command. */
export const commandEdges = (org: OrgData): DirectEdge[] => targetEdges('command', org.commandTargets);

/** software_app ↔ system / system_group: the bindings of every software app. */
export const softwareAppEdges = (org: OrgData): DirectEdge[] =>
  targetEdges('software_app', org.softwareAppTargets);

/** The list item of `/api/commands` (commandslist): the fields the list shows, the command truncated to 10k. */
export const commandListItem = (c: Command) => ({
  _id: c._id,
  aiGenerated: c.aiGenerated,
  command: c.command.slice(0, 10_000),
  commandType: c.commandType,
  description: c.description,
  launchType: c.launchType,
  listensTo: c.listensTo,
  name: c.name,
  organization: c.organization,
  schedule: c.schedule,
  scheduleRepeatType: c.scheduleRepeatType,
  templatingRequired: c.templatingRequired,
  trigger: c.trigger,
});

/** The list item of `/api/commandresults` (commandresultslist): output and error truncated to 40 characters. */
export const commandResultListItem = (r: CommandResult) => ({
  _id: r._id,
  command: r.command.slice(0, 10_000),
  exitCode: r.response.data.exitCode,
  name: r.name,
  requestTime: r.requestTime,
  response: {
    data: { exitCode: r.response.data.exitCode, output: r.response.data.output.slice(0, 40) },
    error: r.response.error.slice(0, 40),
  },
  responseTime: r.responseTime,
  sudo: r.sudo,
  system: r.system,
  systemId: r.systemId,
  user: r.user,
  workflowId: r.workflowId,
});

/** The list item of `/api/v2/softwareapps`: the VPP `appConfiguration` and `isConfigEnabled` are left out. */
export const softwareAppListItem = (app: SoftwareApp): SoftwareApp => ({
  ...app,
  settings: app.settings.map((s) => {
    if (!s.appleVpp) return s;
    const { appConfiguration: _c, isConfigEnabled: _e, ...appleVpp } = s.appleVpp;
    return { ...s, appleVpp };
  }),
});
