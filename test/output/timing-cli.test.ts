import { describe, expect, it } from 'vitest';
import { jcsql } from '../helpers/cli.js';

/** `jcsql query --timing off|on|verbose` as Steampipe takes it, and the json `metadata` it adds. */

const USERS = 'select id, username from jumpcloud_user order by username limit 3';

describe('jcsql query --timing', () => {
  it('bare, before the SQL, means on and leaves the SQL alone; =true too (legacy)', async () => {
    for (const flags of [['--timing'], ['--timing=true'], ['--timing', 'on'], ['--timing=ON']]) {
      const run = await jcsql(['query', '--demo', '--output', 'csv', ...flags, 'select 1 as x']);
      expect({ code: run.code, stdout: run.stdout }, flags.join(' ')).toEqual({ code: 0, stdout: 'x\n1\n' });
      expect(run.stderr).toMatch(/^Time: \d+ms\. Rows returned: 1\. API calls: 0\.\n$/);
    }
  });

  it('off (or =false) prints no timing and no metadata', async () => {
    for (const flags of [['--timing', 'off'], ['--timing=false'], []]) {
      const run = await jcsql(['query', '--demo', '--output', 'json', ...flags, 'select 1 as x']);
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).not.toHaveProperty('metadata');
    }
  });

  it('verbose lists each scan after the line, on stderr', async () => {
    const run = await jcsql([
      'query',
      '--demo',
      '--no-cache',
      '--output',
      'csv',
      '--timing',
      'verbose',
      USERS,
    ]);
    expect(run.code).toBe(0);
    const [line, blank, header, scan, ...rest] = run.stderr.split('\n');
    expect(line).toMatch(
      /^Time: .+\. Rows returned: 3\. Rows fetched: \d+\. Hydrate calls: 0\. API calls: \d+\.$/,
    );
    expect([blank, header]).toEqual(['', 'Scans:']);
    expect(scan).toMatch(/^ {2}1\) jumpcloud_user\.demo: Time: \d+ms\. Fetched: \d+\. Hydrates: 0\.$/);
    expect(rest).toEqual(['', '']);
  });

  it('json: metadata after the rows, its members in Steampipe order; scans only with verbose', async () => {
    const on = await jcsql(['query', '--demo', '--no-cache', '--output', 'json', '--timing', USERS]);
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(
      /\n \],\n "metadata": \{\n {2}"duration_ms": \d+,\n {2}"scans": null,\n {2}"scan_count": 1,\n/,
    );
    expect(on.stdout.endsWith('\n  "connection_count": 1\n }\n}\n')).toBe(true);
    const document = JSON.parse(on.stdout);
    expect(document.rows).toHaveLength(3);
    expect(document.metadata).toEqual({
      duration_ms: expect.any(Number),
      scans: null,
      scan_count: 1,
      rows_returned: 3,
      uncached_rows_fetched: expect.any(Number),
      cached_rows_fetched: 0,
      hydrate_calls: 0,
      connection_count: 1,
    });

    const verbose = await jcsql([
      'query',
      '--demo',
      '--no-cache',
      '--output',
      'json',
      '--timing=verbose',
      "select username from jumpcloud_user where username in ('no-such-a', 'no-such-b')",
    ]);
    const { metadata } = JSON.parse(verbose.stdout);
    expect(metadata.scans).toEqual([
      {
        connection: 'demo',
        table: 'jumpcloud_user',
        cache_hit: false,
        rows_fetched: 0,
        hydrate_calls: 0,
        start_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
        duration_ms: expect.any(Number),
        columns: ['username'],
        quals: [{ column: 'username', operator: '=', value: ['no-such-a', 'no-such-b'] }],
      },
    ]);
  });

  it('json: a cached scan counts as cached', async () => {
    const run = await jcsql([
      'query',
      '--demo',
      '--output',
      'json',
      '--timing',
      'verbose',
      `${USERS}; ${USERS}`,
    ]);
    const [, second] = run.stdout.split('\n\n').map((text) => JSON.parse(text).metadata);
    expect(second).toMatchObject({ uncached_rows_fetched: 0, scan_count: 1 });
    expect(second.cached_rows_fetched).toBeGreaterThan(0);
    expect(second.scans[0]).toMatchObject({ cache_hit: true, rows_fetched: second.cached_rows_fetched });
  });

  it('refuses another value with one line and the bad-input exit code', async () => {
    const run = await jcsql(['query', '--demo', '--timing=loud', 'select 1']);
    expect(run).toEqual({
      code: 254,
      stdout: '',
      stderr: "Error: --timing takes off, on or verbose, got 'loud'\n",
    });
  });
});
