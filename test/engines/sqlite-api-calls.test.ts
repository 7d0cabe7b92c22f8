import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../src/engines/engine.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { type DemoEngine, openDemoEngine, openDemoSqliteEngine } from '../helpers/engine.js';

// Exact API call counts, read from the simulator's own request log: the SQLite engine plans with
// the same planner, so each query costs what it costs on the Postgres engine.
describe('API calls for 10,000 users, SQLite engine next to Postgres', () => {
  let simulator: RunningSimulator;
  const engines: Record<'postgres' | 'sqlite', DemoEngine<SqlEngine> | undefined> = {
    postgres: undefined,
    sqlite: undefined,
  };
  beforeAll(async () => {
    simulator = await startSimulator({ users: 10_000, devices: 40, groups: 12 });
    engines.postgres = await openDemoEngine({ running: simulator, cache: false });
    engines.sqlite = await openDemoSqliteEngine({ running: simulator, cache: false });
  });
  afterAll(async () => {
    await engines.postgres?.close();
    await engines.sqlite?.close();
    await simulator?.close();
  });
  beforeEach(() => simulator.resetStats());

  const users = () => simulator.data.orgs[0]!.users;
  /** Runs the query on an engine; returns its rows and the API calls it made, by route. */
  const measure = async (kind: 'postgres' | 'sqlite', sql: string) => {
    simulator.resetStats();
    const rows = await engines[kind]!.query(sql);
    return { rows, calls: simulator.stats().byRoute };
  };

  const cases: Array<{ name: string; sql: () => string; calls: Record<string, number>; rows: number }> = [
    {
      name: 'a full scan lists 10,000 users in 102 requests (pages that start on the last item taken)',
      sql: () => 'select id, username from jumpcloud_user',
      calls: { 'GET /api/systemusers': 102 },
      rows: 10_000,
    },
    {
      name: 'id = … is one GET',
      sql: () => `select username from jumpcloud_user where id = '${users()[1234]!._id}'`,
      calls: { 'GET /api/systemusers/{id}': 1 },
      rows: 1,
    },
    {
      name: 'id IN (…) is one GET per id',
      sql: () =>
        `select username from jumpcloud_user where id in ('${users()[10]!._id}', '${users()[11]!._id}', '${users()[12]!._id}')`,
      calls: { 'GET /api/systemusers/{id}': 3 },
      rows: 3,
    },
    {
      name: 'an equality on email is an API filter',
      sql: () => `select id from jumpcloud_user where email = '${users()[4321]!.email}'`,
      calls: { 'GET /api/systemusers': 1 },
      rows: 1,
    },
    {
      name: 'a plain LIMIT fetches one page',
      sql: () => 'select username from jumpcloud_user limit 5',
      calls: { 'GET /api/systemusers': 1 },
      rows: 5,
    },
    {
      name: 'SQLite JSON syntax keeps the id pushdown',
      sql: () =>
        `select username, mfa ->> '$.configured' from jumpcloud_user where id = '${users()[99]!._id}'`,
      calls: { 'GET /api/systemusers/{id}': 1 },
      rows: 1,
    },
  ];

  /** The Postgres answer as SQLite represents it: booleans as 0/1 (the only type these queries differ in). */
  const fromPostgresRow = (row: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key === '?column?' ? "mfa ->> '$.configured'" : key,
        value === 'true' ? 1 : value === 'false' ? 0 : value,
      ]),
    );

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const sql = testCase.sql();
      const postgres = await measure('postgres', sql.replace("->> '$.configured'", "->> 'configured'"));
      const sqlite = await measure('sqlite', sql);
      expect(postgres.calls).toEqual(testCase.calls);
      expect(postgres.rows).toHaveLength(testCase.rows);
      expect(sqlite.calls).toEqual(testCase.calls);
      expect(sqlite.rows).toEqual(postgres.rows.map((row) => fromPostgresRow(row)));
    });
  }

  it('a statement the Postgres parser refuses still runs, fetching the whole table', async () => {
    const user = users()[77]!;
    const { rows, calls } = await measure(
      'sqlite',
      `select username from jumpcloud_user where id == '${user._id}' and username glob '*'`,
    );
    expect(rows).toEqual([{ username: user.username }]);
    expect(calls).toEqual({ 'GET /api/systemusers': 102 });
  });
});
