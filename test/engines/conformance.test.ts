import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultSet } from '../../src/engines/engine.js';
import type { SqliteEngine } from '../../src/engines/sqlite/sqlite-engine.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { tables } from '../../src/tables/index.js';
import { type DemoEngine, openDemoEngine, openDemoSqliteEngine } from '../helpers/engine.js';

/**
 * One suite, both engines, one simulated org: the same question asked in each dialect must give
 * the same answer once representation is set aside (booleans are 0/1 in SQLite, JSON is text,
 * timestamps are ISO-8601 text). `sqlite` is given where the dialects differ.
 */
interface Case {
  name: string;
  postgres: string;
  sqlite?: string;
  /** Rows compared as a multiset (no ORDER BY); otherwise in order. */
  unordered?: boolean;
}

const CASES: Case[] = [
  ...tables.map((table) => ({
    name: `every row and column of ${table.name}`,
    postgres: `select * from ${table.name}`,
    unordered: true,
  })),
  {
    name: 'filters: equality pushed to the API, and a bare boolean',
    postgres:
      "select username, email from jumpcloud_user where department = 'Engineering' and activated order by 1",
  },
  {
    name: 'filters: negated boolean and IS NOT TRUE',
    postgres:
      'select username from jumpcloud_user where not suspended and account_locked is not true order by 1',
  },
  {
    name: 'filters: LIKE (SQLite ignores ASCII case, so the pattern is lower-case in both)',
    postgres: "select username from jumpcloud_user where email like '%.w%' order by 1",
  },
  {
    name: 'IN on the get key',
    postgres:
      'select username from jumpcloud_user where id in (select id from jumpcloud_user order by id limit 3) order by 1',
  },
  {
    name: 'IN on an API filter column',
    postgres:
      "select username, department from jumpcloud_user where department in ('Finance', 'Sales') order by 1",
  },
  {
    name: 'LIMIT and OFFSET',
    postgres: 'select username from jumpcloud_user order by username limit 4 offset 3',
  },
  {
    name: 'NULL stays NULL (no empty strings, zeros or epochs)',
    postgres:
      'select username, middle_name, password_expiration_date, employee_identifier from jumpcloud_user where middle_name is null or password_expiration_date is null order by 1',
  },
  {
    name: 'NULL counts',
    postgres:
      'select count(*) - count(middle_name), count(*) - count(password_expiration_date), count(*) - count(description) from jumpcloud_user',
  },
  {
    name: 'JSON: a member of an object',
    postgres: "select username, (mfa ->> 'configured')::boolean from jumpcloud_user order by 1",
    sqlite: "select username, mfa ->> '$.configured' from jumpcloud_user order by 1",
  },
  {
    name: 'JSON: json_extract and a nested path',
    postgres:
      "select hostname, fde -> 'active', network_interfaces -> 0 ->> 'address' from jumpcloud_device order by 1",
    sqlite:
      "select hostname, json_extract(fde, '$.active'), network_interfaces ->> '$[0].address' from jumpcloud_device order by 1",
  },
  {
    name: 'JSON: array elements joined to another table',
    postgres:
      "select g.name, u.username from jumpcloud_user_group g cross join lateral jsonb_array_elements(g.members) m join jumpcloud_user u on u.id = m ->> 'id' order by 1, 2",
    sqlite:
      "select g.name, u.username from jumpcloud_user_group g, json_each(g.members) m join jumpcloud_user u on u.id = m.value ->> '$.id' order by 1, 2",
  },
  {
    name: 'join with a key column (device software per device)',
    postgres:
      "select d.hostname, count(*) from jumpcloud_device d join jumpcloud_device_macos_app a on a.device_id = d.id where d.os = 'Mac OS X' group by 1 order by 1",
  },
  {
    name: 'aggregates over booleans',
    postgres:
      'select os, count(*), count(*) filter (where active) from jumpcloud_device group by os order by os',
    sqlite: 'select os, count(*), sum(active) from jumpcloud_device group by os order by os',
  },
  {
    name: 'timestamps compare as instants (ISO-8601 text sorts as time)',
    postgres:
      "select username from jumpcloud_user where created < '2022-01-01T00:00:00Z' order by created, 1",
  },
  {
    name: 'an unknown id finds nothing',
    postgres: "select username from jumpcloud_user where id = 'ffffffffffffffffffffffff'",
  },
];

/** A value as the Postgres engine represents it, brought to SQLite's representation. */
function fromPostgres(value: unknown, dataType: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (dataType === 'jsonb' || dataType === 'json') return normaliseJson(value);
  return value;
}

/** A value as the SQLite engine represents it, with JSON columns parsed. */
function fromSqlite(value: unknown, jsonColumn: boolean): unknown {
  if (jsonColumn && typeof value === 'string') return normaliseJson(JSON.parse(value));
  return value;
}

/** JSON with its object keys sorted (jsonb reorders them; SQLite keeps the API's order). */
function normaliseJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseJson);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, normaliseJson((value as Record<string, unknown>)[key])]),
  );
}

function rowsOf(result: ResultSet, convert: (value: unknown, index: number) => unknown): unknown[][] {
  return result.rows.map((row) => row.map(convert));
}

describe('the Postgres and SQLite engines answer alike', () => {
  let simulator: RunningSimulator;
  let postgres: DemoEngine;
  let sqlite: DemoEngine<SqliteEngine>;
  beforeAll(async () => {
    simulator = await startSimulator({ users: 150, devices: 30 });
    [postgres, sqlite] = await Promise.all([
      openDemoEngine({ running: simulator }),
      openDemoSqliteEngine({ running: simulator }),
    ]);
  });
  afterAll(async () => {
    await postgres?.close();
    await sqlite?.close();
    await simulator?.close();
  });

  const run = async (demo: DemoEngine<DemoEngine['engine'] | SqliteEngine>, sql: string) => {
    const [plan] = demo.engine.plan(sql);
    return (await demo.engine.runStatement(plan!)).result;
  };

  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const pg = await run(postgres, testCase.postgres);
      const lite = await run(sqlite, testCase.sqlite ?? testCase.postgres);
      expect(lite.columns.map((column) => column.name)).toHaveLength(pg.columns.length);
      const jsonColumns = pg.columns.map((column) => column.dataType === 'jsonb');
      const expected = rowsOf(pg, (value, index) => fromPostgres(value, pg.columns[index]!.dataType));
      const actual = rowsOf(lite, (value, index) => fromSqlite(value, jsonColumns[index]!));
      expect(pg.rows.length).toBeGreaterThan(testCase.name.startsWith('an unknown') ? -1 : 0);
      const order = (rows: unknown[][]) =>
        testCase.unordered ? rows.map((row) => JSON.stringify(row)).sort() : rows;
      expect(order(actual)).toEqual(order(expected));
    });
  }

  it('declares SQLite types for every column: text, integer, real', async () => {
    for (const table of tables) {
      const lite = await run(sqlite, `select * from ${table.name} limit 1`);
      const pg = await run(postgres, `select * from ${table.name} limit 1`);
      const expected = pg.columns.map(({ dataType }) =>
        ['int8', 'bool'].includes(dataType) ? 'integer' : dataType === 'float8' ? 'real' : 'text',
      );
      expect(lite.columns.map((column) => column.dataType)).toEqual(expected);
    }
  });
});
