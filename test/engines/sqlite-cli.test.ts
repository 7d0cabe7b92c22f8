import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { jcsql } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/engine.js';

/** `jcsql query --demo --engine sqlite …`, in-process. */
const sqliteQuery = (args: string[]) => jcsql(['query', '--demo', '--engine', 'sqlite', ...args]);

describe('jcsql query --engine sqlite', () => {
  it('prints SQLite types: booleans 0/1, JSON as text, timestamps as ISO-8601 text', async () => {
    const run = await sqliteQuery([
      '--output',
      'json',
      "select username, activated, created, mfa ->> '$.configured' as configured, json_array_length(tags) as tags, 1.5 as r from jumpcloud_user order by username limit 1",
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { columns, rows } = JSON.parse(run.stdout);
    expect(columns).toEqual([
      { name: 'username', data_type: 'text' },
      { name: 'activated', data_type: 'integer' },
      { name: 'created', data_type: 'text' },
      { name: 'configured', data_type: 'integer' },
      { name: 'tags', data_type: 'integer' },
      { name: 'r', data_type: 'real' },
    ]);
    expect(rows[0].activated).toBeOneOf([0, 1]);
    expect(rows[0].created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('runs a script with SQLite-only syntax, timing on stderr, csv on stdout', async () => {
    const file = join(makeTempDir('jcsql-sqlite-'), 'q.sql');
    writeFileSync(
      file,
      [
        "select count(*) as n from jumpcloud_device where os glob 'Mac*';",
        "select group_concat(name, '|') as names from (select name from jumpcloud_user_group order by name limit 2);",
        'select count(*) as n from jumpcloud_user u, json_each(u.tags) t where t.value is not null;',
      ].join('\n'),
    );
    const run = await sqliteQuery(['--output', 'csv', '--timing', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^n\n\d+\n\nnames\n[^|\n]+\|[^|\n]+\n\nn\n\d+\n$/);
    expect(run.stderr.match(/^Time: .*API calls: \d+\.$/gm)).toHaveLength(3);
  });

  it('reports a SQL error in one line, with the nearest column, and exits non-zero', async () => {
    const run = await sqliteQuery(['select usernam from jumpcloud_user']);
    expect(run.code).toBe(EXIT.queryFailed);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Error: SQL error: no such column: usernam. Did you mean username?\n');
  });

  it('reports a syntax error SQLite itself finds', async () => {
    const run = await sqliteQuery(['select from where']);
    expect(run.code).toBe(EXIT.queryFailed);
    expect(run.stderr).toMatch(/^Error: SQL error: .*syntax error\n$/);
  });

  for (const sql of [
    "delete from jumpcloud_user where username = 'x'",
    "update jumpcloud_user set email = 'x'",
    "insert or replace into main.jumpcloud_user (id) values ('x')",
    "replace into jumpcloud_user (id) values ('x')",
    'drop table if exists jumpcloud_device',
    'alter table jumpcloud_user add column x int',
  ]) {
    it(`refuses to write to a JumpCloud table: ${sql}`, async () => {
      const run = await sqliteQuery([sql]);
      expect(run.code).toBe(EXIT.queryFailed);
      expect(run.stderr).toMatch(
        /^Error: jumpcloud_(user|device) is read-only: jcsql never writes to JumpCloud\. Copy the rows/,
      );
    });
  }

  it('lets a script copy JumpCloud rows into a table of its own', async () => {
    const run = await sqliteQuery([
      '--output',
      'csv',
      "create temp table mine as select username from jumpcloud_user where activated; insert into mine values ('extra'); select count(*) > 1 as ok from mine",
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ok\n1\n');
  });
});

describe('jcsql snapshot', () => {
  const sqlite3 = (file: string, sql: string) =>
    execFileSync('sqlite3', ['-batch', file, sql], { encoding: 'utf8' });

  it('writes tables the sqlite3 command-line tool opens, NULLs and all', async () => {
    const dir = makeTempDir('jcsql-snap-');
    const file = join(dir, 'org.db');
    const run = await jcsql(['snapshot', file, '--demo', '--tables', 'jumpcloud_user,jumpcloud_user_group']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote 2 tables \(\d+ rows\) to .*org\.db\n$/);
    expect(sqlite3(file, '.tables').split(/\s+/).filter(Boolean).sort()).toEqual([
      'jumpcloud_user',
      'jumpcloud_user_group',
    ]);
    expect(sqlite3(file, 'select count(*) from jumpcloud_user;')).toBe('60\n');
    expect(
      sqlite3(
        file,
        'select typeof(activated), typeof(created), json_valid(mfa), typeof(password_expiration_date) from jumpcloud_user where password_expiration_date is null limit 1;',
      ),
    ).toBe('integer|text|1|null\n');
    expect(
      sqlite3(
        file,
        "select count(*) > 0 from jumpcloud_user_group g, json_each(g.members) m where m.value ->> '$.type' = 'user';",
      ),
    ).toBe('1\n');
    expect(readdirSync(dir)).toEqual(['org.db']);
  });

  it('refuses to replace a file without --force, then replaces it with --force', async () => {
    const dir = makeTempDir('jcsql-snap-');
    const file = join(dir, 'org.db');
    writeFileSync(file, 'not a database');
    const refused = await jcsql(['snapshot', file, '--demo']);
    expect(refused.code).toBe(EXIT.badInput);
    expect(refused.stderr).toBe(`Error: ${file} already exists. Pass --force to replace it\n`);
    const forced = await jcsql(['snapshot', file, '--demo', '--force', '--tables', 'jumpcloud_organization']);
    expect(forced.code).toBe(0);
    expect(sqlite3(file, 'select count(*) from jumpcloud_organization;')).toMatch(/^[1-9]\d*\n$/);
    expect(readdirSync(dir)).toEqual(['org.db']);
  });

  it('names an unknown table and writes nothing', async () => {
    const file = join(makeTempDir('jcsql-snap-'), 'org.db');
    const run = await jcsql(['snapshot', file, '--demo', '--tables', 'jumpcloud_usr']);
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toMatch(/^Error: No table named jumpcloud_usr\. Did you mean jumpcloud_user\?\n$/);
    expect(existsSync(file)).toBe(false);
  });
});
