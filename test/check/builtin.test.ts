import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/check/load.js';
import type { ControlOutcome } from '../../src/check/model.js';
import { runControls } from '../../src/check/run.js';
import { controlsOf, rootIds } from '../../src/check/select.js';
import { simulatorConnections } from '../../src/cli/session.js';
import type { DemoData, OrgData } from '../../src/simulator/index.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { tables } from '../../src/tables/index.js';
import { TEST_RETRY, testHome } from '../helpers/engine.js';

type User = OrgData['users'][number];
type System = OrgData['systems'][number];
const DAY = 86_400_000;
const active = (u: User) => u.activated && !u.suspended;
const ids = <T extends { _id: string }>(items: T[], keep: (item: T) => boolean) =>
  items.filter(keep).map((item) => item._id);
const policy = (org: OrgData) => org.organization.settings.passwordPolicy as Record<string, number | boolean>;
const features = (org: OrgData) => org.organization.settings.features as Record<string, { enabled: boolean }>;
const orgIds = (data: DemoData, alarms: (org: OrgData) => boolean) =>
  data.orgs.filter(alarms).map((org) => org.organization._id);
const version = (text: string) => text.split('.').map(Number);
const older = (a: string, b: string) => {
  const [x, y] = [version(a), version(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
};
/** Vendor end-of-support dates already passed (macOS 12 and 13, Windows 10, Fedora 40), as the simulator's releases are named. */
const outOfSupport = (s: System) =>
  (s.os === 'Mac OS X' && ['12', '13'].includes(s.osVersionDetail.major)) ||
  (s.os === 'Windows' && s.version.startsWith('10 ')) ||
  (s.os === 'Fedora' && s.version === '40');

/** Each control's alarming resources, from the simulator's data (never from the control's own output). */
/** Each policy's latest result on each device (results are kept oldest first). */
const latestPolicyResults = (org: OrgData) => {
  const latest = new Map<string, OrgData['policies']['results'][number]>();
  for (const result of org.policies.results) latest.set(`${result.policyID}/${result.systemID}`, result);
  return latest;
};
const grouped = (org: OrgData) => new Set([...org.userGroupMembers.values()].flat());

const EXPECTED_ALARMS: Record<string, (data: DemoData, org: OrgData) => string[]> = {
  policy_failing_on_device: (_, o) =>
    [...latestPolicyResults(o)].filter(([, result]) => result.state === 'failed').map(([key]) => key),
  software_install_failed: (_, o) =>
    o.softwareAppStatuses.filter((s) => s.state === 'FAILED').map((s) => `${s.softwareAppId}/${s.systemId}`),
  user_in_no_group: (_, o) => ids(o.users, (u) => active(u) && !grouped(o).has(u._id)),
  user_group_without_members: (_, o) =>
    o.userGroups.filter((g) => (o.userGroupMembers.get(g.id) ?? []).length === 0).map((g) => g.id),
  org_admin_mfa_required: (data) => orgIds(data, (o) => o.organization.settings.requireAdminMFA !== true),
  user_mfa_not_configured: (_, o) => ids(o.users, (u) => active(u) && !u.mfa.configured && !u.mfa.exclusion),
  user_mfa_exclusion: (_, o) => ids(o.users, (u) => active(u) && u.mfa.exclusion),
  user_portal_mfa_disabled: (_, o) => ids(o.users, (u) => active(u) && !u.enable_user_portal_multifactor),
  org_password_min_length: (data) =>
    orgIds(data, (o) => !(policy(o).enableMinLength && (policy(o).minLength as number) >= 12)),
  org_password_complexity: (data) =>
    orgIds(
      data,
      (o) =>
        !['needsLowercase', 'needsUppercase', 'needsNumeric', 'needsSymbolic'].every((k) => policy(o)[k]),
    ),
  org_password_common_disallowed: (data) => orgIds(data, (o) => !policy(o).disallowCommonlyUsedPasswords),
  org_password_lockout: (data) =>
    orgIds(data, (o) => !(policy(o).enableMaxLoginAttempts && (policy(o).maxLoginAttempts as number) <= 10)),
  org_password_history: (data) =>
    orgIds(data, (o) => !(policy(o).enableMaxHistory && (policy(o).maxHistory as number) >= 5)),
  org_password_username_allowed: (data) => orgIds(data, (o) => policy(o).allowUsernameSubstring === true),
  user_password_expired: (_, o) => ids(o.users, (u) => active(u) && u.password_expired),
  user_password_never_expires: (_, o) => ids(o.users, (u) => active(u) && u.password_never_expires),
  user_suspended_in_groups: (_, o) =>
    ids(
      o.users,
      (u) => u.suspended && [...o.userGroupMembers.values()].some((members) => members.includes(u._id)),
    ),
  user_account_locked: (_, o) => ids(o.users, (u) => u.account_locked),
  user_staged_30_days: (_, o) =>
    ids(o.users, (u) => !u.activated && Date.parse(u.created) < Date.now() - 30 * DAY),
  user_passwordless_sudo: (_, o) => ids(o.users, (u) => active(u) && u.passwordless_sudo),
  device_unmanaged_local_admin: (_, o) =>
    ids(o.systems, (s) => s.userMetrics.some((m) => m.admin && !m.managed)),
  device_not_contacted_30_days: (_, o) =>
    ids(o.systems, (s) => s.lastContact === null || Date.parse(s.lastContact) < Date.now() - 30 * DAY),
  device_fde_disabled: (_, o) => ids(o.systems, (s) => !s.fde.active),
  device_fde_key_not_escrowed: (_, o) => ids(o.systems, (s) => s.fde.active && !s.fde.keyPresent),
  device_os_end_of_support: (_, o) => ids(o.systems, outOfSupport),
  device_agent_outdated: (_, o) =>
    ids(o.systems, (s) => older(s.agentVersion, o.organization.settings.agentVersion as string)),
  device_ssh_root_login: (_, o) => ids(o.systems, (s) => s.osFamily !== 'windows' && s.allowSshRootLogin),
  device_ssh_password_auth: (_, o) =>
    ids(o.systems, (s) => s.osFamily !== 'windows' && s.allowSshPasswordAuthentication),
  device_login_mfa_disabled: (_, o) => ids(o.systems, (s) => !s.allowMultiFactorAuthentication),
  device_mdm_not_enrolled: (_, o) =>
    ids(o.systems, (s) => s.osFamily !== 'linux' && ['none', 'unknown'].includes(s.mdm.vendor)),
  device_system_insights_off: (_, o) => ids(o.systems, (s) => s.systemInsights.state !== 'enabled'),
  org_system_insights_enabled: (data) => orgIds(data, (o) => !features(o).systemInsights?.enabled),
  org_directory_insights_enabled: (data) => orgIds(data, (o) => !features(o).directoryInsights?.enabled),
  application_without_user_group: (_, o) =>
    ids(o.applications, (a) => (o.applicationUserGroups.get(a._id) ?? []).length === 0),
  application_assertion_unsigned: (_, o) =>
    ids(o.applications, (a) => a.config.signAssertion !== null && a.config.signAssertion.value === false),
  radius_mfa_disabled: (_, o) => ids(o.radiusServers, (r) => r.mfa === 'DISABLED'),
  radius_shared_secret_short: (_, o) => ids(o.radiusServers, (r) => r.sharedSecret.length < 16),
  radius_lockout_action_maintain: (_, o) => ids(o.radiusServers, (r) => r.userLockoutAction !== 'DENY'),
  radius_expired_password_allowed: (_, o) =>
    ids(o.radiusServers, (r) => r.userPasswordExpirationAction === 'ALLOW'),
  radius_without_users: (_, o) =>
    ids(
      o.radiusServers,
      (r) =>
        (o.radiusUsers.get(r._id) ?? []).length === 0 &&
        (o.radiusUserGroups.get(r._id) ?? []).every((g) => (o.userGroupMembers.get(g) ?? []).length === 0),
    ),
};

const catalog = loadCatalog({ env: { HOME: '/nonexistent' } });
const builtIn = controlsOf(catalog, ['jumpcloud']);

describe('the built-in benchmark on the demo org', () => {
  let simulator: RunningSimulator;
  let outcomes: ControlOutcome[];
  let byRoute: Record<string, number>;
  beforeAll(async () => {
    simulator = await startSimulator();
    const connections = simulatorConnections(simulator, { retry: TEST_RETRY });
    simulator.resetStats();
    outcomes = await runControls(builtIn, { connections, tables, home: testHome(), engine: 'postgres' });
    byRoute = simulator.stats().byRoute;
  }, 120_000);
  afterAll(() => simulator?.close());

  it('is the one root, and every control has a test here', () => {
    expect(rootIds(catalog)).toEqual(['jumpcloud']);
    expect(builtIn.map((c) => c.id).sort()).toEqual(Object.keys(EXPECTED_ALARMS).sort());
  });

  it('runs every control with no error and at least one ok or alarm row', () => {
    for (const outcome of outcomes) {
      expect(outcome.errors, outcome.control.id).toEqual([]);
      expect(
        outcome.rows.some((row) => row.status === 'ok' || row.status === 'alarm'),
        outcome.control.id,
      ).toBe(true);
    }
  });

  it('alarms on the resources the simulated data says it should, and on no other', () => {
    const data = simulator.data;
    const org = data.orgs[0]!;
    let alarms = 0;
    for (const outcome of outcomes) {
      const expected = EXPECTED_ALARMS[outcome.control.id]!(data, org).sort();
      const actual = outcome.rows
        .filter((row) => row.status === 'alarm')
        .map((row) => row.resource)
        .sort();
      expect(actual, outcome.control.id).toEqual(expected);
      alarms += actual.length;
    }
    expect(alarms).toBeGreaterThan(50); // the demo world has deliberate findings
  });

  it('reads each table once for the whole benchmark (the shared scan cache)', () => {
    const groups = simulator.data.orgs[0]!.userGroups.length;
    const apps = simulator.data.orgs[0]!.applications.length;
    const radius = simulator.data.orgs[0]!.radiusServers.length;
    expect(byRoute).toEqual({
      'GET /api/systemusers': 1,
      'GET /api/systems': 1,
      'GET /api/organizations': 1,
      'GET /api/organizations/{id}': simulator.data.orgs.length, // settings: one read per organization
      'GET /api/v2/usergroups': 2, // jumpcloud_user_group's list, and the member table's
      'GET /api/v2/usergroups/{group_id}/members': groups,
      'GET /api/applications': 1,
      'GET /api/v2/applications/{application_id}/usergroups': apps,
      'GET /api/radiusservers': 1,
      'GET /api/v2/radiusservers/{radiusserver_id}/users': radius,
      'GET /api/v2/policies': 1,
      'GET /api/v2/policies/{policy_id}/policystatuses': simulator.data.orgs[0]!.policies.policies.length,
      'GET /api/v2/softwareapps': 1,
      'GET /api/v2/softwareapps/{software_app_id}/statuses': simulator.data.orgs[0]!.softwareApps.length,
    });
  });

  it('never prints a RADIUS shared secret', () => {
    const secrets = simulator.data.orgs[0]!.radiusServers.map((r) => r.sharedSecret);
    const text = JSON.stringify(outcomes.map((o) => o.rows));
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('gives the same rows on SQLite for the controls whose SQL runs on either engine', async () => {
    const either = builtIn.filter((c) => c.dialect === 'any');
    expect(either.length).toBeGreaterThan(5);
    const connections = simulatorConnections(simulator, { retry: TEST_RETRY });
    const onSqlite = await runControls(either, { connections, tables, home: testHome(), engine: 'sqlite' });
    for (const outcome of onSqlite) {
      expect(outcome.errors, outcome.control.id).toEqual([]);
      const onPostgres = outcomes.find((o) => o.control.id === outcome.control.id)!;
      const key = (rows: ControlOutcome['rows']) =>
        rows.map((r) => `${r.resource} ${r.status} ${r.reason}`).sort();
      expect(key(outcome.rows), outcome.control.id).toEqual(key(onPostgres.rows));
    }
  }, 60_000);
});
