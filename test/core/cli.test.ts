import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { tables } from '../../src/tables/index.js';
import { jcsql } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/engine.js';

const SENTINEL_KEY = 'sentinel-key-0f1e2d3c4b5a69788796a5b4c3d2e1f0abcdef12';

describe('jcsql query', () => {
  it('prints a Steampipe-style table for the README query', async () => {
    const run = await jcsql(['query', '--demo', 'select username, created, email, mfa from jumpcloud_user']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\+-+\+-+\+-+\+-+\+$/);
    expect(lines[1]).toMatch(/^\| username +\| created +\| email +\| mfa +\|$/);
    expect(lines.length).toBe(60 + 4);
    expect(lines[3]).toMatch(/\| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \|/);
    expect(run.stderr).toBe('');
  });

  it('runs several statements from a file, with timing on stderr', async () => {
    const file = join(makeTempDir('jcsql-sql-'), 'q.sql');
    writeFileSync(file, "select count(*) as n from jumpcloud_device;\nselect 'x' as y;\n");
    const run = await jcsql(['query', '--demo', '--output', 'csv', '--timing', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('n\n30\n\ny\nx\n');
    expect(run.stderr).toMatch(/^Time: .*Rows returned: 1\. .*API calls: 1\.$/m);
    expect(run.stderr).toMatch(/API calls: 0\.$/m);
  });

  it('reads SQL from stdin', async () => {
    const run = await jcsql(['query', '--demo', '--output', 'json'], { stdin: 'select 1::int as one' });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      columns: [{ name: 'one', data_type: 'int4' }],
      rows: [{ one: 1 }],
    });
  });

  it('names a missing .sql file', async () => {
    const run = await jcsql(['query', '--demo', 'nope.sql']);
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toMatch(/^Error: file '.*nope\.sql' does not exist\n$/);
  });

  it('reports a SQL error with its position, in one line, and exits non-zero', async () => {
    const run = await jcsql(['query', '--demo', 'select usernam from jumpcloud_user']);
    expect(run.code).toBe(EXIT.queryFailed);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^Error: SQL error: column "usernam" does not exist \(line 1, column 8\)\. Perhaps you meant to reference the column "jumpcloud_user\.username"\.?\n$/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('suggests the nearest table for an unknown one', async () => {
    const run = await jcsql(['query', '--demo', 'select * from jumpcloud_usr']);
    expect(run.code).toBe(EXIT.queryFailed);
    expect(run.stderr).toMatch(/relation "jumpcloud_usr" does not exist .*Did you mean jumpcloud_user\?/);
  });

  for (const sql of [
    "delete from jumpcloud_user where username = 'x'",
    "update jumpcloud_user set email = 'x'",
    "insert into public.jumpcloud_user (id) values ('x')",
    'truncate jumpcloud_device, jumpcloud_user',
    'drop table jumpcloud_user',
    'alter table jumpcloud_user add column x int',
  ]) {
    it(`refuses to write to a JumpCloud table: ${sql}`, async () => {
      const run = await jcsql(['query', '--demo', sql]);
      expect(run.code).toBe(EXIT.queryFailed);
      expect(run.stderr).toMatch(
        /^Error: jumpcloud_(user|device) is read-only: jcsql never writes to JumpCloud/,
      );
    });
  }

  it('lets a query copy JumpCloud rows into a table of its own', async () => {
    const run = await jcsql([
      'query',
      '--demo',
      '--output',
      'csv',
      'create temp table mine as select id, username from jumpcloud_user; insert into mine select id, username from jumpcloud_user limit 1; select count(*) from mine',
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('count\n61\n');
  });

  it('names the env vars and config file when there is no API key', async () => {
    const run = await jcsql(['query', 'select 1 from jumpcloud_user'], {
      env: { JCSQL_CONFIG_DIR: makeTempDir('jcsql-empty-') },
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/JUMPCLOUD_API_KEY/);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('jcsql tables', () => {
  it('lists every table of the registry', async () => {
    const run = await jcsql(['tables', '--output', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(tables.length + 1); // and the header
  });

  it('describes a table’s columns as json', async () => {
    const run = await jcsql(['tables', 'jumpcloud_user_group', '--output', 'json']);
    const rows = JSON.parse(run.stdout).rows as Array<{ column: string; type: string }>;
    expect(rows.map((row) => row.column)).toContain('members');
    expect(rows.find((row) => row.column === 'members')?.type).toBe('jsonb');
  });

  it('suggests a name for an unknown table', async () => {
    const run = await jcsql(['tables', 'jumpcloud_devise']);
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toMatch(/Did you mean (.*, )?jumpcloud_device[,?]/);
  });
});

describe('against a simulator with a sentinel key', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({ apiKey: SENTINEL_KEY });
  });
  afterAll(() => simulator?.close());
  const env = (extra: Record<string, string> = {}) => ({
    JCSQL_CONFIG_DIR: makeTempDir('jcsql-cfg-'),
    JUMPCLOUD_API_URL: simulator.url,
    JUMPCLOUD_API_KEY: SENTINEL_KEY,
    ...extra,
  });

  it('queries with the key from the environment and never prints it', async () => {
    const run = await jcsql(
      [
        'query',
        '--output',
        'json',
        `select id, username from jumpcloud_user where id = '${simulator.data.orgs[0]!.users[3]!._id}'`,
      ],
      { env: env() },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).rows).toHaveLength(1);
    expect(run.stdout + run.stderr).not.toContain(SENTINEL_KEY);
  });

  it('explains a refused key without printing it', async () => {
    const wrong = `${SENTINEL_KEY.slice(0, -4)}0000`;
    const run = await jcsql(['query', 'select id from jumpcloud_user'], {
      env: env({ JUMPCLOUD_API_KEY: wrong }),
    });
    expect(run.code).toBe(EXIT.queryFailed);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/GET \/api\/systemusers returned 401 Unauthorized/);
    expect(run.stderr).toMatch(/check JUMPCLOUD_API_KEY/);
    expect(run.stdout + run.stderr).not.toContain(wrong);
  });

  it('survives 429s, 5xx and resets with the fault-free answer', async () => {
    const sql =
      "select g.name, u.username from jumpcloud_user_group g, jsonb_array_elements(g.members) m join jumpcloud_user u on u.id = m ->> 'id' order by 1, 2";
    const clean = await jcsql(['query', '--output', 'csv', '--no-cache', sql], { env: env() });
    simulator.configure({ faults: '429-bare:0.1,500:0.1,502:0.05,503:0.05,reset:0.05' });
    try {
      simulator.resetStats();
      const faulty = await jcsql(['query', '--output', 'csv', '--no-cache', sql], { env: env() });
      expect(faulty.code).toBe(0);
      expect(faulty.stdout).toBe(clean.stdout);
      expect(Object.values(simulator.stats().faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    } finally {
      simulator.configure({ faults: '' });
    }
  }, 120_000);

  it('fails loudly on a persistent 500, naming endpoint and status, printing no rows', async () => {
    simulator.configure({ faults: '500:1' });
    try {
      const run = await jcsql(['query', 'select id from jumpcloud_device'], { env: env() });
      expect(run.code).toBe(EXIT.queryFailed);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^Error: JumpCloud API GET \/api\/systems returned 500 Internal Server Error.*\(after 6 attempts\)/m,
      );
      expect(run.stderr).not.toContain(SENTINEL_KEY);
    } finally {
      simulator.configure({ faults: '' });
    }
  }, 120_000);
});
