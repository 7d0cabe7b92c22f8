import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { associationTargets } from '../../src/api/index.js';
import { ASSOCIATION_SOURCES } from '../../src/tables/jumpcloud_association.js';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';
import { parameterEnum } from '../helpers/openapi.js';

/** Requests a v2 list of `n` rows takes (pages of 100; the last one is read even when empty). */
const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

// Exact API call counts of the directory graph tables, read from the simulator's request log.
describe('API calls of the directory graph tables (300 users)', () => {
  let demo: DemoEngine;
  beforeAll(async () => {
    demo = await openDemoEngine({ simulator: { users: 300, devices: 40, groups: 12 }, cache: false });
  });
  afterAll(() => demo?.close());
  beforeEach(() => demo.simulator.resetStats());

  const calls = () => demo.simulator.stats().byRoute;
  const org = () => demo.simulator.data.orgs[0]!;

  it('a full jumpcloud_user_group_member scan is the group list and one members list per group (its pages)', async () => {
    const rows = await demo.query('select group_id, group_name, member_id from jumpcloud_user_group_member');
    const members = [...org().userGroupMembers.values()];
    expect(rows).toHaveLength(members.reduce((n, ids) => n + ids.length, 0));
    expect(rows.every((row) => typeof row.group_name === 'string')).toBe(true);
    expect(calls()).toEqual({
      'GET /api/v2/usergroups': 1,
      'GET /api/v2/usergroups/{group_id}/members': members.reduce((n, ids) => n + pages(ids.length), 0),
    });
  });

  it('jumpcloud_device_group_member: a full scan likewise; group_id = … is its members list and one get for its name', async () => {
    const rows = await demo.query(
      'select group_id, member_id, member_type from jumpcloud_device_group_member',
    );
    const members = [...org().systemGroupMembers.values()];
    expect(rows).toHaveLength(members.reduce((n, ids) => n + ids.length, 0));
    expect(new Set(rows.map((row) => row.member_type))).toEqual(new Set(['system']));
    expect(calls()).toEqual({
      'GET /api/v2/systemgroups': 1,
      'GET /api/v2/systemgroups/{group_id}/members': members.reduce((n, ids) => n + pages(ids.length), 0),
    });
    demo.simulator.resetStats();
    const group = org().systemGroups.find((g) => (org().systemGroupMembers.get(g.id) ?? []).length > 1)!;
    const one = await demo.query(
      `select group_name, member_id from jumpcloud_device_group_member where group_id = '${group.id}'`,
    );
    expect(one.map((row) => row.member_id)).toEqual(org().systemGroupMembers.get(group.id));
    expect(new Set(one.map((row) => row.group_name))).toEqual(new Set([group.name]));
    expect(calls()).toEqual({
      'GET /api/v2/systemgroups/{group_id}/members': 1,
      'GET /api/v2/systemgroups/{id}': 1,
    });
  });

  it("jumpcloud_user_device where user_id = … is that user's traversal (one request), not a scan", async () => {
    const user = org().users.find((u) =>
      (org().systemUsers.get(org().systems[0]!._id) ?? []).includes(u._id),
    )!;
    const rows = await demo.query(
      `select device_id, direct, sudo_enabled from jumpcloud_user_device where user_id = '${user._id}'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    expect(rows.some((row) => row.device_id === org().systems[0]!._id && row.direct === true)).toBe(true);
    expect(calls()).toEqual({ 'GET /api/v2/users/{user_id}/systems': 1 });
  });

  it("jumpcloud_user_device where device_id = … is that device's traversal (its pages)", async () => {
    const device = org().systems[0]!;
    const rows = await demo.query(
      `select user_id from jumpcloud_user_device where device_id = '${device._id}'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(calls()).toEqual({ 'GET /api/v2/systems/{system_id}/users': pages(rows.length) });
  });

  it('jumpcloud_user_device with both keys reads the user side once and keeps that device only', async () => {
    const device = org().systems[0]!;
    const owner = org().systemUsers.get(device._id)![0]!;
    const rows = await demo.query(
      `select user_id, device_id, direct from jumpcloud_user_device where user_id = '${owner}' and device_id = '${device._id}'`,
    );
    expect(rows).toEqual([{ user_id: owner, device_id: device._id, direct: true }]);
    expect(calls()).toEqual({ 'GET /api/v2/users/{user_id}/systems': 1 });
  });

  it("a full jumpcloud_user_device scan lists the devices (their ids only) and reads each one's users", async () => {
    const rows = await demo.query('select user_id, device_id from jumpcloud_user_device');
    const perDevice = new Map<string, number>();
    for (const row of rows)
      perDevice.set(String(row.device_id), (perDevice.get(String(row.device_id)) ?? 0) + 1);
    expect(calls()).toEqual({
      'GET /api/systems': 1,
      'GET /api/v2/systems/{system_id}/users': org().systems.reduce(
        (n, s) => n + pages(perDevice.get(s._id) ?? 0),
        0,
      ),
    });
    const fields = demo.simulator
      .requestLog()
      .filter((entry) => entry.url.startsWith('/api/systems?') || entry.url.includes('/api/systems?'))
      .map((entry) => new URL(entry.url, 'http://x').searchParams.get('fields'));
    expect(fields).toEqual(['_id']);
  });

  it('jumpcloud_association by from_type and from_id is one request asking for every target the spec allows', async () => {
    const user = org().users.find((u) => u._id === org().systemUsers.get(org().systems[0]!._id)![0])!;
    const rows = await demo.query(
      `select to_type, to_id from jumpcloud_association where from_type = 'user' and from_id = '${user._id}'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(calls()).toEqual({ 'GET /api/v2/users/{user_id}/associations': 1 });
    const url = new URL(demo.simulator.requestLog().at(-1)!.url, 'http://x');
    expect(url.searchParams.get('targets')?.split(',')).toEqual(
      parameterEnum('v2', 'trait_graphTargetsUser_targets'),
    );
  });

  it('jumpcloud_association asks each type for exactly the targets its spec parameter allows', () => {
    const parameter: Record<string, string> = {
      user: 'trait_graphTargetsUser_targets',
      user_group: 'trait_graphTargetsUserGroup_targets',
      system: 'trait_graphTargetsSystem_targets',
      system_group: 'trait_graphTargetsSystemGroup_targets',
      application: 'trait_graphTargetsApplication_targets',
      radius_server: 'trait_graphTargetsRadiusServer_targets',
      ldap_server: 'trait_graphTargetsLdapServer_targets',
      policy: 'trait_graphTargetsPolicy_targets',
      policy_group: 'trait_graphTargetsPolicyGroup_targets',
      command: 'trait_graphTargetsCommand_targets',
      software_app: 'trait_graphTargetsSoftwareApp_targets',
      g_suite: 'trait_graphTargetsGSuite_targets',
      office_365: 'trait_graphTargetsOffice365_targets',
      active_directory: 'trait_graphTargetsActiveDirectory_targets',
    };
    expect(Object.keys(ASSOCIATION_SOURCES).sort()).toEqual(Object.keys(parameter).sort());
    for (const [type, source] of Object.entries(ASSOCIATION_SOURCES))
      expect([...associationTargets(source.associations)].sort(), type).toEqual(
        parameterEnum('v2', parameter[type]!).sort(),
      );
  });

  it('jumpcloud_association by from_type lists that type only, then one request per object', async () => {
    const rows = await demo.query(
      `select from_id, to_type from jumpcloud_association where from_type = 'user_group'`,
    );
    expect(new Set(rows.map((row) => row.to_type)).has('system_group')).toBe(true);
    expect(calls()).toEqual({
      'GET /api/v2/usergroups': 1,
      'GET /api/v2/usergroups/{group_id}/associations': org().userGroups.length,
    });
  });
});
