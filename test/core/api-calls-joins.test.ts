import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keyLimit } from '../../src/sdk/index.js';
import { jumpcloud_device } from '../../src/tables/jumpcloud_device.js';
import { type DemoEngine, openDemoEngine, openDemoSqliteEngine } from '../helpers/engine.js';

/** Requests a v2 list of `n` rows takes (pages of 100; the last one is read even when empty). */
const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

/** Rows as a sorted list of their JSON, to compare answers whatever their order. */
const sorted = (rows: ReadonlyArray<Record<string, unknown>>) =>
  rows.map((row) => JSON.stringify(row)).sort();

// Key pushdown through joins (docs/joins.md): exact API call counts from the simulator's log, and
// the same answers as without pushdown.
describe('API calls of joins that push keys (300 users, 40 devices)', () => {
  let demo: DemoEngine;
  let whole: DemoEngine;
  beforeAll(async () => {
    demo = await openDemoEngine({ simulator: { users: 300, devices: 40, groups: 12 }, cache: false });
    whole = await openDemoEngine({ running: demo.simulator, pushdown: false, cache: false });
  });
  afterAll(async () => {
    await whole?.close();
    await demo?.close();
  });
  beforeEach(() => demo.simulator.resetStats());

  const calls = () => demo.simulator.stats().byRoute;
  const org = () => demo.simulator.data.orgs[0]!;
  /** Runs the query with pushdown, keeping its calls, then without, and expects the same rows. */
  async function run(sql: string) {
    demo.simulator.resetStats();
    const rows = await demo.query(sql);
    const made = calls();
    const urls = demo.simulator.requestLog().map((entry) => new URL(entry.url, 'http://x'));
    expect(sorted(rows), sql).toEqual(sorted(await whole.query(sql)));
    return { rows, calls: made, urls };
  }
  const mac = () => org().systems.find((system) => system.os === 'Mac OS X')!;
  /** A user bound to at least one device, and how many devices they reach. */
  const boundUser = () =>
    org().users.find((user) => [...org().systemUsers.values()].some((ids) => ids.includes(user._id)))!;

  it("the device/apps join with d.id = 'x' is the device's get and one apps listing for it", async () => {
    const { rows, calls, urls } = await run(
      `select d.display_name, a.name from jumpcloud_device d join jumpcloud_device_macos_app a on a.device_id = d.id where d.id = '${mac()._id}'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(calls).toEqual({ 'GET /api/systems/{id}': 1, 'GET /api/v2/systeminsights/apps': 1 });
    const apps = urls.find((url) => url.pathname === '/api/v2/systeminsights/apps')!;
    expect(apps.searchParams.getAll('filter')).toEqual([`system_id:eq:${mac()._id}`]);
  });

  it("the user/user_device join with u.username = 'x' is the user lookup and that user's traversal", async () => {
    const user = boundUser();
    const { rows, calls } = await run(
      `select u.username, ud.device_id, ud.direct from jumpcloud_user u join jumpcloud_user_device ud on ud.user_id = u.id where u.username = '${user.username}'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(calls).toEqual({
      'GET /api/systemusers': 1,
      'GET /api/v2/users/{user_id}/systems': pages(rows.length),
    });
  });

  it('a join written in WHERE pushes the same keys', async () => {
    const user = boundUser();
    const { rows, calls } = await run(
      `select u.username, ud.device_id from jumpcloud_user u, jumpcloud_user_device ud where ud.user_id = u.id and u.username = '${user.username}'`,
    );
    expect(calls).toEqual({
      'GET /api/systemusers': 1,
      'GET /api/v2/users/{user_id}/systems': pages(rows.length),
    });
  });

  it('col IN (subquery) reads the dependent table by the subquery’s keys', async () => {
    const user = boundUser();
    const { rows, calls } = await run(
      `select device_id from jumpcloud_user_device where user_id in (select id from jumpcloud_user where username = '${user.username}')`,
    );
    expect(calls).toEqual({
      'GET /api/systemusers': 1,
      'GET /api/v2/users/{user_id}/systems': pages(rows.length),
    });
  });

  it("keys that come from the driver's rows go in one API filter (every Mac's apps in one listing)", async () => {
    const macs = org()
      .systems.filter((system) => system.os === 'Mac OS X')
      .map((system) => system._id);
    expect(macs.length).toBeGreaterThan(1);
    const { calls, urls } = await run(
      `select d.display_name, a.name from jumpcloud_device d join jumpcloud_device_macos_app a on a.device_id = d.id where d.os = 'Mac OS X'`,
    );
    expect(calls).toEqual({ 'GET /api/systems': 1, 'GET /api/v2/systeminsights/apps': 1 });
    const [filter] = urls
      .find((url) => url.pathname === '/api/v2/systeminsights/apps')!
      .searchParams.getAll('filter');
    expect(filter?.startsWith('system_id:in:')).toBe(true);
    expect(new Set(filter!.slice('system_id:in:'.length).split('|'))).toEqual(new Set(macs));
  });

  it('keys follow a chain: user, then their traversal, then a get per device reached', async () => {
    const user = boundUser();
    const { rows, calls } = await run(
      `select u.username, d.hostname from jumpcloud_user u join jumpcloud_user_device ud on ud.user_id = u.id join jumpcloud_device d on d.id = ud.device_id where u.username = '${user.username}'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(calls).toEqual({
      'GET /api/systemusers': 1,
      'GET /api/v2/users/{user_id}/systems': pages(rows.length),
      'GET /api/systems/{id}': rows.length,
    });
  });

  it("a driver whose table is read whole for another reference still gives only its own rows' keys", async () => {
    const user = boundUser();
    demo.simulator.resetStats();
    await demo.query('select username from jumpcloud_user');
    const listing = calls();
    const { rows, calls: made } = await run(
      `select ud.device_id, (select count(*) from jumpcloud_user) as users from jumpcloud_user u join jumpcloud_user_device ud on ud.user_id = u.id where u.username = '${user.username}'`,
    );
    expect(made).toEqual({ ...listing, 'GET /api/v2/users/{user_id}/systems': pages(rows.length) });
  });

  it('a driver with no rows reads nothing of the dependent table', async () => {
    const { rows, calls } = await run(
      `select ud.device_id from jumpcloud_user u join jumpcloud_user_device ud on ud.user_id = u.id where u.username = 'no.such.user'`,
    );
    expect(rows).toEqual([]);
    expect(calls).toEqual({ 'GET /api/systemusers': 1 });
  });

  it('more keys than reading by key is worth: the dependent table is listed instead', async () => {
    const limit = keyLimit(jumpcloud_device, 'id', new Set(['hostname']));
    const reach = await demo.query(
      'select user_id, count(*) as devices from jumpcloud_user_device group by 1',
    );
    const userWith = (test: (devices: number) => boolean) =>
      String(reach.find((row) => test(Number(row.devices)))!.user_id);
    const sql = (userId: string) =>
      `select d.hostname from jumpcloud_user_device ud join jumpcloud_device d on d.id = ud.device_id where ud.user_id = '${userId}'`;
    // Many devices: the devices are listed (one page of 40), not read one by one.
    const many = await run(sql(userWith((devices) => devices > limit)));
    expect(many.rows.length).toBeGreaterThan(limit);
    expect(many.calls).toEqual({ 'GET /api/v2/users/{user_id}/systems': 1, 'GET /api/systems': 1 });
    // A few: a get each.
    const few = await run(sql(userWith((devices) => devices > 1 && devices <= limit)));
    expect(few.calls).toEqual({
      'GET /api/v2/users/{user_id}/systems': 1,
      'GET /api/systems/{id}': few.rows.length,
    });
  });

  it('the nullable side of an outer join is not narrowed, and the answer is the same', async () => {
    const { rows, urls } = await run(
      `select d.display_name, a.name from jumpcloud_device d left join jumpcloud_device_macos_app a on a.device_id = d.id where d.os = 'Mac OS X' order by 1, 2`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const apps = urls.filter((url) => url.pathname === '/api/v2/systeminsights/apps');
    expect(apps.length).toBeGreaterThan(0);
    for (const url of apps) expect(url.searchParams.getAll('filter')).toEqual([]);
  });
});

describe('joins push keys in the SQLite engine too', () => {
  let demo: DemoEngine<Awaited<ReturnType<typeof openDemoSqliteEngine>>['engine']>;
  beforeAll(async () => {
    demo = await openDemoSqliteEngine({ simulator: { users: 300, devices: 40, groups: 12 }, cache: false });
  });
  afterAll(() => demo?.close());
  beforeEach(() => demo.simulator.resetStats());
  const org = () => demo.simulator.data.orgs[0]!;

  it("the device/apps join with d.id = 'x' and the user/user_device join with u.username = 'x'", async () => {
    const mac = org().systems.find((system) => system.os === 'Mac OS X')!;
    const apps = await demo.query(
      `select d.display_name, a.name from jumpcloud_device d join jumpcloud_device_macos_app a on a.device_id = d.id where d.id = '${mac._id}'`,
    );
    expect(apps.length).toBeGreaterThan(0);
    expect(demo.simulator.stats().byRoute).toEqual({
      'GET /api/systems/{id}': 1,
      'GET /api/v2/systeminsights/apps': 1,
    });
    demo.simulator.resetStats();
    const user = org().users.find((u) => [...org().systemUsers.values()].some((ids) => ids.includes(u._id)))!;
    const devices = await demo.query(
      `select ud.device_id from jumpcloud_user u join jumpcloud_user_device ud on ud.user_id = u.id where u.username = '${user.username}'`,
    );
    expect(devices.length).toBeGreaterThan(0);
    expect(demo.simulator.stats().byRoute).toEqual({
      'GET /api/systemusers': 1,
      'GET /api/v2/users/{user_id}/systems': pages(devices.length),
    });
  });
});
