import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { simulatorConnections } from '../../src/cli/session.js';
import type { SqlEngine } from '../../src/engines/engine.js';
import { PostgresEngine } from '../../src/engines/postgres/postgres-engine.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { tables } from '../../src/tables/index.js';
import { makeTempDir, TEST_RETRY, testHome } from '../helpers/engine.js';
import { BAD_INPUT, expectCleanError, jcsqlBytes, QUERY_FAILED } from './bad-input-expect.js';

/**
 * Malformed SQL through `jcsql query`, in both dialects, with oversized values and invalid UTF-8.
 *
 * Every run is the real CLI (argument parsing, SQL reading, planning, the engine, error printing,
 * the exit code) except that `--engine postgres` runs reuse one open PGlite instead of opening
 * a ~300 MB cluster per case: the engine's `close()` is a no-op here. bad-input.test.ts runs a few
 * of these cases against a fresh engine, as a user would.
 */
const shared = vi.hoisted(() => ({ engine: undefined as SqlEngine | undefined, runs: 0 }));

vi.mock('../../src/engines/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/engines/index.js')>();
  return {
    ...actual,
    warmEngine: async (...args: Parameters<typeof actual.warmEngine>) =>
      args[0] === 'postgres' && shared.engine ? undefined : actual.warmEngine(...args),
    discardWarmEngine: async (...args: Parameters<typeof actual.discardWarmEngine>) =>
      args[0] === 'postgres' && shared.engine ? undefined : actual.discardWarmEngine(...args),
    openEngine: async (...args: Parameters<typeof actual.openEngine>) => {
      if (args[0] !== 'postgres' || !shared.engine) return actual.openEngine(...args);
      shared.runs++;
      return shared.engine;
    },
  };
});

/** Malformed Postgres-dialect SQL: each fails with one `Error:` line and exit 41 (the query failed). */
const postgresSql: string[] = [
  // syntax
  'selec 1',
  'select * from',
  'select (',
  'select 1 +',
  'select ,',
  'select * from jumpcloud_user where',
  "select * from jumpcloud_user where username = 'a' and",
  'select * from jumpcloud_user group',
  "select * from jumpcloud_user where (username = 'a'",
  ')',
  '😀',
  '\\dt',
  'select $$unterminated',
  '/* unterminated comment select 1',
  "select * from jumpcloud_user where id = 'unterminated",
  'select "unterminated from jumpcloud_user',
  'select 1; selec 2',
  'select * from jumpcloud_user where mfa ->> 1 = ',
  'select * from pg_sleep(-1) where',
  // names
  'select * from jumpcloud_usr',
  'select nope from jumpcloud_user',
  'select * from nope.jumpcloud_user',
  'select u.nope from jumpcloud_user u',
  'select * from jumpcloud_user, jumpcloud_user',
  'select count(*) from jumpcloud_user group by nope',
  'select * from jumpcloud_user order by 99',
  'select username from jumpcloud_user u join jumpcloud_user_group g on u.nope = g.id',
  'select * from jumpcloud_user u join jumpcloud_device d',
  'select * from jumpcloud_user where id = $1',
  // types and values
  "select 'x'::int",
  'select 1/0',
  'select * from jumpcloud_user where id = 1',
  'select username from jumpcloud_user union select 1',
  'select * from jumpcloud_user where username = any(array[1, 2])',
  "select mfa ->> 'x' ->> 'y' from jumpcloud_user",
  'select jsonb_array_length(username::jsonb) from jumpcloud_user',
  'select (select username from jumpcloud_user)',
  'select \'{"a":\'::jsonb',
  "select * from jumpcloud_user where id = any('{')",
  "select * from jumpcloud_user where username ~ '('",
  "select * from jumpcloud_user where email like '%' escape 'ab'",
  "select * from jumpcloud_user where created > 'not a time'",
  "select * from jumpcloud_user offset 'x'",
  'select * from jumpcloud_user limit -1',
  "set statement_timeout = 'banana'",
  'select chr(0)',
  // writes and files
  'insert into jumpcloud_user (id) values (1)',
  'insert into jumpcloud_user select * from jumpcloud_user',
  "update jumpcloud_user set email = 'x' where id = 'y'",
  'delete from jumpcloud_device',
  'drop table jumpcloud_user_group',
  'truncate jumpcloud_application',
  'alter table jumpcloud_user rename to x',
  'with x as (delete from jumpcloud_user returning *) select * from x',
  'select * from jumpcloud_user for update',
  "copy jumpcloud_user from '/etc/passwd'",
];

/** Malformed SQLite-dialect SQL (`--engine sqlite`): the same contract. */
const sqliteSql: string[] = [
  'selec 1',
  'select * from',
  'select (',
  'select 1 union',
  '😀',
  "select * from jumpcloud_user where id = 'unterminated",
  'select * from jumpcloud_user where mfa ->> 1 = ',
  'select * from jumpcloud_usr',
  'select nope from jumpcloud_user',
  'select * from jumpcloud_user u join jumpcloud_device d on u.nope = d.id',
  'select count(*) from jumpcloud_user group by nope',
  'select * from jumpcloud_user order by 99',
  'select * from jumpcloud_user where id = $1',
  'select abs(-9223372036854775808)',
  'select randomblob(-1), zeroblob(2000000000)',
  "select json_extract('{', '$.a')",
  "select * from jumpcloud_user limit 'x'",
  'select * from jumpcloud_user limit 99999999999999999999',
  "select load_extension('/tmp/x')",
  'insert into jumpcloud_user (id) values (1)',
  "update jumpcloud_user set email = 'x'",
  'delete from jumpcloud_user',
  'drop table jumpcloud_user',
  'alter table jumpcloud_user rename to x',
  'create index i on jumpcloud_user (username)',
];

const IN_LIST = 100_000;
const MB = 1 << 20;

/** Oversized input, Postgres dialect (and one SQLite): a clear error, never a hang or a crash. */
const oversizedSql: Array<[string, string, string[]?]> = [
  ['1 MB of SQL: an unterminated string', `select '${'a'.repeat(MB)}`],
  ['1 MB of SQL: an unterminated quoted identifier', `select "${'a'.repeat(MB)}`],
  ['1 MB of SQL: an unknown 1 MB identifier', `select ${'x'.repeat(MB)} from jumpcloud_user`],
  ['1 MB of SQL: a huge unknown table name', `select * from jumpcloud_${'x'.repeat(MB)}`],
  ['a LIMIT beyond bigint', 'select * from jumpcloud_user limit 99999999999999999999'],
  ['an OFFSET beyond bigint', 'select * from jumpcloud_user offset 99999999999999999999'],
  ['500,000 chained additions', `select ${'1+'.repeat(500_000)}1`],
  ['100,000 nested parentheses', `select ${'('.repeat(100_000)}1`],
  ['100,000 nested NOTs', `select ${'not '.repeat(100_000)}true`],
  ['an unterminated JSON document nested 5,000 deep', `select '${'['.repeat(5_000)}'::jsonb`],
  ['a JSON document nested 5,000 deep, printed', `select '${'['.repeat(5_000)}${']'.repeat(5_000)}'::jsonb`],
  [
    'a JSON document nested 5,000 deep, printed as json',
    `select '${'['.repeat(5_000)}${']'.repeat(5_000)}'::jsonb`,
    ['--output', 'json'],
  ],
  [
    'a 10,000-element IN list with a value of the wrong type',
    `select 1 from jumpcloud_user where id in (${"'a',".repeat(10_000)}1)`,
  ],
  ['100,000 nested parentheses (SQLite)', `select ${'('.repeat(100_000)}1`, ['--engine', 'sqlite']],
  ['1 MB of SQL: an unterminated string (SQLite)', `select '${'a'.repeat(MB)}`, ['--engine', 'sqlite']],
];

describe('bad input: SQL', () => {
  let simulator: RunningSimulator;
  let env: Record<string, string>;
  let engine: PostgresEngine | undefined;
  beforeAll(async () => {
    simulator = await startSimulator();
    env = {
      JUMPCLOUD_API_URL: simulator.url,
      JUMPCLOUD_API_KEY: simulator.apiKey,
      JCSQL_CONFIG_DIR: makeTempDir('jcsql-bad-sql-'),
    };
    engine = await PostgresEngine.open({
      tables,
      connections: simulatorConnections(simulator, { cache: false, retry: TEST_RETRY }),
      home: testHome(),
    });
    // Shared by every run: a run's close() must not close it.
    shared.engine = new Proxy(engine, {
      get(target, property) {
        if (property === 'close') return async () => {};
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  });
  afterAll(async () => {
    shared.engine = undefined;
    await engine?.close();
    await simulator?.close();
  });

  const query = (args: string[], stdin?: Buffer | string) => jcsqlBytes(['query', ...args], { env, stdin });

  describe('Postgres dialect', () => {
    for (const sql of postgresSql) {
      it(sql.slice(0, 70), async () => {
        const before = shared.runs;
        expectCleanError(await query([sql]), QUERY_FAILED);
        expect(shared.runs).toBe(before + 1); // the shared engine, not a fresh one
      });
    }
  });

  describe('SQLite dialect', () => {
    for (const sql of sqliteSql) {
      it(sql.slice(0, 70), async () => {
        expectCleanError(await query(['--engine', 'sqlite', sql]), QUERY_FAILED);
      });
    }
  });

  describe('oversized values', () => {
    for (const [name, sql, flags = []] of oversizedSql) {
      it(name, async () => {
        expectCleanError(await query([...flags, sql]), QUERY_FAILED);
      });
    }

    it(`a ${IN_LIST.toLocaleString('en-US')}-element IN list gets its answer, without an API call per value`, async () => {
      const before = simulator.stats().total;
      const ids = Array.from({ length: IN_LIST }, (_, i) => `'no-such-id-${i}'`).join(',');
      const run = await query(['--output', 'json', `select id from jumpcloud_user where id in (${ids})`]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).rows).toEqual([]);
      expect(simulator.stats().total - before).toBeLessThan(50); // a list of the table, not a GET per id
    });
  });

  describe('statements the embedded Postgres fails on without an error', () => {
    // PGlite's WASM stack overflows: it answers with no columns and no error, and is damaged after.
    const deep: Array<[string, string]> = [
      ['a JSON document nested 100,000 deep', `select '${'['.repeat(100_000)}${']'.repeat(100_000)}'::jsonb`],
    ];
    for (const [name, sql] of deep) {
      it(`${name}: one clear line from the CLI, never an empty answer`, async () => {
        const kept = shared.engine;
        shared.engine = undefined; // a fresh engine: this one is damaged after
        try {
          const run = await query(['--output', 'json', sql]);
          expectCleanError(run, QUERY_FAILED);
          expect(run.stderr).toContain('the embedded Postgres returned no result for this statement');
        } finally {
          shared.engine = kept;
        }
      });
    }

    // On the main thread 5,000 nested NOTs overflowed PGlite's stack the same way; on its own
    // thread (engine-thread.ts) the stack is larger and Postgres answers, or refuses deeper SQL
    // with an error of its own.
    it('5,000 nested NOTs are answered, 10,000 refused by Postgres with one line', async () => {
      const answered = await query(['--output', 'csv', `select ${'not '.repeat(5_000)}true as t`]);
      expect(answered).toMatchObject({ code: 0, stdout: 't\ntrue\n' });
      const refused = await query([`select ${'not '.repeat(10_000)}true`]);
      expectCleanError(refused, QUERY_FAILED);
      expect(refused.stderr).toContain('SQL error: memory exhausted');
    });

    it('the engine runs nothing more after such a failure', async () => {
      const damaged = await PostgresEngine.open({
        tables,
        connections: simulatorConnections(simulator, { cache: false, retry: TEST_RETRY }),
        home: testHome(),
      });
      try {
        const [plan] = damaged.plan(deep[0]![1]);
        await expect(damaged.runStatement(plan!)).rejects.toThrow(/returned no result for this statement/);
        const [next] = damaged.plan('select count(*) from jumpcloud_user');
        await expect(damaged.runStatement(next!)).rejects.toThrow(
          /failed on an earlier statement and may be damaged/,
        );
      } finally {
        await damaged.close();
      }
    });
  });

  describe('invalid UTF-8', () => {
    const file = (name: string, bytes: Buffer) => {
      const path = join(makeTempDir('jcsql-bad-utf8-'), name);
      writeFileSync(path, bytes);
      return path;
    };
    const latin1Keyword = Buffer.concat([
      Buffer.from([0x73, 0xe9, 0x6c, 0x65, 0x63, 0x74]),
      Buffer.from(' 1'),
    ]); // "sélect" in Latin-1

    it('a .sql file in Latin-1', async () => {
      expectCleanError(await query([file('latin1.sql', latin1Keyword)]), BAD_INPUT);
    });
    it('a .sql file with a lone continuation byte for a table name', async () => {
      expectCleanError(
        await query([file('lone.sql', Buffer.from([...Buffer.from('select * from '), 0x80]))]),
        BAD_INPUT,
      );
    });
    it('a .sql file in UTF-16', async () => {
      expectCleanError(await query([file('utf16.sql', Buffer.from('\ufeffselect 1', 'utf16le'))]), BAD_INPUT);
    });
    it('a .sql file of binary garbage', async () => {
      const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151 + 7) % 256));
      expectCleanError(await query([file('garbage.sql', garbage)]), BAD_INPUT);
    });
    it('SQL on stdin in Latin-1', async () => {
      expectCleanError(await query([], latin1Keyword), BAD_INPUT);
    });
    it('SQL on stdin with an invalid byte for a table name (SQLite)', async () => {
      expectCleanError(
        await query(['--engine', 'sqlite'], Buffer.from([...Buffer.from('select * from '), 0xff])),
        BAD_INPUT,
      );
    });
    it('an overlong UTF-8 encoding in an argument', async () => {
      expectCleanError(
        await query([Buffer.from([0x73, 0x65, 0x6c, 0x65, 0x63, 0x74, 0x20, 0xc0, 0xaf]).toString('latin1')]),
        QUERY_FAILED,
      );
    });
  });
});
