import { parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, type SessionEffect, sessionEffect } from '../../src/sdk/index.js';

/** What each statement may leave in its session, as serve's engine pool reads it (sdk session-effect.ts). */
const CASES: Array<[sql: string, effect: SessionEffect]> = [
  ['select count(*) from jumpcloud_user', 'none'],
  [
    "select lower(username), jsonb_array_length(members) from jumpcloud_user_group where name like 'a%'",
    'none',
  ],
  ['show timezone', 'none'],
  ['begin', 'none'],
  ['commit', 'none'],
  ['fetch 10 from c', 'none'],
  ['explain select 1', 'none'],
  ['copy jumpcloud_user to stdout', 'none'],
  ["set timezone = 'UTC'", 'state'],
  ['reset all', 'state'],
  ['prepare p as select 1', 'state'],
  ['execute p', 'state'],
  ['deallocate p', 'state'],
  ['declare c cursor with hold for select 1', 'state'],
  ["select set_config('search_path', 'x', false)", 'state'],
  ['select pg_advisory_lock(1)', 'state'],
  ['select lo_create(0)', 'state'],
  ["select nextval('s')", 'state'],
  ['select setseed(0.5)', 'state'],
  ["select query_to_xml('select 1', true, true, '')", 'state'],
  ['select myschema.f()', 'state'],
  ['explain analyze select set_config($$a.b$$, $$c$$, false)', 'state'],
  ['create temp table t (x int)', 'objects'],
  ['create table t (x int)', 'objects'],
  ['insert into t values (1)', 'objects'],
  ['with x as (delete from t returning *) select * from x', 'objects'],
  ['select 1 as x into t2', 'objects'],
  ['do $$ begin perform 1; end $$', 'objects'],
  ['listen channel', 'objects'],
  ['copy t from stdin', 'objects'],
  ["prepare transaction 'x'", 'objects'],
  ['call p()', 'objects'],
  ['create function f() returns int language sql as $$ select 1 $$', 'objects'],
];

describe('the session effect of a statement', () => {
  beforeAll(() => loadParser());
  for (const [sql, effect] of CASES)
    it(`${effect}: ${sql}`, () => {
      const [statement] = parseSync(sql).stmts ?? [];
      expect(sessionEffect(statement?.stmt)).toBe(effect);
    });
});
