import { LINUX_PACKAGES, MAC_APPS, WINDOWS_PROGRAMS } from './catalog.js';
import type { OrgContext } from './context.js';
import type { Prng } from './prng.js';
import { DAY, HOUR, iso } from './time.js';
import type { SiApp, SiLinuxPackage, SiProgram, SiSystemInfo, System } from './types.js';

export interface Insights {
  systemInfo: SiSystemInfo[];
  apps: SiApp[];
  programs: SiProgram[];
  linuxPackages: SiLinuxPackage[];
}

/** How likely each device is to have a given piece of software; Zoom is on almost every workstation. */
const PRESENCE = 0.65;
const ZOOM_PRESENCE = 0.9;

/**
 * Picks a version index: newer versions are likelier, and the first device of each OS gets an
 * outdated one (so "Zoom < 5.12" has an answer on every OS).
 */
function versionIndex(rng: Prng, count: number, forceOld: boolean): number {
  if (forceOld) return Math.min(1, count - 1);
  return Math.min(count - 1, Math.floor(Math.sqrt(rng.next()) * count));
}

/** System Insights rows for every device whose agent reports them (state `enabled`). */
export function generateInsights(ctx: OrgContext, systems: readonly System[]): Insights {
  const out: Insights = { systemInfo: [], apps: [], programs: [], linuxPackages: [] };
  const firstOfFamily = new Set<string>();
  for (const system of systems) {
    if (system.systemInsights.state !== 'enabled') continue;
    const first = !firstOfFamily.has(system.osFamily);
    firstOfFamily.add(system.osFamily);
    // A stale device last reported when it last contacted; the others report every few hours.
    const reported = system.lastContact
      ? Math.min(Date.parse(system.lastContact), ctx.now)
      : ctx.now - 400 * DAY;
    const collected = iso(reported - ctx.rng.int(0, 6) * HOUR);
    out.systemInfo.push(systemInfo(ctx.rng, system, collected));
    if (system.osFamily === 'darwin') out.apps.push(...macApps(ctx, system, collected, first));
    else if (system.osFamily === 'windows')
      out.programs.push(...windowsPrograms(ctx, system, collected, first));
    else out.linuxPackages.push(...linuxPackages(ctx, system, collected, first));
  }
  return out;
}

interface Hardware {
  model: string;
  cpu: string;
}

/** Mac models with the CPU osquery reports for them (Apple silicon and Intel). */
const MAC_MODELS: Record<'arm' | 'x86', readonly Hardware[]> = {
  arm: [
    { model: 'MacBookAir10,1', cpu: 'Apple M1' },
    { model: 'MacBookPro18,3', cpu: 'Apple M1 Pro' },
    { model: 'Mac14,2', cpu: 'Apple M2' },
    { model: 'Mac14,9', cpu: 'Apple M2 Pro' },
  ],
  x86: [
    { model: 'MacBookPro16,1', cpu: 'Intel(R) Core(TM) i7-9750H CPU @ 2.60GHz' },
    { model: 'MacBookPro15,2', cpu: 'Intel(R) Core(TM) i5-8279U CPU @ 2.40GHz' },
    { model: 'iMac20,1', cpu: 'Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz' },
  ],
};

/** PC models with their CPUs; servers run on EC2's Xeons. */
const PC_MODELS: readonly Hardware[] = [
  { model: 'Latitude 7420', cpu: 'Intel(R) Core(TM) i7-1185G7 @ 3.00GHz' },
  { model: 'ThinkPad X1 Carbon Gen 9', cpu: 'Intel(R) Core(TM) i7-1165G7 @ 2.80GHz' },
  { model: 'HP EliteBook 845 G8', cpu: 'AMD Ryzen 7 PRO 5850U with Radeon Graphics' },
];
const SERVER_MODEL: Hardware = { model: 'm5.large', cpu: 'Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz' };

function systemInfo(rng: Prng, s: System, collected: string): SiSystemInfo {
  const mac = s.osFamily === 'darwin';
  const windows = s.osFamily === 'windows';
  const arm = s.arch === 'arm64';
  const cores = rng.pick([4, 8, 10, 12]);
  const hardware = mac
    ? rng.pick(arm ? MAC_MODELS.arm : MAC_MODELS.x86)
    : s.hwVendor === 'Amazon EC2'
      ? SERVER_MODEL
      : rng.pick(PC_MODELS);
  return {
    collection_time: collected,
    computer_name: s.displayName,
    cpu_brand: hardware.cpu,
    cpu_logical_cores: arm ? cores : cores * 2,
    cpu_microcode: arm ? null : `0x${rng.hex(3)}`,
    cpu_physical_cores: cores,
    // What osquery reports: Mach-O CPU types on a Mac, the architecture and model number elsewhere.
    cpu_subtype: arm
      ? 'ARM64E'
      : mac
        ? 'Intel x86-64h Haswell'
        : windows
          ? '-1'
          : rng.pick(['85', '140', '141']),
    cpu_type: arm ? 'arm64e' : mac ? 'x86_64h' : 'x86_64',
    hardware_model: hardware.model,
    hardware_serial: s.serialNumber,
    hardware_vendor: s.hwVendor,
    hardware_version: mac ? null : rng.pick(['1.0', 'A01', '']),
    hostname: s.hostname,
    local_hostname: s.hostname,
    physical_memory: String(rng.pick([8, 16, 32, 64]) * 1024 ** 3),
    system_id: s._id,
    uuid: rng.uuid().toUpperCase(),
  };
}

function macApps(ctx: OrgContext, s: System, collected: string, first: boolean): SiApp[] {
  const { rng, now } = ctx;
  const rows: SiApp[] = [];
  for (const app of MAC_APPS) {
    const zoom = app.name === 'zoom.us.app';
    const always = app.name === 'Safari.app' || app.name === 'JumpCloud.app' || (zoom && first);
    if (!always && !rng.chance(zoom ? ZOOM_PRESENCE : PRESENCE)) continue;
    const version = app.versions[versionIndex(rng, app.versions.length, zoom && first)]!;
    const build = /\((\d+)\)/.exec(version)?.[1] ?? version;
    // -1 is what osquery reports for an app that was never opened. The agent's own app runs all
    // the time: it was opened within the day (the docs' "apps used in the last 24 hours").
    const maxHoursAgo = app.name === 'JumpCloud.app' ? 23 : 20 * 24;
    const opened = rng.chance(0.1)
      ? -1
      : (now - rng.int(0, maxHoursAgo) * HOUR - rng.int(0, 3599) * 1000) / 1000;
    rows.push({
      applescript_enabled: rng.chance(0.2) ? '1' : '0',
      bundle_executable: app.executable,
      bundle_identifier: app.bundleId,
      bundle_name: app.displayName,
      bundle_package_type: 'APPL',
      bundle_short_version: version,
      bundle_version: build,
      category: app.category,
      collection_time: collected,
      compiler: 'com.apple.compilers.llvm.clang.1_0',
      copyright: app.copyright,
      development_region: rng.chance(0.8) ? 'en' : 'English',
      display_name: app.displayName,
      element: rng.chance(0.1) ? 'LSUIElement' : '',
      environment: rng.chance(0.1) ? 'LSEnvironment' : '',
      info_string: rng.chance(0.3) ? `${app.displayName} ${version}` : null,
      last_opened_time: opened,
      minimum_system_version: app.minOs,
      name: app.name,
      path: `/Applications/${app.name}`,
      system_id: s._id,
    });
  }
  return rows;
}

/** `YYYYMMDD`, the form Windows' registry keeps InstallDate in. */
const installDate = (ms: number): string => iso(ms).slice(0, 10).replaceAll('-', '');

function windowsPrograms(ctx: OrgContext, s: System, collected: string, first: boolean): SiProgram[] {
  const { rng, now } = ctx;
  const rows: SiProgram[] = [];
  for (const program of WINDOWS_PROGRAMS) {
    const zoom = program.name === 'Zoom';
    if (!(zoom && first) && !rng.chance(zoom ? ZOOM_PRESENCE : PRESENCE)) continue;
    const version = program.versions[versionIndex(rng, program.versions.length, zoom && first)]!;
    const guid = `{${rng.uuid().toUpperCase()}}`;
    const installed = rng.chance(0.1) ? now : now - rng.int(1, 400) * DAY;
    rows.push({
      collection_time: collected,
      identifying_number: program.msi ? guid : null,
      install_date: rng.chance(0.1) ? null : installDate(installed),
      install_location: program.location,
      install_source: program.msi ? `C:\\Windows\\ccmcache\\${rng.hex(2)}\\` : null,
      language: program.msi ? '1033' : null,
      name: program.name,
      publisher: program.publisher,
      system_id: s._id,
      uninstall_string: program.msi ? `MsiExec.exe /X${guid}` : `"${program.location}\\uninstall.exe"`,
      version,
    });
  }
  return rows;
}

function linuxPackages(ctx: OrgContext, s: System, collected: string, first: boolean): SiLinuxPackage[] {
  const { rng, now } = ctx;
  const deb = s.os === 'Ubuntu';
  const rows: SiLinuxPackage[] = [];
  for (const pkg of LINUX_PACKAGES) {
    const zoom = pkg.name === 'zoom';
    const desktopOnly = zoom || pkg.name === 'slack-desktop' || pkg.name === 'google-chrome-stable';
    if (desktopOnly && !s.desktopCapable) continue;
    if (!(zoom && first) && !rng.chance(zoom ? ZOOM_PRESENCE : 0.8)) continue;
    const version = pkg.versions[versionIndex(rng, pkg.versions.length, zoom && first)]!;
    const containerised = rng.chance(0.1);
    rows.push({
      arch: deb ? 'amd64' : 'x86_64',
      collection_time: collected,
      install_time: Math.floor(
        (rng.chance(0.1) ? now - rng.int(1, 20) * HOUR : now - rng.int(1, 500) * DAY) / 1000,
      ),
      maintainer_or_vendor: pkg.vendor,
      mount_namespace_id: containerised ? `4026532${String(rng.int(100, 999))}` : '',
      name: pkg.name,
      package_format: deb ? 'deb' : 'rpm',
      package_group_or_section: deb ? pkg.section : 'Unspecified',
      pid_with_namespace: containerised ? rng.int(100, 40000) : 0,
      release_or_revision: pkg.release || null,
      size: String(pkg.sizeKb * 1024),
      system_id: s._id,
      version,
    });
  }
  return rows;
}
