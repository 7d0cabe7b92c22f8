import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SqlEngine } from '../../src/engines/engine.js';
import { describeError, EXIT } from '../../src/errors.js';
import { allColumns } from '../../src/sdk/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { insightsRoutes } from '../../src/simulator/routes/insights.js';
import { v1Routes } from '../../src/simulator/routes/v1.js';
import { v2Routes } from '../../src/simulator/routes/v2.js';
import { jcsql } from '../helpers/cli.js';
import { type DemoEngine, openDemoEngine, openDemoSqliteEngine, sampledTables } from '../helpers/engine.js';
import { type DemoServer, openDemoServer } from '../helpers/serve.js';

/**
 * jcsql never writes to JumpCloud. Every kind of SQL that would write to (or alter) a JumpCloud
 * table gets a clear error on both engines and through serve, the local copy keeps its rows, and
 * the simulator sees no write; and the client, driven through every table, every hydrate column,
 * every get and key-column path, sends nothing but GET and the read-only POSTs. (The suite-wide
 * guard, test/setup/write-guard.ts, fails any test whose simulator received a write.)
 */

const READ_ONLY = /jumpcloud_\w+ is read-only: jcsql never writes to JumpCloud/;
const USER = '5e615dd30000010000000001';

/** Postgres: every statement kind that writes to, alters or locks for writing a JumpCloud table. */
const POSTGRES_WRITES: string[] = [
  "insert into jumpcloud_user (id, username) values ('x', 'x')",
  'insert into jumpcloud_user select * from jumpcloud_user',
  "insert into jumpcloud_user (id) values ('x') on conflict do nothing",
  "insert into public.jumpcloud_user (id) values ('x') returning id",
  "update jumpcloud_user set username = 'x'",
  `update jumpcloud_user set username = 'x' where id = '${USER}'`,
  "update jumpcloud_user u set username = 'x' from jumpcloud_device d where d.id = u.id",
  'update "jumpcloud_user" set username = \'x\' returning id',
  'delete from jumpcloud_user',
  `delete from jumpcloud_device where id = '${USER}'`,
  'delete from jumpcloud_user u using jumpcloud_device d where d.id = u.id',
  "merge into jumpcloud_user u using (select 'x' as id) s on u.id = s.id when matched then update set username = 'x' when not matched then insert (id) values (s.id)",
  'merge into jumpcloud_user u using jumpcloud_device d on u.id = d.id when matched then delete',
  'truncate jumpcloud_user',
  'truncate table jumpcloud_user, jumpcloud_device',
  'drop table jumpcloud_user',
  'drop table if exists jumpcloud_user_group cascade',
  'drop table jumpcloud_organization, jumpcloud_application',
  'drop view jumpcloud_user',
  'drop foreign table jumpcloud_user',
  'alter table jumpcloud_user add column x int',
  'alter table jumpcloud_user drop column username',
  'alter table jumpcloud_user rename to jc_users',
  'alter table jumpcloud_user rename column username to login',
  'alter table if exists public.jumpcloud_device alter column hostname set default 0',
  'create index on jumpcloud_user (username)',
  'create unique index u on jumpcloud_device (id)',
  'create rule r as on insert to jumpcloud_user do instead nothing',
  'create trigger t before update on jumpcloud_user for each row execute function suppress_redundant_updates_trigger()',
  'create table jumpcloud_user (id text)',
  'create temp table jumpcloud_user (id text)',
  'create view jumpcloud_user as select 1',
  'create table jumpcloud_radius_server as select 1 as id',
  "comment on table jumpcloud_user is 'x'",
  'copy jumpcloud_user from stdin',
  "copy jumpcloud_user (id) from '/dev/null'",
  "copy jumpcloud_user from program 'true'",
  'with d as (delete from jumpcloud_user returning id) select count(*) from d',
  "with u as (update jumpcloud_user set username = 'x' returning id) select count(*) from u",
  "with i as (insert into jumpcloud_user (id) values ('x') returning id) select * from i",
  'with d as (delete from jumpcloud_device returning id) select id from jumpcloud_user',
  'select * from jumpcloud_user for update',
  'select id from jumpcloud_user for no key update',
  'select id from jumpcloud_device for share',
  'select u.id from jumpcloud_user u join jumpcloud_device d on true for update of u',
  'lock table jumpcloud_user in access exclusive mode',
  'grant insert on jumpcloud_user to public',
  'select * from jumpcloud_user; delete from jumpcloud_user',
  'do $$ begin delete from jumpcloud_user; end $$',
  'prepare p as delete from jumpcloud_user; execute p',
  'create function f() returns void language sql as $$ delete from jumpcloud_user $$; select f()',
];

/** SQLite: the same intents in its own dialect. */
const SQLITE_WRITES: string[] = [
  "insert into jumpcloud_user (id, username) values ('x', 'x')",
  'insert into jumpcloud_user select * from jumpcloud_user',
  "insert or replace into jumpcloud_user (id) values ('x')",
  "insert or ignore into main.jumpcloud_user (id) values ('x')",
  "insert into jumpcloud_user (id) values ('x') on conflict do nothing",
  "replace into jumpcloud_user (id) values ('x')",
  "update jumpcloud_user set username = 'x'",
  `update or ignore jumpcloud_user set username = 'x' where id = '${USER}'`,
  'update "jumpcloud_user" set username = \'x\' returning id',
  'delete from jumpcloud_user',
  `delete from jumpcloud_device where id = '${USER}'`,
  'with t as (select 1) delete from jumpcloud_user',
  "with t as (select 1) update jumpcloud_user set username = 'x'",
  'drop table jumpcloud_user',
  'drop table if exists jumpcloud_user_group',
  'drop view jumpcloud_user',
  'alter table jumpcloud_user add column x int',
  'alter table jumpcloud_user rename to jc_users',
  'alter table jumpcloud_user rename column username to login',
  'alter table jumpcloud_user drop column username',
  'create index i on jumpcloud_user (username)',
  'create unique index u on jumpcloud_device (id)',
  'create trigger t before update on jumpcloud_user begin select 1; end',
  'create table jumpcloud_user (id text)',
  'create temp table jumpcloud_user (id text)',
  'create view jumpcloud_user as select 1',
  'create table jumpcloud_radius_server as select 1 as id',
  'select * from jumpcloud_user; delete from jumpcloud_user',
];

/** A clear error: the read-only one, or Postgres/SQLite saying the name is taken (CREATE of a JumpCloud table's name). */
const SHADOW = /jumpcloud_\w+ is a JumpCloud table: a table or view of that name would hide it/;
const IN_BODY = /jumpcloud_\w+ cannot be used inside a DO block or a function/;
const clearError = (sql: string): RegExp => {
  if (/^create (temp )?(table|view) jumpcloud_\w+ (\(|as)/.test(sql)) return SHADOW;
  if (/^(do |create function )/.test(sql)) return IN_BODY;
  return READ_ONLY;
};

describe('SQL that writes to a JumpCloud table gets a clear error, and JumpCloud sees no write', () => {
  const engines: Array<{
    kind: 'postgres' | 'sqlite';
    statements: string[];
    open: (simulator: RunningSimulator | undefined) => Promise<DemoEngine<SqlEngine>>;
  }> = [
    { kind: 'postgres', statements: POSTGRES_WRITES, open: (running) => openDemoEngine({ running }) },
    { kind: 'sqlite', statements: SQLITE_WRITES, open: (running) => openDemoSqliteEngine({ running }) },
  ];
  for (const { kind, statements, open } of engines) {
    describe(`the ${kind} engine (${statements.length} statements)`, () => {
      let demo: DemoEngine<SqlEngine>;
      let simulator: RunningSimulator;
      let users: number;
      /** A statement that was not refused may have changed the session: the next test gets a fresh one. */
      let spoilt = false;
      beforeAll(async () => {
        demo = await open(undefined);
        simulator = demo.simulator;
        users = simulator.data.orgs[0]!.users.length;
      });
      afterEach(async () => {
        if (!spoilt) return;
        spoilt = false;
        await demo.engine.close();
        demo = await open(simulator);
      });
      afterAll(async () => {
        await demo?.engine.close();
        await simulator?.close();
      });

      const run = async (sql: string) => {
        try {
          for (const plan of demo.engine.plan(sql)) await demo.engine.runStatement(plan);
          return undefined;
        } catch (error) {
          return error;
        }
      };

      for (const sql of statements) {
        it(sql, async () => {
          const error = await run(sql);
          if (!clearError(sql).test(describeError(error))) spoilt = true;
          expect(error, `${sql} ran`).toBeInstanceOf(Error);
          expect(describeError(error)).toMatch(clearError(sql));
          // The local copy is whole: the next query sees every user.
          expect(await demo.query('select count(*) as n from jumpcloud_user')).toEqual([{ n: users }]);
          expect(simulator.stats().writes).toBe(0);
        });
      }
    });
  }
});

/**
 * SQL built at run time (EXECUTE in a DO block) is out of the statement check's sight: Postgres
 * itself refuses it, because statements run as a role that neither owns the tables nor may write
 * them. PGlite's session user is the superuser, which dynamic SQL can take back: then the write
 * lands, but no later statement sees it (the loader sees the write and loads the rows again), and
 * what would survive a reload (a trigger, a child table, a new owner) or hide a table makes later
 * statements fail instead of answering.
 */
const dynamic = (...sqls: string[]) => `do $$ begin ${sqls.map((sql) => `execute ${sql};`).join(' ')} end $$`;
const PLANT = "'insert into jumpcloud_' || 'user (id, username) values (''x'', ''backdoor.admin'')'";
const DYNAMIC_WRITES: string[] = [
  dynamic("'delete from jumpcloud_' || 'user'"),
  dynamic(PLANT),
  dynamic("'update jumpcloud_' || 'user set username = ''backdoor.admin'''"),
  dynamic("'truncate jumpcloud_' || 'user'"),
  dynamic("'alter table jumpcloud_' || 'user rename to x'"),
  dynamic("'alter table jumpcloud_' || 'user disable trigger all'"),
  dynamic("'alter table jumpcloud_' || 'user owner to jcsql_reader'"),
  dynamic("'drop table jumpcloud_' || 'user'"),
  dynamic("'create rule r as on insert to jumpcloud_' || 'user do instead nothing'"),
  dynamic(
    "'create trigger t before insert on jumpcloud_' || 'user for each row execute function suppress_redundant_updates_trigger()'",
  ),
  dynamic("'create table x () inherits (jumpcloud_' || 'user)'"),
];
/** Takes the superuser back first: the write lands, but no later statement sees it. */
const ESCAPES: string[] = [
  dynamic("'reset ' || 'role'", PLANT),
  dynamic("'reset ' || 'role'", "'delete from jumpcloud_' || 'user'"),
  dynamic("'set session authorization ' || 'postgres'", PLANT),
  `do $$ begin perform set_config('role', 'postgres', false); execute ${PLANT}; execute 'set role jcsql_reader'; end $$`,
];
/** Takes the superuser back and changes what a reload would keep: later statements are refused. */
const ALTERATIONS: Array<[string, string]> = [
  [
    'a trigger that plants a row while the table loads',
    dynamic(
      "'reset ' || 'role'",
      "'create function public.plant() returns trigger language plpgsql as $f$ begin insert into public.jumpcloud_' || 'user (id, username) values (''x'', ''backdoor.admin''); return null; end $f$'",
      "'create trigger plant after truncate on public.jumpcloud_' || 'user execute function public.plant()'",
      "'set role jcsql_reader'",
    ),
  ],
  [
    'a child table, whose rows a select of the table returns',
    dynamic(
      "'reset ' || 'role'",
      "'create table public.c () inherits (public.jumpcloud_' || 'user)'",
      "'insert into public.c (id, username) values (''x'', ''backdoor.admin'')'",
    ),
  ],
  [
    'a new owner, who may write',
    dynamic("'reset ' || 'role'", "'alter table jumpcloud_' || 'user owner to jcsql_reader'"),
  ],
];
const HIDING = dynamic(
  "'create temp table jumpcloud_' || 'user as select ''x'' as id, ''backdoor.admin'' as username'",
);

describe('dynamic SQL cannot write to a JumpCloud table (postgres engine)', () => {
  let demo: DemoEngine;
  let users: number;
  beforeAll(async () => {
    demo = await openDemoEngine();
    users = demo.simulator.data.orgs[0]!.users.length;
  });
  afterAll(async () => {
    await demo?.close();
  });
  const run = async (engine: DemoEngine, sql: string) => {
    try {
      for (const plan of engine.engine.plan(sql)) await engine.engine.runStatement(plan);
      return undefined;
    } catch (error) {
      return error;
    }
  };
  const whole = async () => {
    expect(await demo.query('select count(*)::int as n from jumpcloud_user')).toEqual([{ n: users }]);
    expect(await demo.query("select id from jumpcloud_user where username = 'backdoor.admin'")).toEqual([]);
  };

  it('loads the tables first', whole);
  it('loads rows the cache serves again only once: a repeat finds them as the load wrote them', async () => {
    // xmin is the transaction that wrote a row: a load of the same rows again would change it.
    const writtenBy = 'select distinct xmin::text as xid from jumpcloud_user';
    const first = await demo.query(writtenBy);
    expect(first).toHaveLength(1);
    expect(await demo.query(writtenBy)).toEqual(first);
  });
  for (const sql of DYNAMIC_WRITES) {
    it(sql, async () => {
      const error = await run(demo, sql);
      expect(error, `${sql} ran`).toBeInstanceOf(Error);
      expect(describeError(error)).toMatch(READ_ONLY);
      await whole();
    });
  }
  for (const sql of ESCAPES) {
    it(`a later statement does not see: ${sql}`, async () => {
      expect(await run(demo, sql)).toBeUndefined(); // it did write
      await whole();
    });
  }
  // Each leaves its engine refusing: one engine each.
  for (const [what, sql] of ALTERATIONS) {
    it(`a later statement is refused after ${what}`, async () => {
      const own = await openDemoEngine();
      try {
        await own.query('select count(*) from jumpcloud_user');
        expect(await run(own, sql)).toBeUndefined();
        const error = await run(own, "select id from jumpcloud_user where username = 'backdoor.admin'");
        expect(describeError(error)).toMatch(
          /A statement altered a JumpCloud table .*can no longer be trusted/,
        );
      } finally {
        await own.close();
      }
    });
  }
  it('a table made by dynamic SQL to hide a JumpCloud table is refused, not read, even before the first load', async () => {
    const own = await openDemoEngine();
    try {
      expect(await run(own, HIDING)).toBeUndefined();
      const error = await run(own, 'select username from jumpcloud_user');
      expect(describeError(error)).toMatch(/jumpcloud_user is hidden by pg_temp_\d+\.jumpcloud_user/);
      expect(await run(own, 'drop table pg_temp.jumpcloud_user')).toBeUndefined();
      expect(await own.query('select count(*)::int as n from jumpcloud_user')).toEqual([{ n: users }]);
    } finally {
      await own.close();
    }
  });
});

describe('through the CLI: one clear line, exit 41', () => {
  for (const [engine, sql] of [
    ['postgres', 'delete from jumpcloud_user'],
    [
      'postgres',
      'merge into jumpcloud_user u using jumpcloud_device d on u.id = d.id when matched then delete',
    ],
    ['postgres', 'with d as (delete from jumpcloud_user returning id) select count(*) from d'],
    ['sqlite', "replace into jumpcloud_user (id) values ('x')"],
    ['postgres', DYNAMIC_WRITES[1]!],
  ] as const) {
    it(`${engine}: ${sql}`, async () => {
      const run = await jcsql(['query', '--demo', '--engine', engine, sql]);
      expect(run.code).toBe(EXIT.queryFailed);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^Error: jumpcloud_\w+ is read-only: jcsql never writes to JumpCloud\. .+\n$/,
      );
    });
  }
  it('postgres: a row planted by dynamic SQL as the superuser is not in a later statement of the script', async () => {
    const run = await jcsql([
      'query',
      '--demo',
      '--output',
      'csv',
      `${ESCAPES[0]}; select count(*) as planted from jumpcloud_user where username = 'backdoor.admin'`,
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('planted\n0\n');
    expect(run.code).toBe(0);
  });
});

describe('through serve', () => {
  let demo: DemoServer;
  let client: pg.Client;
  /** A statement that was not refused may have changed the session: the next test gets a fresh one. */
  let spoilt = false;
  const connect = async () => {
    client = new pg.Client(demo.connection);
    await client.connect();
  };
  beforeAll(async () => {
    demo = await openDemoServer();
    await connect();
  });
  afterEach(async () => {
    if (!spoilt) return;
    spoilt = false;
    await client.end();
    await connect();
  });
  afterAll(async () => {
    await client?.end();
    await demo?.close();
  });

  // The extended protocol (parse/bind/execute) too: pg sends it when there are parameters.
  const cases = [
    ...POSTGRES_WRITES.filter((sql) => !sql.includes(';') && !sql.includes('from stdin')).map(
      (sql) => [sql, undefined] as const,
    ),
    ['update jumpcloud_user set username = $1 where id = $2', ['x', USER]] as const,
    ['delete from jumpcloud_user where id = $1', [USER]] as const,
    ['with d as (delete from jumpcloud_user where id = $1 returning id) select * from d', [USER]] as const,
  ];
  for (const [sql, params] of cases) {
    it(sql, async () => {
      const error = await client.query(sql, params ? [...params] : undefined).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      if (!['25006', '42P07'].includes((error as { code?: string })?.code ?? '')) spoilt = true;
      expect(error, `${sql} ran`).toBeInstanceOf(Error);
      const { code, message } = error as { code: string; message: string };
      // A name that would hide a JumpCloud table is a duplicate_table, any other write read_only_sql_transaction.
      expect(code).toBe(clearError(sql) === SHADOW ? '42P07' : '25006');
      expect(message).toMatch(clearError(sql));
      const { rows } = await client.query('select count(*)::int as n from jumpcloud_user');
      expect(rows).toEqual([{ n: demo.simulator.data.orgs[0]!.users.length }]);
      expect(demo.simulator.stats().writes).toBe(0);
    });
  }
});

describe('through serve, dynamic SQL cannot write either', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await openDemoServer();
  });
  afterAll(async () => {
    await demo?.close();
  });
  const planted = async (client: pg.Client) =>
    (await client.query("select id from jumpcloud_user where username = 'backdoor.admin'")).rows;

  it('a DO block that inserts fails; a later select (the same session, as a pooled connection is) sees no planted row', async () => {
    const client = new pg.Client(demo.connection);
    await client.connect();
    try {
      const { rows } = await client.query('select count(*)::int as n from jumpcloud_user');
      for (const sql of DYNAMIC_WRITES) {
        const error = await client.query(sql).then(
          () => undefined,
          (thrown: unknown) => thrown as { code?: string },
        );
        expect(error?.code, sql).toBe('42501'); // insufficient_privilege
      }
      expect(await planted(client)).toEqual([]);
      for (const sql of ESCAPES) {
        await client.query(sql).catch(() => {});
        expect(await planted(client)).toEqual([]);
        expect((await client.query('select count(*)::int as n from jumpcloud_user')).rows).toEqual(rows);
      }
      // Inside a transaction too (the loader joins it).
      await client.query('begin');
      await client.query(ESCAPES[0]!);
      expect(await planted(client)).toEqual([]);
      await client.query('commit');
      expect(await planted(client)).toEqual([]);
      // Another connection of the pool: a session of its own, which never saw any of it.
      const other = new pg.Client(demo.connection);
      await other.connect();
      try {
        expect(await planted(other)).toEqual([]);
        expect((await other.query('select count(*)::int as n from jumpcloud_user')).rows).toEqual(rows);
      } finally {
        await other.end();
      }
      // What a reload would keep (a trigger that plants a row during it): later statements fail.
      await client.query(ALTERATIONS[0]![1]);
      await expect(planted(client)).rejects.toMatchObject({
        code: '55000',
        message: expect.stringMatching(/^A statement altered a JumpCloud table/),
      });
      expect(demo.simulator.stats().writes).toBe(0);
    } finally {
      await client.end();
    }
  });
});

describe('the client sends only GET and the read-only POSTs', () => {
  const READ_ONLY_POSTS = new Set(
    [...v1Routes, ...v2Routes, ...insightsRoutes]
      .filter((route) => route.method === 'POST')
      .map((route) => `POST ${route.template}`),
  );
  /** Every request that left this process through fetch, whatever it was sent to. */
  const sent: Array<{ method: string; url: string }> = [];
  let simulator: RunningSimulator;
  const realFetch = globalThis.fetch;
  beforeAll(() => {
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const request = input instanceof Request ? input : undefined;
      sent.push({
        method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
        url: String(request?.url ?? input),
      });
      return realFetch(input, init);
    });
  });
  afterAll(() => vi.restoreAllMocks());

  it('through every table: all columns (every hydrate), by key, by key column, on both engines and export', async () => {
    const postgres = await openDemoEngine({ cache: false });
    simulator = postgres.simulator;
    const sqlite = await openDemoSqliteEngine({ cache: false, running: simulator });
    const org = simulator.data.orgs[0]!;
    const device = org.systems[0]!._id;
    try {
      for (const table of sampledTables) {
        const statements = [`select * from ${table.name}`];
        if (table.get) {
          const key = table.get.keyColumn;
          const [row] = await postgres.query(`select ${key} from ${table.name} limit 1`);
          expect(row, `a row of ${table.name}`).toBeDefined();
          statements.push(`select * from ${table.name} where ${key} = '${row![key]}'`);
        }
        for (const key of table.list.keyColumns ?? []) {
          // A device's id where the key names devices, else a value the table has (a bool, a group's id).
          const [row] = await postgres.query(
            `select ${key} from ${table.name} where ${key} is not null limit 1`,
          );
          const value = key === 'device_id' || row === undefined ? device : row[key];
          statements.push(
            `select * from ${table.name} where ${key} = ${typeof value === 'string' ? `'${value}'` : String(value)}`,
          );
        }
        for (const sql of statements) {
          for (const engine of [postgres, sqlite]) {
            const rows = await engine.query(sql);
            if (sql === `select * from ${table.name}`) expect(rows.length, sql).toBeGreaterThan(0);
            // Every column was asked for, so every hydrate ran.
            if (rows[0])
              expect(Object.keys(rows[0]).sort()).toEqual(
                allColumns(table)
                  .map((c) => c.name)
                  .sort(),
              );
          }
        }
        const exported = await jcsql(['export', table.name, '--output', 'jsonl'], {
          env: {
            JUMPCLOUD_API_KEY: simulator.apiKey,
            JUMPCLOUD_API_URL: simulator.url,
            JCSQL_CONFIG_DIR: '',
          },
        });
        expect(exported.code, exported.stderr).toBe(0);
      }
    } finally {
      await sqlite.close();
      await postgres.close();
    }

    const log = simulator.requestLog();
    const byMethod = (entries: Array<{ method: string }>) =>
      entries.reduce<Record<string, number>>((counts, { method }) => {
        counts[method] = (counts[method] ?? 0) + 1;
        return counts;
      }, {});
    const notRead = log.filter((entry) => entry.method !== 'GET' && !READ_ONLY_POSTS.has(entry.route));
    expect(notRead).toEqual([]);
    expect(sent.filter((request) => request.method !== 'GET' && request.method !== 'POST')).toEqual([]);
    expect(simulator.stats().writes).toBe(0);
    // It really went everywhere: many routes, many requests.
    const routes = new Set(log.map((entry) => entry.route));
    expect(routes.size).toBeGreaterThanOrEqual(15);
    expect(log.length).toBeGreaterThan(100);
    console.info(
      `[read-only] ${log.length} requests to the simulator over ${routes.size} routes: ${JSON.stringify(byMethod(log))}; ${sent.length} fetches from this process: ${JSON.stringify(byMethod(sent))}`,
    );
  });

  it('has no SQL function that could reach the API: jcsql defines none in the engine', async () => {
    const demo = await openDemoEngine();
    try {
      const own = await demo.query(
        "select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname not in ('pg_catalog', 'information_schema')",
      );
      expect(own).toEqual([]);
    } finally {
      await demo.close();
    }
  });
});
