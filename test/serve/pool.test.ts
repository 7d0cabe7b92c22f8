import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, openDemoServer } from '../helpers/serve.js';

/**
 * `jcsql serve`'s engine pool (engine-pool.ts): with one engine in the pool, clients take turns on
 * it, and each must find its own session there as it left it, and nothing of the others'.
 */
describe('jcsql serve: clients sharing one engine (--pool-size 1)', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await openDemoServer({ poolSize: 1, cache: true });
  });
  afterAll(() => demo?.close());

  const client = async () => {
    const c = new pg.Client(demo.connection);
    await c.connect();
    return c;
  };
  const settings = async (c: pg.Client) =>
    (
      await c.query(
        "select current_setting('application_name') as app, current_setting('timezone') as tz, current_setting('search_path') as path",
      )
    ).rows[0];

  it('keeps each client’s settings and prepared statements (SQL and protocol) as its own', async () => {
    const [a, b] = await Promise.all([client(), client()]);
    try {
      await a.query("set application_name = 'client-a'");
      await a.query("set timezone = 'Asia/Tokyo'");
      // A setting made by a function call in a query moves with its client as well.
      await a.query("select set_config('search_path', 'pg_catalog, public', false)");
      await a.query('prepare pick (int) as select $1 * 10 as n');
      await b.query("set application_name = 'client-b'");
      await b.query('prepare pick (int) as select $1 * 100 as n');
      const byId = { name: 'by-id', text: 'select username from jumpcloud_user where id = $1' };
      const user = demo.simulator.data.orgs[0]!.users[3]!;
      await a.query({ ...byId, values: [user._id] });
      for (let round = 0; round < 3; round++) {
        expect(await settings(a)).toEqual({ app: 'client-a', tz: 'Asia/Tokyo', path: 'pg_catalog, public' });
        expect(await settings(b)).toEqual({ app: 'client-b', tz: 'UTC', path: 'public' });
        expect((await a.query('execute pick(2)')).rows).toEqual([{ n: 20 }]);
        expect((await b.query('execute pick(2)')).rows).toEqual([{ n: 200 }]);
        // node-postgres binds its named statement without parsing it again: it is made again where a runs.
        expect((await a.query({ ...byId, values: [user._id] })).rows).toEqual([{ username: user.username }]);
        await expect(b.query({ name: 'by-id', text: 'select 1', values: [] })).resolves.toBeDefined();
      }
      // The two took turns on one engine.
      expect(demo.server.engines).toBe(1);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('gives a client that makes a temporary table an engine of its own, closed when it leaves', async () => {
    const [a, b] = await Promise.all([client(), client()]);
    try {
      await a.query('create temp table mine as select 1 as x');
      expect((await b.query('select 2 as y')).rows).toEqual([{ y: 2 }]);
      expect(demo.server.engines).toBe(2);
      await expect(b.query('select * from mine')).rejects.toMatchObject({ code: '42P01' });
      expect((await a.query('select x from mine')).rows).toEqual([{ x: 1 }]);
      // b made a table in public: when c needs the engine b is on, b keeps it, and c gets another.
      await b.query('create table public.shared_by_nobody (x int)');
      const c = await client();
      try {
        expect((await c.query('select count(*)::int as n from jumpcloud_user')).rows).toEqual([
          { n: demo.simulator.data.orgs[0]!.users.length },
        ]);
        await expect(c.query('select * from public.shared_by_nobody')).rejects.toMatchObject({
          code: '42P01',
        });
        expect((await b.query('select count(*)::int as n from public.shared_by_nobody')).rows).toEqual([
          { n: 0 },
        ]);
        expect(demo.server.engines).toBe(3);
      } finally {
        await c.end();
      }
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    await expect.poll(() => demo.server.engines).toBe(1);
    // What they made went with their engines.
    const c = await client();
    expect(demo.server.engines).toBe(1);
    try {
      await expect(c.query('select * from public.shared_by_nobody')).rejects.toMatchObject({ code: '42P01' });
    } finally {
      await c.end();
    }
  });

  it('keeps an engine for a transaction: another client waits for its end, then finds no trace of it', async () => {
    const a = await client();
    await a.query('begin');
    // Connecting takes no engine: b connects while a holds the only one.
    const b = await client();
    try {
      await a.query("set application_name = 'in-a-transaction'");
      const order: string[] = [];
      const waiting = b.query('select 1 as one').then((result) => {
        order.push('b');
        return result;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      order.push('a commits');
      await a.query('commit');
      expect((await waiting).rows).toEqual([{ one: 1 }]);
      expect(order).toEqual(['a commits', 'b']);
      expect((await settings(b)).app).toBe('');
      expect((await settings(a)).app).toBe('in-a-transaction');
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('gives the engine to waiting clients in the order they came', async () => {
    const a = await client();
    const waiting = await Promise.all([client(), client(), client(), client()]);
    try {
      await a.query('begin');
      const order: number[] = [];
      const runs: Array<Promise<unknown>> = [];
      for (const [i, c] of waiting.entries()) {
        runs.push(c.query(`select ${i} as i`).then(() => order.push(i)));
        // Each is waiting for the engine before the next asks.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(order).toEqual([]);
      await a.query('commit');
      await Promise.all(runs);
      expect(order).toEqual([0, 1, 2, 3]);
      expect(demo.server.engines).toBe(1);
    } finally {
      await Promise.all([a, ...waiting].map((c) => c.end()));
    }
  });

  it('rolls back what a client left open when it went away', async () => {
    const a = await client();
    await a.query('begin');
    await a.query("set application_name = 'gone'");
    await a.query('declare c cursor for select 1');
    await a.end();
    const b = await client();
    try {
      expect((await b.query('select pg_catalog.txid_current_if_assigned() is null as idle')).rows).toEqual([
        { idle: true },
      ]);
      expect((await settings(b)).app).toBe('');
      await expect(b.query('fetch c')).rejects.toMatchObject({ code: '34000' });
    } finally {
      await b.end();
    }
  });
});
