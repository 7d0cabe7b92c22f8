import { join } from 'node:path';
import Database from 'better-sqlite3';
// The package's own name, as a user imports it: resolved through package.json "exports" to dist.
import { attachJumpCloud, type JumpCloudAttachment } from 'jcsql/sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { makeTempDir } from '../helpers/engine.js';

describe("import { attachJumpCloud } from 'jcsql/sqlite' (built dist)", () => {
  let simulator: RunningSimulator;
  let db: Database.Database;
  let file: string;
  let jumpcloud: JumpCloudAttachment;
  beforeAll(async () => {
    simulator = await startSimulator({ users: 250, devices: 20 });
    file = join(makeTempDir('jcsql-lib-'), 'app.db');
    db = new Database(file);
    db.exec('create table badges (email text primary key, badge integer)');
    const users = simulator.data.orgs[0]!.users;
    const insert = db.prepare('insert into badges values (?, ?)');
    for (const [index, user] of users.slice(0, 5).entries()) insert.run(user.email, 100 + index);
    simulator.resetStats();
    jumpcloud = await attachJumpCloud(db, {
      apiKey: simulator.apiKey,
      apiUrl: simulator.url,
      orgId: simulator.orgId,
      tables: ['jumpcloud_user', 'jumpcloud_device'],
    });
  });
  afterAll(async () => {
    db?.close();
    await simulator?.close();
  });

  // device_info is a hydrate column: one System Insights listing for every device at once.
  const DEVICES = { 'GET /api/systems': 1, 'GET /api/v2/systeminsights/system_info': 1 };

  it('loads the chosen tables, whole, with the fewest calls: one page of 100 per 100 rows', () => {
    expect(jumpcloud.tables).toEqual(['jumpcloud_user', 'jumpcloud_device']);
    expect(simulator.stats().byRoute).toEqual({ 'GET /api/systemusers': 3, ...DEVICES });
    expect(jumpcloud.apiCalls).toBe(5);
  });

  it("answers plain synchronous queries, joined with the user's own tables", () => {
    const rows = db
      .prepare(
        `select b.badge, u.username, u.activated, u.mfa ->> '$.configured' as mfa_configured
         from badges b join jumpcloud_user u on u.email = b.email order by b.badge`,
      )
      .all() as Array<{ badge: number; username: string; activated: number; mfa_configured: number }>;
    const users = simulator.data.orgs[0]!.users.slice(0, 5);
    expect(rows.map((row) => row.username)).toEqual(users.map((user) => user.username));
    expect(rows.every((row) => [0, 1].includes(row.activated) && [0, 1].includes(row.mfa_configured))).toBe(
      true,
    );
    expect(db.prepare('select count(*) as n from jumpcloud.jumpcloud_device').get()).toEqual({ n: 20 });
  });

  it('keeps NULL as NULL and timestamps as ISO-8601 text', () => {
    const row = db
      .prepare(
        `select typeof(created) as t, created, sum(password_expiration_date is null) as nulls,
                sum(password_expiration_date = '') as blanks from jumpcloud_user`,
      )
      .get() as { t: string; created: string; nulls: number; blanks: number | null };
    expect(row.t).toBe('text');
    expect(row.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(row.blanks).toBe(0);
  });

  it('query() reuses tables loaded within cacheTtl, with no API call', async () => {
    simulator.resetStats();
    const rows = await jumpcloud.query<{ username: string }>(
      'select username from jumpcloud_user where email = ?',
      simulator.data.orgs[0]!.users[7]!.email,
    );
    expect(rows).toEqual([{ username: simulator.data.orgs[0]!.users[7]!.username }]);
    expect(simulator.stats().total).toBe(0);
  });

  it('refresh() fetches the named tables again', async () => {
    simulator.resetStats();
    await jumpcloud.refresh(['jumpcloud_device']);
    expect(simulator.stats().byRoute).toEqual(DEVICES);
    await expect(jumpcloud.refresh(['jumpcloud_user_group'])).rejects.toThrow(
      /No attached table named jumpcloud_user_group/,
    );
  });

  it("writes nothing to the user's file, and detach() removes the tables", () => {
    const other = new Database(file, { readonly: true });
    const names = other.prepare("select name from sqlite_master where type = 'table'").pluck().all();
    other.close();
    expect(names).toEqual(['badges']);
    jumpcloud.detach();
    expect(() => db.prepare('select 1 from jumpcloud_user').all()).toThrow(/no such table: jumpcloud_user/);
  });

  it('query() with cacheTtl 0 refreshes the tables a statement names, and only those', async () => {
    const fresh = await attachJumpCloud(db, {
      apiKey: simulator.apiKey,
      apiUrl: simulator.url,
      orgId: simulator.orgId,
      tables: ['jumpcloud_user', 'jumpcloud_device'],
      cacheTtl: 0,
      schema: 'jc',
    });
    simulator.resetStats();
    const [row] = await fresh.query<{ n: number }>('select count(*) as n from jc.jumpcloud_device');
    expect(row).toEqual({ n: 20 });
    expect(simulator.stats().byRoute).toEqual(DEVICES);
    fresh.detach();
  });
});

describe('attachJumpCloud reads JUMPCLOUD_* as `jcsql query` does', () => {
  const names = ['JUMPCLOUD_API_KEY', 'JUMPCLOUD_API_URL', 'JUMPCLOUD_ORG_ID'] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('takes the key, org and URL from the environment, trimmed', async () => {
    const simulator = await startSimulator({ users: 3, devices: 1 });
    const db = new Database(':memory:');
    try {
      process.env.JUMPCLOUD_API_KEY = ` ${simulator.apiKey}\n`;
      process.env.JUMPCLOUD_API_URL = `${simulator.url} `;
      process.env.JUMPCLOUD_ORG_ID = simulator.orgId;
      const attached = await attachJumpCloud(db, { tables: ['jumpcloud_user'] });
      expect(db.prepare('select count(*) as n from jumpcloud_user').get()).toEqual({ n: 3 });
      expect(attached.apiCalls).toBe(1);
    } finally {
      db.close();
      await simulator.close();
    }
  });

  it('refuses a JUMPCLOUD_API_URL or apiUrl that jcsql refuses, with its message', async () => {
    const db = new Database(':memory:');
    try {
      process.env.JUMPCLOUD_API_URL = 'http://console.example.com';
      await expect(attachJumpCloud(db, { apiKey: 'k' })).rejects.toThrow(
        'JUMPCLOUD_API_URL must use https (http is allowed only for localhost or 127.0.0.1) (got "http://console.example.com")',
      );
      await expect(
        attachJumpCloud(db, { apiKey: 'k', apiUrl: 'https://console.jumpcloud.com/api' }),
      ).rejects.toThrow(
        'apiUrl must be an origin only, such as https://console.jumpcloud.com (no path, query or user) (got "https://console.jumpcloud.com/api")',
      );
    } finally {
      db.close();
    }
  });

  it('asks for a key when there is none', async () => {
    delete process.env.JUMPCLOUD_API_KEY;
    await expect(attachJumpCloud(new Database(':memory:'))).rejects.toThrow(/^No JumpCloud API key$/);
  });
});
