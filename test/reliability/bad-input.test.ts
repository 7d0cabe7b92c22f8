import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { jcsql } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/engine.js';

/**
 * Malformed input of every kind gets one clear line on stderr and a non-zero exit: never a stack
 * trace, never output passed off as a result.
 */
describe('bad input', () => {
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

  const sql = [
    'selec 1',
    'select * from',
    'select * from jumpcloud_usr',
    'select nope from jumpcloud_user',
    "select * from jumpcloud_user where id = 'unterminated",
    'select 1/0',
    "select 'x'::int",
    'select * from jumpcloud_user u join jumpcloud_device d',
    'insert into jumpcloud_user (id) values (1)',
    'delete from jumpcloud_device',
    'drop table jumpcloud_user_group',
    'truncate jumpcloud_application',
    'select (',
    '😀',
    'select * from jumpcloud_user where mfa ->> 1 = ',
    `select ${'('.repeat(300)}1 from jumpcloud_user`,
    'select jsonb_array_length(username::jsonb) from jumpcloud_user',
    'select * from pg_sleep(-1) where',
    "copy jumpcloud_user from '/etc/passwd'",
    'alter table jumpcloud_user rename to x',
  ];
  const flags = [
    ['query', '--output', 'xml', 'select 1'],
    ['query', '--engine', 'oracle', 'select 1'],
    ['query', '--timing=sometimes', 'select 1'],
    ['query', '--connection', 'nope', 'select 1'],
    ['query', '--config-dir', '/nonexistent/dir', 'select 1'],
    ['query', 'missing-file.sql'],
    ['query', '--bogus-flag', 'select 1'],
    ['tables', 'jumpcloud_nope'],
    ['export'],
    ['export', 'jumpcloud_nope'],
    ['export', 'jumpcloud_user', '--output', 'xlsx'],
    ['export', 'jumpcloud_user', '--limit', '-3'],
    ['export', 'jumpcloud_user', '--select', 'id,nope'],
    ['export', 'jumpcloud_user', '--where', 'email'],
    ['export', 'jumpcloud_user', '--where', "email = 'a' or 1 = 1"],
    ['export', 'jumpcloud_user', '--where', 'activated = maybe'],
    ['export', 'jumpcloud_user', '--where', "created > 'yesterday'"],
    ['export', 'jumpcloud_user', '--where', 'mfa = 1'],
    ['export', 'jumpcloud_user', '--where', "nope like 'x%'"],
    ['serve', '--port', '99999'],
    ['serve', '--max-connections', '0'],
    ['demo', 'serve', '--users', '-1'],
    ['demo', 'serve', '--faults', 'explode:0.5'],
    ['demo', 'serve', '--faults', '500:2'],
    ['snapshot'],
    ['nonsense-command'],
  ];
  const cases: Array<[string, string[], Record<string, string>?]> = [
    ...sql.map((text): [string, string[]] => [`SQL: ${text.slice(0, 60)}`, ['query', text]]),
    ...flags.map((args): [string, string[]] => [`flags: ${args.join(' ')}`, args]),
  ];

  for (const [name, args, extra] of cases) {
    it(name, async () => {
      const run = await jcsql(args, { env: { ...env, ...extra } });
      expect(run.code, run.stderr).not.toBe(0);
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
      const lines = run.stderr
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('Warning:'));
      expect(lines.length, run.stderr).toBeLessThanOrEqual(2); // the error, and at most a summary line
      expect(lines[0], run.stderr).toMatch(/^(Error|error)/);
    });
  }

  it('refuses malformed HCL with file and line, and the key stays hidden', async () => {
    const dir = makeTempDir('jcsql-bad-hcl-');
    writeFileSync(
      join(dir, 'jumpcloud.spc'),
      'connection "jc" {\n  plugin = "jumpcloud"\n  api_key = "SECRET-HCL-KEY\n}\n',
      { mode: 0o600 },
    );
    const run = await jcsql(['query', '--config-dir', dir, 'select 1']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/jumpcloud\.spc line \d+/);
    expect(run.stderr).not.toContain('SECRET-HCL-KEY');
  });
});
