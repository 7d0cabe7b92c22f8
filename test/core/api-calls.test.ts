import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';

// Exact API call counts, read from the simulator's own request log (not from the client).
describe('API calls for 10,000 users', () => {
  let demo: DemoEngine;
  beforeAll(async () => {
    demo = await openDemoEngine({ simulator: { users: 10_000, devices: 40, groups: 12 }, cache: false });
  });
  afterAll(() => demo?.close());
  beforeEach(() => demo.simulator.resetStats());

  const calls = () => demo.simulator.stats().byRoute;

  it('lists 10,000 users in 102 requests (pages that start on the last item taken)', async () => {
    const rows = await demo.query('select id, username from jumpcloud_user');
    expect(rows).toHaveLength(10_000);
    expect(new Set(rows.map((row) => row.id)).size).toBe(10_000);
    expect(calls()).toEqual({ 'GET /api/systemusers': 102 });
  });

  it('reads one user by id with one GET', async () => {
    const user = demo.simulator.data.orgs[0]!.users[1234]!;
    const rows = await demo.query(`select username from jumpcloud_user where id = '${user._id}'`);
    expect(rows).toEqual([{ username: user.username }]);
    expect(calls()).toEqual({ 'GET /api/systemusers/{id}': 1 });
  });

  it('reads two users by id with two GETs', async () => {
    const [a, b] = demo.simulator.data.orgs[0]!.users.slice(10, 12);
    const rows = await demo.query(
      `select username from jumpcloud_user where id in ('${a!._id}', '${b!._id}') order by 1`,
    );
    expect(rows.map((row) => row.username)).toEqual([a!.username, b!.username].sort());
    expect(calls()).toEqual({ 'GET /api/systemusers/{id}': 2 });
  });

  it('answers an unknown id with no row after one GET', async () => {
    const rows = await demo.query(
      `select username from jumpcloud_user where id = 'ffffffffffffffffffffffff'`,
    );
    expect(rows).toEqual([]);
    expect(calls()).toEqual({ 'GET /api/systemusers/{id}': 1 });
  });

  it('fetches one page for a plain limit 5', async () => {
    const rows = await demo.query('select username from jumpcloud_user limit 5');
    expect(rows).toHaveLength(5);
    expect(calls()).toEqual({ 'GET /api/systemusers': 1 });
    expect(demo.simulator.requestLog().at(-1)?.url).toContain('limit=5');
  });

  it('does not push a limit past an ORDER BY', async () => {
    const rows = await demo.query('select username from jumpcloud_user order by username limit 5');
    expect(rows).toHaveLength(5);
    expect(calls()).toEqual({ 'GET /api/systemusers': 102 });
  });

  it('sends an equality on email as an API filter', async () => {
    const user = demo.simulator.data.orgs[0]!.users[4321]!;
    const rows = await demo.query(`select id from jumpcloud_user where email = '${user.email}'`);
    expect(rows).toEqual([{ id: user._id }]);
    expect(calls()).toEqual({ 'GET /api/systemusers': 1 });
  });

  it('makes no hydrate call when no hydrate column is selected', async () => {
    await demo.query('select name, id from jumpcloud_user_group');
    expect(calls()).toEqual({ 'GET /api/v2/usergroups': 1 });
  });

  it("asks the list for the fields of the query's columns only", async () => {
    const rows = await demo.query(`select username, email, mfa from jumpcloud_user where username like 'a%'`);
    expect(rows.length).toBeGreaterThan(0);
    const fields = demo.simulator
      .requestLog()
      .map((entry) => new URL(entry.url, 'http://x').searchParams.get('fields'));
    expect(fields).toHaveLength(102);
    expect(new Set(fields)).toEqual(new Set(['_id username email mfa']));
    const full = demo.simulator.data.orgs[0]!.users.find((user) => user.username === rows[0]!.username)!;
    expect(rows[0]).toEqual({ username: full.username, email: full.email, mfa: full.mfa });
  });

  it('counts rows with lists of ids only', async () => {
    const [{ count }] = (await demo.query('select count(*) from jumpcloud_user')) as [{ count: unknown }];
    expect(Number(count)).toBe(10_000);
    const fields = demo.simulator
      .requestLog()
      .map((entry) => new URL(entry.url, 'http://x').searchParams.get('fields'));
    expect(new Set(fields)).toEqual(new Set(['_id']));
  });

  it('asks System Insights for one device only with device_id =', async () => {
    const mac = demo.simulator.data.orgs[0]!.systems.find((system) => system.os === 'Mac OS X')!;
    const rows = await demo.query(
      `select name from jumpcloud_device_macos_app where device_id = '${mac._id}'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(calls()).toEqual({ 'GET /api/v2/systeminsights/apps': 1 });
  });
});

describe('the scan cache', () => {
  let demo: DemoEngine;
  beforeAll(async () => {
    demo = await openDemoEngine();
  });
  afterAll(() => demo?.close());

  it('makes one members call per group when members is selected', async () => {
    const groups = demo.simulator.data.orgs[0]!.userGroups.length;
    demo.simulator.resetStats();
    await demo.query('select name, members from jumpcloud_user_group');
    expect(demo.simulator.stats().byRoute['GET /api/v2/usergroups/{group_id}/members']).toBe(groups);
  });

  it('answers a repeated query inside the TTL with no API call', async () => {
    const first = await demo.query('select id, members from jumpcloud_user_group order by id');
    demo.simulator.resetStats();
    const second = await demo.query('select id, members from jumpcloud_user_group order by id');
    expect(second).toEqual(first);
    expect(demo.simulator.stats().total).toBe(0);
  });

  it('with the cache on, lists fetch every column (never unused fields), so later queries are served', async () => {
    demo.connections.default[0]!.cache.clear();
    demo.simulator.resetStats();
    await demo.query('select id from jumpcloud_user');
    const [entry] = demo.simulator.requestLog();
    const fields = new URL(entry!.url, 'http://x').searchParams.get('fields')!.split(' ');
    expect(fields).toContain('username');
    expect(fields).not.toContain('phoneNumbers'); // in every user, read by no column
    demo.simulator.resetStats();
    const rows = await demo.query('select username, mfa, created from jumpcloud_user order by id');
    expect(rows[0]!.username).toEqual(expect.any(String));
    expect(demo.simulator.stats().total).toBe(0);
  });

  it('serves a filtered query from a cached full scan', async () => {
    await demo.query('select id from jumpcloud_device');
    demo.simulator.resetStats();
    const rows = await demo.query(`select id from jumpcloud_device where os = 'Windows'`);
    expect(rows.length).toBeGreaterThan(0);
    expect(demo.simulator.stats().total).toBe(0);
  });
});
