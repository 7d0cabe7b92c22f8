import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tables as registry } from '../../src/tables/index.js';
import { type RealPostgres, startPostgres } from '../helpers/postgres.js';
import { type DemoServer, openDemoServer } from '../helpers/serve.js';

/** A user's own PostgreSQL reaching jcsql through postgres_fdw, as docs/postgres.md sets it up. */
describe('postgres_fdw from a real PostgreSQL', () => {
  let demo: DemoServer;
  let postgres: RealPostgres;
  beforeAll(async () => {
    [demo, postgres] = await Promise.all([openDemoServer(), startPostgres()]);
    const { port, user, password, database } = demo.connection;
    await postgres.psql(`
      create extension postgres_fdw;
      create server jumpcloud foreign data wrapper postgres_fdw options (host '127.0.0.1', port '${port}', dbname '${database}');
      create user mapping for current_user server jumpcloud options (user '${user}', password '${password}');
      create schema jc;
      import foreign schema public from server jumpcloud into jc;
      create table reviewers (email text primary key, reviewer text);
    `);
  }, 120_000);
  afterAll(async () => {
    await postgres?.stop();
    await demo?.close();
  });
  beforeEach(() => demo.simulator.resetStats());

  it('imports every table with their types', async () => {
    const tables = await postgres.psql(
      "select count(*) from information_schema.foreign_tables where foreign_table_schema = 'jc'",
    );
    expect(tables).toBe(String(registry.length));
    const types = await postgres.psql(
      "select data_type from information_schema.columns where table_schema = 'jc' and table_name = 'jumpcloud_device' and column_name in ('remote_ip', 'fde', 'last_contact') order by column_name",
    );
    expect(types.split('\n')).toEqual(['jsonb', 'timestamp with time zone', 'inet']);
  });

  it('pushes WHERE through to the API: one filtered request instead of every page', async () => {
    const user = demo.simulator.data.orgs[0]!.users[9]!;
    const out = await postgres.psql(`select username from jc.jumpcloud_user where email = '${user.email}'`);
    expect(out).toBe(user.username);
    expect(demo.simulator.stats().byRoute).toEqual({ 'GET /api/systemusers': 1 });
    expect(demo.simulator.requestLog().at(-1)?.url).toContain('filter=email');
  });

  it('pushes IN through as one GET per id', async () => {
    const [a, b] = demo.simulator.data.orgs[0]!.users.slice(30, 32);
    const out = await postgres.psql(
      `select username from jc.jumpcloud_user where id in ('${a!._id}', '${b!._id}') order by 1`,
    );
    expect(out.split('\n')).toEqual([a!.username, b!.username].sort());
    expect(demo.simulator.stats().byRoute).toEqual({ 'GET /api/systemusers/{id}': 2 });
  });

  it('joins JumpCloud rows with a local table', async () => {
    const users = demo.simulator.data.orgs[0]!.users.slice(0, 3);
    await postgres.psql(
      `truncate reviewers; insert into reviewers values ${users.map((user, i) => `('${user.email}', 'reviewer-${i}')`).join(', ')}`,
    );
    const out = await postgres.psql(
      'select r.reviewer, u.username from reviewers r join jc.jumpcloud_user u on u.email = r.email order by 1',
    );
    expect(out.split('\n')).toEqual(users.map((user, i) => `reviewer-${i}|${user.username}`));
  });

  it('runs a jsonb aggregate over a foreign table', async () => {
    const out = await postgres.psql(
      "select count(*) from jc.jumpcloud_user_group g cross join lateral jsonb_array_elements(g.members) m where g.name = 'Engineering'",
    );
    const engineering = demo.simulator.data.orgs[0]!.userGroups.find(
      (group) => group.name === 'Engineering',
    )!;
    expect(Number(out)).toBe(demo.simulator.data.orgs[0]!.userGroupMembers.get(engineering.id)!.length);
  });
});
