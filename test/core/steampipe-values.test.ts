import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrgData } from '../../src/simulator/data/types.js';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';

// Values as the Steampipe plugin gives them (reference/anchor-plugin.md §4.1), read through the
// whole path: simulator → client → scan → engine. The cache is off so each query reads the API.
describe("the plugin's NULL rules", () => {
  let demo: DemoEngine;
  let org: OrgData;
  beforeAll(async () => {
    demo = await openDemoEngine({ cache: false });
    org = demo.simulator.data.orgs[0]!;
  });
  afterAll(() => demo?.close());
  beforeEach(() => demo.simulator.resetStats());

  const one = async (sql: string) => {
    const rows = await demo.query(sql);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };

  it('reads an empty string as NULL in a default column, and keeps it where the plugin does', async () => {
    const user = org.users[3]!;
    Object.assign(user, { description: '', public_key: '', displayname: '', company: '' });
    const row = await one(
      `select description, public_key, company, display_name, title from jumpcloud_user where id = '${user._id}'`,
    );
    expect(row).toEqual({ description: null, public_key: null, company: null, display_name: '', title: '' });
  });

  it('finds users without a public key with `public_key is null`, as the plugin does', async () => {
    const withoutKey = org.users.filter((user) => !user.public_key).map((user) => user._id);
    expect(withoutKey.length).toBeGreaterThan(0);
    const rows = await demo.query('select id from jumpcloud_user where public_key is null order by id');
    expect(rows.map((row) => row.id)).toEqual([...withoutKey].sort());
    expect(await demo.query(`select id from jumpcloud_user where public_key = ''`)).toEqual([]);
  });

  it('reads a zero as NULL in an int column', async () => {
    const system = org.systems[0]!;
    Object.assign(system, { systemTimezone: 0 });
    const row = await one(`select system_timezone from jumpcloud_device where id = '${system._id}'`);
    expect(row.system_timezone).toBeNull();
  });

  it('reads a boolean the API omits (or sends null) as false, and false as false', async () => {
    const user = org.users[5]!;
    const record = user as unknown as Record<string, unknown>;
    delete record.totp_enabled;
    record.password_never_expires = null;
    Object.assign(user, { suspended: false });
    const row = await one(
      `select totp_enabled, password_never_expires, suspended from jumpcloud_user where id = '${user._id}'`,
    );
    expect(row).toEqual({ totp_enabled: false, password_never_expires: false, suspended: false });
  });

  it('reads a nested boolean as NULL when its object is missing, false when only the key is', async () => {
    const [missing, keyless] = org.userGroups.slice(0, 2);
    missing!.attributes = null;
    keyless!.attributes = { posixGroups: [] };
    const rows = await demo.query(
      `select id, samba_enabled from jumpcloud_user_group where id in ('${missing!.id}', '${keyless!.id}')`,
    );
    const byId = new Map(rows.map((row) => [row.id, row.samba_enabled]));
    expect(byId.get(missing!.id)).toBeNull();
    expect(byId.get(keyless!.id)).toBe(false);
  });

  it('reads the members of an empty group as NULL, so `members is null` finds unused groups', async () => {
    const empty = org.userGroups
      .filter((group) => (org.userGroupMembers.get(group.id) ?? []).length === 0)
      .map((group) => group.name);
    expect(empty.length).toBeGreaterThan(0);
    const rows = await demo.query(
      'select name from jumpcloud_user_group where members is null order by name',
    );
    expect(rows.map((row) => row.name)).toEqual([...empty].sort());
  });

  it('keeps JSON as the API sent it: [] stays [] and false keys stay', async () => {
    const user = org.users[7]!;
    Object.assign(user, { tags: [], mfa: { configured: false, exclusion: false } });
    const row = await one(`select tags, mfa from jumpcloud_user where id = '${user._id}'`);
    expect(row).toEqual({ tags: [], mfa: { configured: false, exclusion: false } });
  });

  it('reads applescript_enabled as the plugin does: an integer, true unless zero', async () => {
    // The simulator keeps each row's JSON: a changed row is a new object.
    const index = 0;
    const app = org.apps[index]!;
    const cases: Array<[string, boolean | null]> = [
      ['1', true],
      ['0', false],
      ['2', true],
      ['-1', true],
      ['+0', false],
      ['', null],
      ['yes', null],
    ];
    for (const [sent, expected] of cases) {
      org.apps[index] = { ...app, applescript_enabled: sent };
      const rows = await demo.query(
        `select applescript_enabled from jumpcloud_device_macos_app where device_id = '${app.system_id}' and path = '${(app.path ?? '').replace(/'/g, "''")}'`,
      );
      expect(
        rows.map((row) => row.applescript_enabled),
        `applescript_enabled "${sent}"`,
      ).toContain(expected);
    }
  });
});

describe('jumpcloud_radius_server by id', () => {
  let demo: DemoEngine;
  beforeAll(async () => {
    demo = await openDemoEngine({ cache: false });
  });
  afterAll(() => demo?.close());

  it('reads `id = …` with one GET', async () => {
    const server = demo.simulator.data.orgs[0]!.radiusServers[0]!;
    demo.simulator.resetStats();
    const rows = await demo.query(`select name from jumpcloud_radius_server where id = '${server._id}'`);
    expect(rows).toEqual([{ name: server.name }]);
    expect(demo.simulator.stats().byRoute).toEqual({ 'GET /api/radiusservers/{id}': 1 });
  });
});
