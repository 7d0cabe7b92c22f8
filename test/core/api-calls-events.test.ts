import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteEngine } from '../../src/engines/sqlite/sqlite-engine.js';
import type { DirectoryEvent } from '../../src/simulator/data/types.js';
import { type DemoEngine, openDemoEngine, openDemoSqliteEngine } from '../helpers/engine.js';

const DAY = 86_400_000;
/** How far the planner widens a bound on now() (NOW_SLACK_MS), and a little for the test's own run. */
const SLACK = 10 * 60_000;

// Exact API calls and request bodies, read from the simulator's own request log.
describe('Directory Insights events of a 10,000-user org', () => {
  let demo: DemoEngine;
  let sqlite: DemoEngine<SqliteEngine>;
  let events: DirectoryEvent[];
  beforeAll(async () => {
    demo = await openDemoEngine({ simulator: { users: 10_000, devices: 400, groups: 12 }, cache: false });
    sqlite = await openDemoSqliteEngine({ running: demo.simulator, cache: false });
    events = demo.simulator.data.orgs[0]!.events;
  });
  afterAll(async () => {
    await sqlite?.close();
    await demo?.close();
  });
  beforeEach(() => demo.simulator.resetStats());

  const calls = () => demo.simulator.stats().byRoute;
  const bodies = () =>
    demo.simulator
      .requestLog()
      .filter((entry) => entry.route === 'POST /insights/directory/v1/events')
      .map((entry) => JSON.parse(entry.body ?? 'null') as Record<string, unknown>);
  const since = (ms: number, service?: string) =>
    events.filter((e) => Date.parse(e.timestamp) > ms && (service === undefined || e.service === service));

  it("sends timestamp > now() - interval '7 days' and service = 'sso' in one request's body", async () => {
    const before = Date.now();
    const rows = await demo.query(
      `select id, service from jumpcloud_directory_event where timestamp > now() - interval '7 days' and service = 'sso'`,
    );
    const after = Date.now();
    expect(calls()).toEqual({ 'POST /insights/directory/v1/events': 1 });
    const [body] = bodies();
    expect(body!.service).toEqual(['sso']);
    expect(body!.limit).toBe(10_000);
    const start = Date.parse(String(body!.start_time));
    expect(start).toBeGreaterThanOrEqual(before - 7 * DAY - SLACK);
    expect(start).toBeLessThanOrEqual(after - 7 * DAY);
    expect(body).not.toHaveProperty('end_time');
    // The rows are the engine's: sso events of the last 7 days (the pushed bound only narrowed).
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.every((row) => row.service === 'sso')).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(since(after - 7 * DAY, 'sso').length);
    expect(rows.length).toBeLessThanOrEqual(since(before - 7 * DAY, 'sso').length);
  });

  it('reads 30 days of every service in the pages it needs, chained by search_after', async () => {
    const from = new Date(demo.simulator.data.now - 30 * DAY).toISOString();
    const rows = await demo.query(`select id from jumpcloud_directory_event where timestamp >= '${from}'`);
    const expected = events.filter((e) => e.timestamp >= from);
    expect(expected.length).toBeGreaterThan(10_000); // two pages
    expect(rows).toHaveLength(expected.length);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(expected.map((e) => e.id)));
    expect(calls()).toEqual({ 'POST /insights/directory/v1/events': 2 });
    const [first, second] = bodies();
    expect(first).toEqual({ service: ['all'], start_time: from, limit: 10_000 });
    const last = expected[9_999]!;
    expect(second).toEqual({ ...first, search_after: [Date.parse(last.timestamp), last.id] });
  });

  it('sends BETWEEN as start_time and end_time, and event_type and success as a search term', async () => {
    const from = '2026-01-01T00:00:00.000Z';
    const to = new Date(demo.simulator.data.now - 3 * DAY).toISOString();
    const rows = await demo.query(
      `select id from jumpcloud_directory_event where timestamp between '${from}' and '${to}' and event_type = 'user_login_attempt' and not success`,
    );
    expect(calls()).toEqual({ 'POST /insights/directory/v1/events': 1 });
    expect(bodies()[0]).toEqual({
      service: ['all'],
      start_time: from,
      end_time: new Date(Date.parse(to) + 1).toISOString(),
      search_term: { and: { event_type: 'user_login_attempt', success: false } },
      limit: 10_000,
    });
    const expected = events.filter(
      (e) => e.timestamp >= from && e.timestamp <= to && e.event_type === 'user_login_attempt' && !e.success,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(expected.length);
  });

  it("sends initiated_by->>'username' and resource->>'type' as search terms, lowercased, with the exact answer", async () => {
    const admin = events.find((e) => e.event_type === 'user_update')!;
    const username = String((admin.initiated_by as { username: string }).username);
    const from = new Date(demo.simulator.data.now - 30 * DAY).toISOString();
    const where = (path: (column: string, key: string) => string) =>
      `where timestamp > '${from}' and ${path('initiated_by', 'username')} in ('${username.toUpperCase()}', '${username}') and ${path('resource', 'type')} = 'user'`;
    const expected = events.filter(
      (e) =>
        e.timestamp > from &&
        (e.initiated_by as { username?: string }).username === username &&
        (e.resource as { type?: string } | undefined)?.type === 'user',
    );
    expect(expected.length).toBeGreaterThan(0);
    const postgres = await demo.query(
      `select id from jumpcloud_directory_event ${where((column, key) => `${column}->>'${key}'`)}`,
    );
    const sqliteRows = await sqlite.query(
      `select id from jumpcloud_directory_event ${where((column, key) => `json_extract(${column}, '$.${key}')`)}`,
    );
    for (const rows of [postgres, sqliteRows]) {
      expect(new Set(rows.map((row) => row.id))).toEqual(new Set(expected.map((e) => e.id)));
    }
    expect(calls()).toEqual({ 'POST /insights/directory/v1/events': 2 });
    for (const body of bodies()) {
      expect(body.search_term).toEqual({
        and: { 'initiated_by.username': username.toLowerCase(), 'resource.type': 'user' },
      });
    }
  });

  it('does not push a key that initiated_by does not declare, nor a text comparison of the whole column', async () => {
    await demo.query(
      `select id from jumpcloud_directory_event where initiated_by->>'display_name' = 'x' and initiated_by::text = '{}'`,
    );
    expect(bodies()[0]!.search_term).toBeUndefined();
  });

  it('reads the last 24 hours without a timestamp condition, and says so on the notice channel', async () => {
    const notices: string[] = [];
    const [plan] = demo.engine.plan('select count(*) as n from jumpcloud_directory_event');
    const before = Date.now();
    const { result } = await demo.engine.runStatement(plan!, { notice: (line) => notices.push(line) });
    expect(calls()).toEqual({ 'POST /insights/directory/v1/events': 1 });
    const start = Date.parse(String(bodies()[0]!.start_time));
    expect(Math.abs(start - (before - DAY))).toBeLessThan(60_000);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /only the 24 hours .* were read; add e\.g\. "where timestamp > now\(\) - interval '7 days'"/,
    );
    expect(Number(result.rows[0]![0])).toBe(since(start).length);
  });

  it('pushes a plain LIMIT, also with service =', async () => {
    const rows = await demo.query(
      `select id from jumpcloud_directory_event where service = 'radius' limit 5`,
    );
    expect(rows).toHaveLength(5);
    expect(calls()).toEqual({ 'POST /insights/directory/v1/events': 1 });
    expect(bodies()[0]).toMatchObject({ service: ['radius'], limit: 5 });
  });

  it('makes no request for a window that starts in the future or ends before it starts', async () => {
    expect(
      await demo.query(
        `select id from jumpcloud_directory_event where timestamp > now() + interval '2 days'`,
      ),
    ).toEqual([]);
    expect(
      await demo.query(
        `select id from jumpcloud_directory_event where timestamp > '2026-06-02' and timestamp < '2026-06-01'`,
      ),
    ).toEqual([]);
    expect(calls()).toEqual({});
  });

  it("pushes SQLite's datetime(timestamp) > datetime('now', '-7 days'), a day wider, with the same answer", async () => {
    const sql = `select count(*) as n from jumpcloud_directory_event where datetime(timestamp) > datetime('now', '-7 days') and service = 'sso'`;
    const before = Date.now();
    const [row] = await sqlite.query(sql);
    expect(calls()).toEqual({ 'POST /insights/directory/v1/events': 1 });
    const body = bodies()[0]!;
    expect(body.service).toEqual(['sso']);
    const start = Date.parse(String(body.start_time));
    expect(start).toBeGreaterThanOrEqual(before - 8 * DAY - SLACK - 2000);
    expect(start).toBeLessThanOrEqual(before - 8 * DAY);
    const expected = since(before - 7 * DAY, 'sso').length;
    expect(Math.abs(Number(row!.n) - expected)).toBeLessThanOrEqual(2); // events in the seconds the test ran
  });
});
