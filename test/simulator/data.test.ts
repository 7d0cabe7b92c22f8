import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { generateDemoData, startSimulator } from '../../src/simulator/index.js';
import { client, NOW } from './helpers.js';

const DAY = 86_400_000;

describe('generateDemoData', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateDemoData({ seed: 9, now: NOW });
    expect(generateDemoData({ seed: 9, now: NOW })).toEqual(a);
    expect(generateDemoData({ seed: 10, now: NOW })).not.toEqual(a);
  });

  it('makes ids 24-hex ObjectIds in creation order, and ISO timestamps', () => {
    const { orgs } = generateDemoData({ now: NOW });
    for (const org of orgs) {
      const ids = org.users.map((u) => u._id);
      expect(ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
      expect([...ids].sort()).toEqual(ids);
      expect(org.users.every((u) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(u.created))).toBe(true);
    }
  });

  it('sizes the orgs: knobs for the primary, a tenth (min 5 users / 3 devices) for the others', () => {
    const data = generateDemoData({ users: 200, devices: 40, orgs: 4, now: NOW });
    expect(data.orgs.map((o) => o.users.length)).toEqual([200, 20, 20, 20]);
    expect(data.orgs.map((o) => o.systems.length)).toEqual([40, 4, 4, 4]);
    const small = generateDemoData({ now: NOW });
    expect(small.orgs.slice(1).every((o) => o.users.length >= 5 && o.systems.length >= 3)).toBe(true);
  });

  it('rejects bad knobs with a UserError', () => {
    expect(() => generateDemoData({ users: -1 })).toThrow(UserError);
    expect(() => generateDemoData({ orgs: 0 })).toThrow(UserError);
    expect(() => generateDemoData({ devices: 1.5 })).toThrow(UserError);
  });

  it('answers the usual admin questions in the default org', () => {
    const org = generateDemoData({ now: NOW }).orgs[0]!;
    const some = <T>(rows: T[], p: (r: T) => boolean) => rows.filter(p).length;
    expect(some(org.users, (u) => !u.mfa.configured)).toBeGreaterThan(0);
    expect(some(org.users, (u) => u.mfa.configured)).toBeGreaterThan(0);
    expect(some(org.users, (u) => u.suspended)).toBeGreaterThan(0);
    expect(some(org.users, (u) => u.account_locked)).toBeGreaterThan(0);
    expect(some(org.users, (u) => u.password_expired)).toBeGreaterThan(0);
    expect(some(org.systems, (s) => !s.fde.active)).toBeGreaterThan(0);
    expect(some(org.systems, (s) => s.allowSshRootLogin)).toBeGreaterThan(0);
    expect(
      some(org.systems, (s) => s.lastContact !== null && Date.parse(s.lastContact) < NOW - 30 * DAY),
    ).toBeGreaterThan(0);
    expect(some(org.userGroups, (g) => (org.userGroupMembers.get(g.id) ?? []).length === 0)).toBeGreaterThan(
      0,
    );
    expect(some(org.radiusServers, (r) => r.mfa !== 'DISABLED')).toBeGreaterThan(0);
    const systemsOs = new Map(org.systems.map((s) => [s._id, s.osFamily]));
    const old = (v: string | null) => {
      const [major = 0, minor = 0] = (v ?? '').split(' ')[0]!.split('.').map(Number);
      return major < 5 || (major === 5 && minor < 12);
    };
    expect(some(org.apps, (a) => a.name === 'zoom.us.app' && old(a.bundle_short_version))).toBeGreaterThan(0);
    expect(some(org.apps, (a) => a.name === 'zoom.us.app' && !old(a.bundle_short_version))).toBeGreaterThan(
      0,
    );
    expect(some(org.programs, (p) => p.name === 'Zoom' && old(p.version))).toBeGreaterThan(0);
    expect(some(org.linuxPackages, (p) => p.name === 'zoom' && old(p.version))).toBeGreaterThan(0);
    expect(new Set(org.systems.map((s) => s.osFamily))).toEqual(new Set(['darwin', 'windows', 'linux']));
    expect(org.apps.every((a) => systemsOs.get(a.system_id) === 'darwin')).toBe(true);
    // Zoom versions must cast in the docs' query: string_to_array(split_part(version, ' ', 1), '.')::int[]
    const zoomVersions = [
      ...org.apps.filter((a) => a.name === 'zoom.us.app').map((a) => a.bundle_short_version),
      ...org.programs.filter((p) => p.name?.toLowerCase().startsWith('zoom')).map((p) => p.version),
      ...org.linuxPackages.filter((p) => p.name.startsWith('zoom')).map((p) => p.version),
    ];
    expect(zoomVersions.every((v) => /^\d+(\.\d+)*$/.test((v ?? '').split(' ')[0]!))).toBe(true);
  });

  it('has a non-null, non-empty value somewhere for every field the product tables read', () => {
    const data = generateDemoData({ now: NOW });
    const org = data.orgs[0]!;
    const filled = (v: unknown) =>
      v !== null && v !== undefined && v !== '' && v !== 0 && !(Array.isArray(v) && v.length === 0);
    const check = (rows: readonly object[], fields: string[]) => {
      const missing = fields.filter((f) => !rows.some((r) => filled((r as Record<string, unknown>)[f])));
      expect(missing).toEqual([]);
    };
    check(org.users, [
      'displayname',
      '_id',
      'username',
      'description',
      'email',
      'created',
      'account_locked',
      'activated',
      'suspended',
      'allow_public_key',
      'company',
      'costCenter',
      'department',
      'employeeIdentifier',
      'employeeType',
      'enable_user_portal_multifactor',
      'external_dn',
      'external_source_type',
      'externally_managed',
      'firstname',
      'jobTitle',
      'lastname',
      'location',
      'middlename',
      'organization',
      'password_expiration_date',
      'password_expired',
      'password_never_expires',
      'passwordless_sudo',
      'public_key',
      'totp_enabled',
      'mfa',
      'attributes',
      'ssh_keys',
      'tags',
    ]);
    check(org.systems, [
      'displayName',
      '_id',
      'os',
      'active',
      'created',
      'allowMultiFactorAuthentication',
      'lastContact',
      'agentVersion',
      'allowPublicKeyAuthentication',
      'allowSshPasswordAuthentication',
      'allowSshRootLogin',
      'amazonInstanceID',
      'arch',
      'fileSystem',
      'hasServiceAccount',
      'hostname',
      'modifySSHDConfig',
      'osFamily',
      'remoteIP',
      'serialNumber',
      'sshRootEnabled',
      'systemTimezone',
      'templateName',
      'version',
      'connectionHistory',
      'fde',
      'mdm',
      'networkInterfaces',
      'serviceAccountState',
      'sshdParams',
      'systemInsights',
      'tags',
      'userMetrics',
      'organization',
    ]);
    check(org.linuxPackages, [
      'system_id',
      'name',
      'version',
      'size',
      'arch',
      'collection_time',
      'install_time',
      'maintainer_or_vendor',
      'mount_namespace_id',
      'package_format',
      'package_group_or_section',
      'pid_with_namespace',
      'release_or_revision',
    ]);
    check(org.apps, [
      'system_id',
      'name',
      'bundle_short_version',
      'last_opened_time',
      'display_name',
      'path',
      'applescript_enabled',
      'bundle_executable',
      'bundle_identifier',
      'bundle_name',
      'bundle_package_type',
      'bundle_version',
      'category',
      'collection_time',
      'compiler',
      'copyright',
      'development_region',
      'element',
      'environment',
      'info_string',
      'minimum_system_version',
    ]);
    check(org.programs, [
      'system_id',
      'name',
      'version',
      'collection_time',
      'identifying_number',
      'install_date',
      'install_location',
      'install_source',
      'publisher',
      'uninstall_string',
    ]);
    check(org.applications, [
      'name',
      '_id',
      'displayName',
      'displayLabel',
      'organization',
      'beta',
      'learnMore',
      'ssoUrl',
      'config',
    ]);
    check(org.radiusServers, [
      'name',
      '_id',
      'organization',
      'networkSourceIp',
      'mfa',
      'sharedSecret',
      'userLockoutAction',
      'userPasswordExpirationAction',
      'tagNames',
      'tags',
    ]);
    check(
      data.orgs.map((o) => o.organization),
      [
        'displayName',
        '_id',
        'logoUrl',
        'created',
        'hasCreditCard',
        'hasStripeCustomerId',
        'totalBillingEstimate',
        'entitlement',
        'settings',
      ],
    );
    check(org.systemInfo, Object.keys(org.systemInfo[0]!));
    expect(org.userGroups.some((g) => g.attributes?.sambaEnabled === true)).toBe(true);
    expect(org.userGroups.some((g) => (g.attributes?.posixGroups ?? []).length > 0)).toBe(true);
    expect(org.programs.some((p) => p.install_date === null)).toBe(true);
    expect(org.apps.some((a) => a.last_opened_time === -1)).toBe(true);
  });
});

describe('a 100,000-user org', () => {
  it('starts and serves the first and the last page', async () => {
    const sim = await startSimulator({ users: 100_000, now: NOW });
    try {
      const get = client(sim);
      const first = await get('/api/systemusers?limit=100');
      expect(first.body.totalCount).toBe(100_000);
      expect(first.body.results).toHaveLength(100);
      const last = await get('/api/systemusers?limit=100&skip=99950');
      expect(last.body.results).toHaveLength(50);
      expect(last.body.results.at(-1)._id).toBe(sim.data.orgs[0]!.users.at(-1)!._id);
      const ids = new Set(sim.data.orgs[0]!.users.map((u) => u.username));
      expect(ids.size).toBe(100_000);
    } finally {
      await sim.close();
    }
  });
});
