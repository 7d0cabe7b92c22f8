/**
 * Policies: JumpCloud's template catalog (the same in every org), the org's policies made from it,
 * bound to device groups and devices of their OS, policy groups, and each bound device's results.
 *
 * The results follow the devices: a device that never checked in has only pending results; a
 * policy changed after a device last checked in is pending there; FileVault and BitLocker fail on
 * the devices whose `fde` is inactive, the firewall on Macs whose agent lacks Full Disk Access, and
 * "no root SSH" on Linux devices that still allow it; a few other applications fail now and then.
 * (The devices' `policyStats`, generated before policies existed, are not derived from these.)
 */
import { Kind, type OrgContext } from './context.js';
import type { DirectEdge } from './graph-edge.js';
import type { Prng } from './prng.js';
import { DAY, iso, MINUTE, objectId } from './time.js';
import type {
  OrgPolicies,
  Policy,
  PolicyConfigField,
  PolicyGroup,
  PolicyResult,
  PolicyTemplate,
  PolicyValue,
  System,
  SystemGroup,
} from './types.js';

type FieldSpec = [
  name: string,
  label: string,
  type: PolicyConfigField['displayType'],
  value: string | number | boolean,
];

interface TemplateSpec {
  name: string;
  displayName: string;
  family: 'darwin' | 'windows' | 'linux';
  description: string;
  activation: string;
  behavior: string;
  delivery: ('agent' | 'mdm')[];
  osName: string;
  earliest: string;
  mdm: boolean;
  alert?: string;
  reference?: string;
  /** The template's release status; most are released (''). */
  state?: string;
  fields: FieldSpec[];
}

const TEMPLATES: readonly TemplateSpec[] = [
  {
    name: 'filevault_darwin',
    displayName: 'FileVault 2 Encryption - macOS',
    family: 'darwin',
    description: 'Enables FileVault full disk encryption and escrows the recovery key to JumpCloud.',
    activation: 'The user must log in after the policy is applied for encryption to begin.',
    behavior: 'Encryption starts at the next login; the recovery key is stored in the device record.',
    delivery: ['mdm'],
    osName: 'macOS',
    earliest: '10.13',
    mdm: true,
    alert: 'A device whose user has no secure token cannot enable FileVault.',
    reference: 'https://jumpcloud.com/support/filevault-policy',
    fields: [
      ['escrowRecoveryKey', 'Escrow the recovery key', 'checkbox', true],
      ['deferLogoutCount', 'Logouts the user may defer', 'number', 3],
    ],
  },
  {
    name: 'screen_lock_darwin',
    displayName: 'Lock Screen - macOS',
    family: 'darwin',
    description: 'Locks the screen after a period of inactivity and asks for the password to unlock it.',
    activation: '',
    behavior: 'Applied at the next agent check-in.',
    delivery: ['agent', 'mdm'],
    osName: 'macOS',
    earliest: '10.12',
    mdm: false,
    fields: [
      ['timeout', 'Minutes of inactivity', 'number', 10],
      ['askForPasswordDelay', 'Seconds before a password is required', 'select', '0'],
    ],
  },
  {
    name: 'firewall_darwin',
    displayName: 'Application Firewall - macOS',
    family: 'darwin',
    description: 'Turns on the macOS application firewall.',
    activation: 'The JumpCloud agent needs Full Disk Access.',
    behavior: 'Applied at the next agent check-in.',
    delivery: ['agent'],
    osName: 'macOS',
    earliest: '11.0',
    mdm: false,
    fields: [
      ['enableStealthMode', 'Enable stealth mode', 'checkbox', false],
      ['blockAllIncoming', 'Block all incoming connections', 'checkbox', false],
    ],
  },
  {
    name: 'software_updates_darwin',
    displayName: 'Software Updates - macOS',
    family: 'darwin',
    description: 'Installs macOS updates automatically, after an optional deferral.',
    activation: '',
    behavior: 'Updates are installed overnight; the user is asked to restart.',
    delivery: ['mdm'],
    osName: 'macOS',
    earliest: '12.0',
    mdm: true,
    fields: [
      ['automaticallyInstallMacOSUpdates', 'Install macOS updates automatically', 'checkbox', true],
      ['deferralDays', 'Days to defer an update', 'number', 7],
    ],
  },
  {
    name: 'disable_guest_account_darwin',
    displayName: 'Disable Guest Account - macOS',
    family: 'darwin',
    description: 'Disables the guest user account.',
    activation: '',
    behavior: 'Applied at the next agent check-in.',
    delivery: ['agent'],
    osName: 'macOS',
    earliest: '10.12',
    mdm: false,
    fields: [],
  },
  {
    name: 'bitlocker_windows',
    displayName: 'BitLocker Full Disk Encryption - Windows',
    family: 'windows',
    description: 'Encrypts the system drive with BitLocker and escrows the recovery key to JumpCloud.',
    activation: 'The device needs a TPM 1.2 or later.',
    behavior: 'Encryption runs in the background; the device stays usable.',
    delivery: ['agent'],
    osName: 'Windows',
    earliest: '10',
    mdm: false,
    alert: 'Devices without a ready TPM report a failure.',
    reference: 'https://jumpcloud.com/support/bitlocker-policy',
    fields: [
      ['encryptionMethod', 'Encryption method', 'select', 'XTS-AES 256'],
      ['requireTpm', 'Require a TPM', 'checkbox', true],
    ],
  },
  {
    name: 'windows_update_windows',
    displayName: 'Windows Updates - Windows',
    family: 'windows',
    description: 'Configures Windows Update: deferrals and active hours.',
    activation: '',
    behavior: 'Applied at the next agent check-in.',
    delivery: ['agent', 'mdm'],
    osName: 'Windows',
    earliest: '10',
    mdm: false,
    fields: [
      ['deferQualityUpdatesDays', 'Days to defer quality updates', 'number', 3],
      ['activeHoursStart', 'Active hours start', 'number', 8],
      ['activeHoursEnd', 'Active hours end', 'number', 18],
    ],
  },
  {
    name: 'lock_screen_windows',
    displayName: 'Lock Screen - Windows',
    family: 'windows',
    description: 'Locks the screen after a period of inactivity.',
    activation: '',
    behavior: 'Applied at the next agent check-in.',
    delivery: ['agent'],
    osName: 'Windows',
    earliest: '10',
    mdm: false,
    fields: [['timeoutSeconds', 'Seconds of inactivity', 'number', 900]],
  },
  {
    name: 'usb_storage_windows',
    displayName: 'Disable USB Storage - Windows',
    family: 'windows',
    description: 'Blocks reading from and writing to removable USB storage.',
    state: 'beta',
    activation: '',
    behavior: 'Applied at the next agent check-in; a restart may be needed.',
    delivery: ['agent'],
    osName: 'Windows',
    earliest: '10',
    mdm: false,
    fields: [['denyRead', 'Deny read access too', 'checkbox', false]],
  },
  {
    name: 'lock_screen_linux',
    displayName: 'Lock Screen - Linux',
    family: 'linux',
    description: 'Locks a GNOME desktop session after a period of inactivity.',
    activation: '',
    behavior: 'Applied at the next agent check-in.',
    delivery: ['agent'],
    osName: 'Ubuntu',
    earliest: '20.04',
    mdm: false,
    fields: [['timeout', 'Seconds of inactivity', 'number', 600]],
  },
  {
    name: 'auto_updates_linux',
    displayName: 'Automatic Security Updates - Linux',
    family: 'linux',
    description: 'Installs security updates automatically (unattended-upgrades or dnf-automatic).',
    activation: '',
    behavior: 'Updates are installed daily.',
    delivery: ['agent'],
    osName: 'Linux',
    earliest: '',
    mdm: false,
    fields: [['rebootIfRequired', 'Reboot when an update requires it', 'checkbox', false]],
  },
  {
    name: 'ssh_root_login_linux',
    displayName: 'Disable SSH Root Login - Linux',
    family: 'linux',
    description: 'Sets PermitRootLogin no in sshd_config.',
    activation: '',
    behavior: 'sshd is reloaded after the change.',
    delivery: ['agent'],
    osName: 'Linux',
    earliest: '',
    mdm: false,
    fields: [],
  },
  {
    name: 'password_complexity_linux',
    displayName: 'Password Complexity - Linux',
    family: 'linux',
    description: 'Requires local passwords of a minimum length and complexity (pam_pwquality).',
    state: 'beta',
    activation: '',
    behavior: 'Applies to the next password change.',
    delivery: ['agent'],
    osName: 'Linux',
    earliest: '',
    mdm: false,
    fields: [['minLength', 'Minimum length', 'number', 12]],
  },
];

/** Policy objects' ids carry this bit in their tag (no org index reaches it): they never meet other ids. */
const POLICY_TAG = 0x80_0000;
/** Template ids are global: index 0xff names no org. */
const TEMPLATE_TAG = POLICY_TAG | 0xff0 | Kind.misc;

const templateCatalog: readonly PolicyTemplate[] = TEMPLATES.map((spec, t) => {
  const created = Date.UTC(2019, 5, 3) + t * 41 * DAY;
  return {
    id: objectId(created, t + 1, TEMPLATE_TAG),
    name: spec.name,
    displayName: spec.displayName,
    description: spec.description,
    osMetaFamily: spec.family,
    activation: spec.activation,
    behavior: spec.behavior,
    deliveryTypes: spec.delivery,
    state: spec.state ?? '',
    alert: spec.alert ?? null,
    reference: spec.reference ?? null,
    osRestrictions: [{ osName: spec.osName, earliestVersion: spec.earliest, isMdmRequired: spec.mdm }],
    configFields: spec.fields.map(([name, label, displayType, value], f) => ({
      id: objectId(created, 0x1000 + t * 16 + f, TEMPLATE_TAG),
      name,
      label,
      displayType,
      displayOptions:
        displayType === 'select'
          ? { options: name === 'encryptionMethod' ? ['XTS-AES 128', 'XTS-AES 256'] : ['0', '5', '60'] }
          : null,
      defaultValue: value,
      position: f + 1,
      readOnly: false,
      required: displayType !== 'checkbox',
      sensitive: false,
      tooltip:
        f === 0 ? { template: '{{message}}', variables: { icon: 'info', message: spec.description } } : null,
      validators: displayType === 'number' ? { min: 0 } : null,
    })),
  };
});

/** What a policy binds to: the OS-wide device group, chosen devices of its OS, or nothing. */
type Binding =
  | { group: 'All Macs' | 'All Windows' | 'Linux Servers'; alsoDirect?: number }
  | { direct: number; desktopsOnly?: boolean }
  | 'nothing';

interface PolicySpec {
  name: string;
  template: string;
  notes: string;
  bind: Binding;
  /** Values that differ from the template's defaults. */
  values?: Record<string, string | number | boolean>;
  /** Changed this many days ago: devices not seen since have it pending. */
  changedDaysAgo?: number;
}

const POLICIES: readonly PolicySpec[] = [
  {
    name: 'Require FileVault',
    template: 'filevault_darwin',
    notes: 'SOC 2 control CC6.1',
    bind: { group: 'All Macs' },
  },
  {
    name: 'Mac screen lock after 5 minutes',
    template: 'screen_lock_darwin',
    notes: '',
    bind: { group: 'All Macs' },
    values: { timeout: 5 },
  },
  {
    name: 'macOS firewall (pilot)',
    template: 'firewall_darwin',
    notes: 'Pilot on a few Macs before rolling out to All Macs.',
    bind: { direct: 3 },
    values: { enableStealthMode: true },
  },
  {
    name: 'macOS automatic updates',
    template: 'software_updates_darwin',
    notes: '',
    bind: { group: 'All Macs', alsoDirect: 1 },
  },
  {
    name: 'BitLocker on all Windows devices',
    template: 'bitlocker_windows',
    notes: '',
    bind: { group: 'All Windows' },
  },
  {
    name: 'Windows Update ring: Broad',
    template: 'windows_update_windows',
    notes: 'Deferral raised to 7 days after the March patch incident.',
    bind: { group: 'All Windows' },
    values: { deferQualityUpdatesDays: 7 },
    changedDaysAgo: 5,
  },
  {
    name: 'Windows lock screen 10 minutes',
    template: 'lock_screen_windows',
    notes: '',
    bind: { direct: 4 },
    values: { timeoutSeconds: 600 },
  },
  {
    name: 'Block USB storage (draft)',
    template: 'usb_storage_windows',
    notes: 'Not bound yet: waiting for the exceptions list from Finance.',
    bind: 'nothing',
  },
  {
    name: 'Linux unattended upgrades',
    template: 'auto_updates_linux',
    notes: '',
    bind: { group: 'Linux Servers' },
  },
  {
    name: 'No root SSH on Linux',
    template: 'ssh_root_login_linux',
    notes: 'CIS 5.2.10',
    bind: { group: 'Linux Servers' },
  },
  {
    name: 'Ubuntu desktop lock screen',
    template: 'lock_screen_linux',
    notes: '',
    bind: { direct: 2, desktopsOnly: true },
  },
];

const POLICY_GROUPS: readonly { name: string; description: string; members: readonly string[] }[] = [
  {
    name: 'macOS Baseline',
    description: 'The settings every Mac gets.',
    members: ['Require FileVault', 'Mac screen lock after 5 minutes', 'macOS automatic updates'],
  },
  {
    name: 'Windows Baseline',
    description: 'The settings every Windows device gets.',
    members: [
      'BitLocker on all Windows devices',
      'Windows Update ring: Broad',
      'Windows lock screen 10 minutes',
    ],
  },
  { name: 'CIS Level 2 (planned)', description: 'Hardening to adopt next quarter.', members: [] },
];

interface Outcome {
  exitStatus: number;
  detail: string;
  stdErr: string;
}

/** Why a policy fails on a device, as long as the device stays as it is; undefined when it applies. */
function persistentFailure(template: string, system: System, rng: Prng): Outcome | undefined {
  switch (template) {
    case 'filevault_darwin':
      return system.fde.active
        ? undefined
        : {
            exitStatus: 1,
            detail: 'FileVault is not enabled: the user has not logged in since the policy was applied.',
            stdErr: 'fdesetup: enablement deferred until the next login',
          };
    case 'bitlocker_windows':
      // Without a ready TPM it fails; otherwise it applied and the drive is still being encrypted.
      return system.fde.active || rng.chance(0.5)
        ? undefined
        : {
            exitStatus: 0x80284008,
            detail: 'BitLocker could not be enabled: a compatible TPM security device was not found.',
            stdErr: 'Enable-BitLocker : The TPM is not ready (0x80284008)',
          };
    case 'firewall_darwin':
      return system.agentHasFullDiskAccess
        ? undefined
        : {
            exitStatus: 1,
            detail: 'The JumpCloud agent lacks Full Disk Access: the firewall settings could not be written.',
            stdErr: 'socketfilterfw: Operation not permitted',
          };
    case 'ssh_root_login_linux':
      return system.allowSshRootLogin
        ? {
            exitStatus: 2,
            detail: 'sshd_config is managed by another tool: PermitRootLogin could not be set to no.',
            stdErr: 'sshd_config: file changed on disk by configuration management; change reverted',
          }
        : undefined;
    default:
      return undefined;
  }
}

const TRANSIENT: readonly Outcome[] = [
  { exitStatus: 124, detail: 'Timed out waiting for the policy to apply.', stdErr: 'timeout after 300s' },
  {
    exitStatus: 1,
    detail: 'The policy could not be applied: another configuration change was in progress.',
    stdErr: 'resource busy, retry scheduled',
  },
];

/** The org's policies, groups, bindings and results. `systemGroups` are the org's device groups. */
export function generatePolicies(
  ctx: OrgContext,
  systems: readonly System[],
  systemGroups: readonly SystemGroup[],
  systemGroupMembers: ReadonlyMap<string, readonly string[]>,
): OrgPolicies {
  const { rng, now } = ctx;
  let serial = 0;
  const newId = (createdMs: number) =>
    objectId(createdMs, ++serial, POLICY_TAG | (ctx.index << 4) | Kind.misc);
  const groupByName = new Map(systemGroups.map((g) => [g.name, g]));
  const systemById = new Map(systems.map((s) => [s._id, s]));
  const templateByName = new Map(templateCatalog.map((t) => [t.name, t]));

  const policies: Policy[] = [];
  const bySystem = new Map<string, string[]>();
  const bySystemGroup = new Map<string, string[]>();
  const changed = new Map<string, number>();
  POLICIES.forEach((spec, p) => {
    const { configFields, ...template } = templateByName.get(spec.template)!;
    const created = Date.UTC(2023, 1, 6) + p * 23 * DAY + rng.int(0, 86_399) * 1000;
    const values: PolicyValue[] = configFields.map((field) => ({
      configFieldID: field.id,
      value: spec.values?.[field.name] ?? field.defaultValue ?? '',
      sensitive: false,
    }));
    const policy: Policy = {
      id: newId(created),
      name: spec.name,
      notes: spec.notes,
      template,
      values,
      configFields,
    };
    policies.push(policy);
    if (spec.changedDaysAgo !== undefined) changed.set(policy.id, now - spec.changedDaysAgo * DAY);
    const family = template.osMetaFamily;
    const groupIds: string[] = [];
    const direct: string[] = [];
    const { bind } = spec;
    if (bind !== 'nothing') {
      const ofFamily = systems.filter((s) => s.osFamily === family);
      if ('group' in bind) {
        const group = groupByName.get(bind.group);
        if (group) groupIds.push(group.id);
        // Bound to a few of the group's devices directly too (they are reached by two paths).
        if (bind.alsoDirect) direct.push(...rng.sample(ofFamily, bind.alsoDirect).map((s) => s._id));
      } else {
        const candidates = bind.desktopsOnly ? ofFamily.filter((s) => s.desktopCapable) : ofFamily;
        direct.push(...rng.sample(candidates, bind.direct).map((s) => s._id));
      }
    }
    bySystemGroup.set(policy.id, groupIds);
    bySystem.set(policy.id, direct);
  });

  const groups: PolicyGroup[] = [];
  const groupMembers = new Map<string, string[]>();
  POLICY_GROUPS.forEach((spec, g) => {
    const id = newId(Date.UTC(2024, 3, 2) + g * 9 * DAY);
    groups.push({
      // The first group has its (empty) attributes and an address; the others have neither, as most.
      attributes: g === 0 ? {} : null,
      description: spec.description,
      email: g === 0 ? `it-policies@${ctx.domain}` : '',
      id,
      name: spec.name,
      organizationObjectId: ctx.orgId,
      type: 'policy_group',
    });
    groupMembers.set(
      id,
      policies.filter((p) => spec.members.includes(p.name)).map((p) => p.id),
    );
  });

  // Every device a policy reaches (directly or through a group), once, with only devices of its OS.
  const results: PolicyResult[] = [];
  for (const policy of policies) {
    const reached = new Set(bySystem.get(policy.id));
    for (const group of bySystemGroup.get(policy.id) ?? [])
      for (const id of systemGroupMembers.get(group) ?? []) reached.add(id);
    for (const systemId of reached) {
      const system = systemById.get(systemId)!;
      if (system.osFamily !== policy.template.osMetaFamily) continue;
      results.push(...deviceResults(policy, system, changed.get(policy.id)));
    }
  }

  function deviceResults(policy: Policy, system: System, changedAt: number | undefined): PolicyResult[] {
    const base = {
      policyID: policy.id,
      systemID: system._id,
      ...(system.primarySystemUser.id && { userObjectId: system.primarySystemUser.id }),
    };
    const pending = (at: number): PolicyResult => ({
      id: newId(at),
      ...base,
      state: 'pending',
      success: false,
      startedAt: iso(at),
      detail: 'Waiting for the device to check in.',
    });
    if (system.lastContact === null) return [pending(Math.max(Date.parse(system.created), now - 90 * DAY))];
    const lastContact = Date.parse(system.lastContact);
    const persistent = persistentFailure(policy.template.name, system, rng);
    const count = 1 + rng.int(0, 2);
    const out: PolicyResult[] = [];
    let start = lastContact - rng.int(2, 180) * MINUTE;
    const starts: number[] = [];
    for (let k = 0; k < count; k++) {
      starts.unshift(start);
      start -= rng.int(1, 14) * DAY + rng.int(0, 1439) * MINUTE;
    }
    starts.forEach((at, k) => {
      const latest = k === starts.length - 1;
      const failure = persistent ?? (rng.chance(latest ? 0.04 : 0.15) ? rng.pick(TRANSIENT) : undefined);
      const ended = at + rng.int(2, 95) * 1000;
      out.push({
        id: newId(at),
        ...base,
        state: failure ? 'failed' : 'success',
        success: !failure,
        startedAt: iso(at),
        endedAt: iso(ended),
        exitStatus: failure?.exitStatus ?? 0,
        detail: failure?.detail ?? 'Policy applied.',
        stdOut: failure ? '' : `${policy.template.name}: settings applied`,
        stdErr: failure?.stdErr ?? '',
      });
    });
    // Changed since the device last checked in: it has yet to apply the new settings.
    if (changedAt !== undefined && changedAt > lastContact) out.push(pending(changedAt));
    return out;
  }

  results.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    templates: templateCatalog,
    policies,
    groups,
    groupMembers,
    systems: bySystem,
    systemGroups: bySystemGroup,
    results,
  };
}

/** The latest result of each (policy, device): what the policystatuses lists answer. */
export function latestResults(results: readonly PolicyResult[]): PolicyResult[] {
  const latest = new Map<string, PolicyResult>();
  for (const result of results) latest.set(`${result.policyID} ${result.systemID}`, result);
  return [...latest.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The direct edges policies add to the graph: policy → system and policy → system group. A policy
 * group's members are not associations (the API's `targets` never name them), as for user groups.
 */
export function policyEdges(policies: OrgPolicies): DirectEdge[] {
  const edges: DirectEdge[] = [];
  for (const policy of policies.policies) {
    for (const id of policies.systems.get(policy.id) ?? [])
      edges.push({ from: { type: 'policy', id: policy.id }, to: { type: 'system', id } });
    for (const id of policies.systemGroups.get(policy.id) ?? [])
      edges.push({ from: { type: 'policy', id: policy.id }, to: { type: 'system_group', id } });
  }
  return edges;
}

/** Per org's policies, built on first use: what the lists show and the statuses by policy and by device. */
export interface PolicyViews {
  /** `Policy`: id, name and template (the get adds notes, values and configFields). */
  policyList: readonly object[];
  /** `PolicyTemplate`: the catalog without configFields (the get has them). */
  templateList: readonly object[];
  statusesByPolicy: ReadonlyMap<string, PolicyResult[]>;
  statusesBySystem: ReadonlyMap<string, PolicyResult[]>;
  resultsByPolicy: ReadonlyMap<string, PolicyResult[]>;
}

const views = new WeakMap<OrgPolicies, PolicyViews>();

const groupBy = (rows: readonly PolicyResult[], key: (row: PolicyResult) => string) => {
  const map = new Map<string, PolicyResult[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
};

export function policyViews(policies: OrgPolicies): PolicyViews {
  let view = views.get(policies);
  if (!view) {
    const latest = latestResults(policies.results);
    view = {
      policyList: policies.policies.map(({ id, name, template }) => ({ id, name, template })),
      templateList: policies.templates.map(({ configFields: _fields, ...summary }) => summary),
      statusesByPolicy: groupBy(latest, (row) => row.policyID),
      statusesBySystem: groupBy(latest, (row) => row.systemID),
      resultsByPolicy: groupBy(policies.results, (row) => row.policyID),
    };
    views.set(policies, view);
  }
  return view;
}
