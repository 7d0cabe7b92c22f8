import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorConnections } from '../../src/cli/session.js';
import type { SessionConnections } from '../../src/engines/engine.js';
import { SqliteEngine } from '../../src/engines/sqlite/sqlite-engine.js';
import { writeSnapshot } from '../../src/engines/sqlite/sqlite-snapshot.js';
import { UserError } from '../../src/errors.js';
import { tables, tablesByName } from '../../src/tables/index.js';
import { type DemoEngine, openDemoSqliteEngine, TEST_RETRY, testHome } from '../helpers/engine.js';

/**
 * The SQLite engine refuses writes to the JumpCloud tables in SQLite itself (triggers), not only
 * in the statement guard: each write here bypasses the guard, running on the engine's own
 * better-sqlite3 handle or as a planned statement's SQL, as a statement the guard missed would.
 */

const MESSAGE = 'jumpcloud_user is read-only: jcsql never writes to JumpCloud';
const BYPASSING_WRITES = [
  'delete from jumpcloud_user',
  'delete from main.jumpcloud_user',
  "insert into jumpcloud_user (id, username) values ('x', 'backdoor.admin')",
  "insert or replace into jumpcloud_user (id, username) values ('x', 'backdoor.admin')",
  "replace into jumpcloud_user (id, username) values ('x', 'backdoor.admin')",
  "update jumpcloud_user set username = 'backdoor.admin'",
  "update or ignore jumpcloud_user set username = 'backdoor.admin'",
];

describe('the SQLite engine refuses writes to its tables itself', () => {
  let demo: DemoEngine<SqliteEngine>;
  let users: number;
  beforeAll(async () => {
    demo = await openDemoSqliteEngine({ cache: false });
    users = demo.simulator.data.orgs[0]!.users.length;
  });
  afterAll(async () => {
    await demo?.close();
  });
  /** Runs SQL as a planned statement runs, with no plan and no guard. */
  const unguarded = (sql: string) =>
    demo.engine.runStatement({ sql, scans: [] }).catch((error: unknown) => error);
  /** Every user and no planted one; the table then holds every row (the last load was whole). */
  const whole = async () => {
    expect(await demo.query("select id from jumpcloud_user where username = 'backdoor.admin'")).toEqual([]);
    expect(await demo.query('select count(*) as n from jumpcloud_user')).toEqual([{ n: users }]);
  };

  it.each(BYPASSING_WRITES)('on its database handle: %s', async (sql) => {
    await whole();
    expect(() => demo.engine.db.prepare(sql).run()).toThrow(MESSAGE);
    expect(demo.engine.db.prepare('select count(*) as n from jumpcloud_user').get()).toEqual({ n: users });
    await whole();
  });

  it.each(BYPASSING_WRITES)('as a statement the guard missed, with the guard’s error: %s', async (sql) => {
    await whole();
    const error = await unguarded(sql);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(MESSAGE);
    expect((error as UserError).sqlState).toBe('25006');
    expect(demo.engine.db.prepare('select count(*) as n from jumpcloud_user').get()).toEqual({ n: users });
    await whole();
  });

  it("a user's trigger on their own table cannot write through to a JumpCloud table", async () => {
    await whole();
    demo.engine.db.exec(`create temp table mine (x);
      create temp trigger plant after insert on mine begin
        insert into jumpcloud_user (id, username) values ('x', 'backdoor.admin'); end`);
    expect(() => demo.engine.db.exec('insert into mine values (1)')).toThrow(MESSAGE);
    demo.engine.db.exec('drop table mine');
    await whole();
  });

  it('a dropped trigger is back before the next statement', async () => {
    await whole();
    demo.engine.db.exec('drop trigger jcsql_read_only_jumpcloud_user_delete');
    expect(((await unguarded('delete from jumpcloud_user')) as Error).message).toBe(MESSAGE);
    expect(demo.engine.db.prepare('select count(*) as n from jumpcloud_user').get()).toEqual({ n: users });
    await whole();
  });

  it('repeated loads replace the rows (none doubled, none lost)', async () => {
    for (let run = 0; run < 3; run++) await whole();
    expect(await demo.query('select count(distinct id) as n from jumpcloud_user')).toEqual([{ n: users }]);
  });
});

describe("a trigger or other object on a table's name that is not the engine's", () => {
  it('makes the next statement fail, before a load could fire it', async () => {
    const demo = await openDemoSqliteEngine({ cache: false });
    try {
      await demo.query('select count(*) from jumpcloud_user');
      demo.engine.db.exec(
        'create temp trigger foreign_one before delete on main.jumpcloud_user begin select 1; end',
      );
      await expect(demo.query('select count(*) from jumpcloud_user')).rejects.toThrow(
        /A statement altered a JumpCloud table/,
      );
    } finally {
      await demo.close();
    }
  });
});

describe('connections with several schemas', () => {
  it('every schema loads, and refuses writes', async () => {
    const demo = await openDemoSqliteEngine({ cache: false });
    const { default: handles } = simulatorConnections(demo.simulator, { cache: false, retry: TEST_RETRY });
    const connections: SessionConnections = {
      default: handles,
      byName: new Map([
        ['jc_a', handles],
        ['jc_b', handles],
      ]),
      requests: { count: 0 },
    };
    const engine = await SqliteEngine.open({ tables, connections, home: testHome() });
    try {
      const users = demo.simulator.data.orgs[0]!.users.length;
      for (const schema of ['jc_a', 'jc_b', 'main'])
        for (let run = 0; run < 2; run++) {
          const sql = `select count(*) as n from ${schema}.jumpcloud_user`;
          const [plan] = engine.plan(sql);
          const outcome = await engine.runStatement(plan!);
          expect(outcome.result.rows, sql).toEqual([[users]]);
          expect(() => engine.db.prepare(`delete from ${schema}.jumpcloud_user`).run()).toThrow(MESSAGE);
        }
    } finally {
      await engine.close();
      await demo.close();
    }
  });
});

describe('a snapshot file carries no trigger and needs no jcsql function', () => {
  it('its owner can write to it with plain better-sqlite3', async () => {
    const demo = await openDemoSqliteEngine();
    const path = join(mkdtempSync(join(tmpdir(), 'jcsql-snapshot-')), 'jumpcloud.db');
    try {
      await writeSnapshot(path, [tablesByName.get('jumpcloud_user')!], demo.connections);
      const db = new Database(path);
      try {
        expect(db.prepare("select name from sqlite_master where type = 'trigger'").all()).toEqual([]);
        db.prepare("insert into jumpcloud_user (id, username) values ('x', 'mine')").run();
        db.prepare("update jumpcloud_user set username = 'changed' where id = 'x'").run();
        db.prepare('delete from jumpcloud_user').run();
        expect(db.prepare('select count(*) as n from jumpcloud_user').get()).toEqual({ n: 0 });
      } finally {
        db.close();
      }
    } finally {
      await demo.close();
    }
  });
});
