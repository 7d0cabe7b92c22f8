import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { makeTempDir } from '../helpers/engine.js';
import { BAD_INPUT, expectCleanError, jcsqlBytes, QUERY_FAILED } from './bad-input-expect.js';

/**
 * Malformed command lines: every command's flags, and `export --where`. Each gets one clear
 * `Error:` line, the bad-input exit code (254) or, for SQL a statement fails on, the failed-query one (41), no stack trace, no output. The
 * rest of the corpus: bad-input-sql (SQL, oversized values, invalid UTF-8), bad-input-hcl
 * (.spc files) and bad-input-wire (the Postgres wire protocol of `jcsql serve`).
 */

const temp = makeTempDir('jcsql-bad-flags-');
const existing = join(temp, 'existing.db');
writeFileSync(existing, '');

/** Flags and arguments, with their exit code: none of these may start anything (a server, a fetch). */
const flags: Array<[string[], number]> = [
  // global
  [['nonsense-command'], BAD_INPUT],
  [['--bogus'], BAD_INPUT],
  [['quer', 'select 1'], BAD_INPUT],
  // query
  [['query', '--output', 'xml', 'select 1'], BAD_INPUT],
  [['query', '--output'], BAD_INPUT],
  [['query', '--engine', 'oracle', 'select 1'], BAD_INPUT],
  [['query', '--engine', '', 'select 1'], BAD_INPUT],
  [['query', '--timing=sometimes', 'select 1'], BAD_INPUT],
  [['query', '--header=maybe', 'select 1'], BAD_INPUT],
  [['query', '--pushdown=often', 'select 1'], BAD_INPUT],
  [['query', '--bogus-flag', 'select 1'], BAD_INPUT],
  [['query', '-x', 'select 1'], BAD_INPUT],
  [['query', '--separator'], BAD_INPUT],
  [['query', '--query-timeout', 'abc', 'select 1'], BAD_INPUT],
  [['query', '--query-timeout', '-1', 'select 1'], BAD_INPUT],
  [['query', '--query-timeout', '1e99', 'select 1'], BAD_INPUT],
  [['query', '--query-timeout', '', 'select 1'], BAD_INPUT],
  [['query', 'missing-file.sql'], BAD_INPUT],
  [['query', join(temp, 'nope', 'deeper.sql')], BAD_INPUT],
  // export
  [['export'], BAD_INPUT],
  [['export', 'jumpcloud_nope'], BAD_INPUT],
  [['export', 'JUMPCLOUD_USER;'], BAD_INPUT],
  [['export', 'jumpcloud_user', 'jumpcloud_device'], BAD_INPUT],
  [['export', 'jumpcloud_user', '--output', 'xlsx'], BAD_INPUT],
  [['export', 'jumpcloud_user', '--output', 'table'], BAD_INPUT],
  [['export', 'jumpcloud_user', '--limit', '-3'], BAD_INPUT],
  [['export', 'jumpcloud_user', '--limit', 'abc'], BAD_INPUT],
  [['export', 'jumpcloud_user', '--limit', '1.5'], BAD_INPUT],
  [['export', 'jumpcloud_user', '--limit', '0x10'], BAD_INPUT],
  [['export', 'jumpcloud_user', '--select', 'id,nope'], BAD_INPUT],
  [['export', 'jumpcloud_user', '--select', 'id,,email'], BAD_INPUT],
  [['export', 'jumpcloud_user', '--select', ' '], BAD_INPUT],
  [['export', 'jumpcloud_user', '--query-timeout', 'soon'], BAD_INPUT],
  [['export', 'jumpcloud_user', '--where'], BAD_INPUT],
  // serve
  [['serve', '--port', '99999'], BAD_INPUT],
  [['serve', '--port', '-1'], BAD_INPUT],
  [['serve', '--port', 'abc'], BAD_INPUT],
  [['serve', '--max-connections', '0'], BAD_INPUT],
  [['serve', '--max-connections', 'many'], BAD_INPUT],
  [['serve', '--query-timeout', '-5'], BAD_INPUT],
  [['serve', 'extra-argument'], BAD_INPUT],
  // tables
  [['tables', 'jumpcloud_nope'], BAD_INPUT],
  [['tables', '--output', 'xml'], BAD_INPUT],
  [['tables', 'jumpcloud_user', 'jumpcloud_device'], BAD_INPUT],
  // snapshot
  [['snapshot'], BAD_INPUT],
  [['snapshot', existing], BAD_INPUT],
  [['snapshot', join(temp, 'new.db'), '--tables', 'jumpcloud_nope'], BAD_INPUT],
  [['snapshot', join(temp, 'new2.db'), '--bogus'], BAD_INPUT],
  // demo
  [['demo', 'nope'], BAD_INPUT],
  [['demo', 'serve', '--users', '-1'], BAD_INPUT],
  [['demo', 'serve', '--orgs', '0'], BAD_INPUT],
  [['demo', 'serve', '--seed', 'abc'], BAD_INPUT],
  [['demo', 'serve', '--port', '99999'], BAD_INPUT],
  [['demo', 'serve', '--faults', 'explode:0.5'], BAD_INPUT],
  [['demo', 'serve', '--faults', '500:2'], BAD_INPUT],
  [['demo', 'serve', '--faults', '500'], BAD_INPUT],
];

/** `export jumpcloud_user --where …`: a flag that does not parse or fit its column is a usage error. */
const wheres: string[] = [
  '',
  '   ',
  'email',
  "email = 'a' or 1 = 1",
  "email = 'a' and id = 'b'",
  'activated = maybe',
  "created > 'yesterday'",
  'mfa = 1',
  "mfa like 'x%'",
  "nope like 'x%'",
  "= 'a'",
  "1 = 'a'",
  "username == 'a'",
  "created => '2024-01-01'",
  "username =< 'b'",
  "username ~ 'a'",
  "username between 'a' and 'b'",
  "not username = 'a'",
  'username in ()',
  "username in ('a'",
  "username in 'a'",
  "username in ('a',, 'b')",
  'username is maybe null',
  'username is null please',
  "username = 'unterminated",
  "\"username = 'a'",
  "username = 'a' 'b'",
  "username = 'a'; drop table jumpcloud_user",
  'activated > true',
  'activated in (true, maybe)',
  "created in ('2024-01-01', 'soon')",
  "created like '2024%'",
  '\ufffd = 1',
  "created > '1e400'",
  'created > 99999999999999999999999999',
];

/** `export jumpcloud_device --where …` on its bigint column. */
const deviceWheres: string[] = [
  "system_timezone = 'abc'",
  'system_timezone = 1.5',
  'system_timezone > 99999999999999999999999',
  'system_timezone = 1e999',
  'system_timezone in (1, 2.5)',
  "system_timezone like '1%'",
];

describe('bad input: command lines', () => {
  let simulator: RunningSimulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    simulator = await startSimulator();
    env = {
      JUMPCLOUD_API_URL: simulator.url,
      JUMPCLOUD_API_KEY: simulator.apiKey,
      JCSQL_CONFIG_DIR: makeTempDir('jcsql-bad-'),
    };
  });
  afterAll(() => simulator?.close());

  describe('flags and arguments', () => {
    for (const [args, code] of flags) {
      it(args.join(' ') || '(none)', async () => {
        const before = simulator.stats().total;
        expectCleanError(await jcsqlBytes(args, { env }), code);
        expect(simulator.stats().total).toBe(before); // refused before any API call
      });
    }

    it('$JCSQL_QUERY_TIMEOUT that is not a number', async () => {
      expectCleanError(
        await jcsqlBytes(['query', 'select 1'], { env: { ...env, JCSQL_QUERY_TIMEOUT: 'banana' } }),
        BAD_INPUT,
      );
    });

    it('SQL on stdin that is not UTF-8 (a Latin-1 literal)', async () => {
      const run = await jcsqlBytes(['query'], { env, stdin: Buffer.from("select 'caf\xe9'", 'latin1') });
      expect(expectCleanError(run, BAD_INPUT)).toMatch(/the SQL on stdin is not valid UTF-8/);
    });

    it('no SQL on stdin', async () => {
      expectCleanError(await jcsqlBytes(['query'], { env, stdin: '  \n\t\n' }), BAD_INPUT);
    });

    it('snapshot refuses a file it may not replace, and leaves it alone', async () => {
      expectCleanError(await jcsqlBytes(['snapshot', existing, '--demo'], { env }), BAD_INPUT);
      expect(existsSync(existing)).toBe(true);
    });
  });

  describe('export --where', () => {
    for (const where of wheres) {
      it(`jumpcloud_user --where ${JSON.stringify(where)}`, async () => {
        const before = simulator.stats().total;
        const line = expectCleanError(
          await jcsqlBytes(['export', 'jumpcloud_user', '--where', where], { env }),
          BAD_INPUT,
        );
        expect(line).toMatch(/--where/);
        expect(simulator.stats().total).toBe(before);
      });
    }
    for (const where of deviceWheres) {
      it(`jumpcloud_device --where ${JSON.stringify(where)}`, async () => {
        expectCleanError(
          await jcsqlBytes(['export', 'jumpcloud_device', '--where', where], { env }),
          BAD_INPUT,
        );
      });
    }

    it('a second --where that is bad, after a good one', async () => {
      const run = await jcsqlBytes(
        ['export', 'jumpcloud_user', '--where', "username like 'a%'", '--where', 'activated = perhaps'],
        { env },
      );
      expect(expectCleanError(run, BAD_INPUT)).toMatch(/activated = perhaps/);
    });

    it('a 256 KB --where on a column that does not exist', async () => {
      const where = `${'x'.repeat(1 << 18)} = 1`;
      expectCleanError(await jcsqlBytes(['export', 'jumpcloud_user', '--where', where], { env }), BAD_INPUT);
    });

    it('a 1 MB --where value that is not a timestamp', async () => {
      const where = `created > '${'9'.repeat(1 << 20)}'`;
      expectCleanError(await jcsqlBytes(['export', 'jumpcloud_user', '--where', where], { env }), BAD_INPUT);
    });

    it('a --where IN list of 100,000 values gets its answer, without an API call per value', async () => {
      const before = simulator.stats().total;
      const ids = Array.from({ length: 100_000 }, (_, i) => `'no-such-id-${i}'`).join(', ');
      const run = await jcsqlBytes(
        ['export', 'jumpcloud_user', '--where', `id in (${ids})`, '--output', 'jsonl'],
        {
          env,
        },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      expect(simulator.stats().total - before).toBeLessThan(50); // a list of the table, not a GET per id
    });
  });

  describe('SQL, on a fresh Postgres engine as a user runs it', () => {
    // bad-input-sql.test.ts shares one engine between its runs; these prove a fresh one answers alike.
    for (const sql of ['selec 1', "select 'x'::int from jumpcloud_user", 'delete from jumpcloud_device']) {
      it(sql, async () => {
        expectCleanError(await jcsqlBytes(['query', sql], { env }), QUERY_FAILED);
      });
    }
  });
});
