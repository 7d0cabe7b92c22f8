import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type DemoServer, openDemoServer } from '../helpers/serve.js';

/**
 * Clients asking for the same rows at once (a dashboard's panels, a BI tool's pool refreshing)
 * share one fetch through the scan cache (sdk scan.ts, cache.ts `inFlight`): exact request counts
 * from the simulator's own log. One listing of 1,000 users is 11 requests (chained pages of 100).
 */
describe('jcsql serve: identical statements at once share one fetch', () => {
  let demo: DemoServer | undefined;
  const clients: pg.Client[] = [];
  afterEach(async () => {
    await Promise.allSettled(clients.splice(0).map((c) => c.end()));
    await demo?.close();
  });

  const open = async (latencyMs: number, count: number) => {
    demo = await openDemoServer({ simulator: { users: 1000, latencyMs }, cache: true });
    for (let i = 0; i < count; i++) {
      const c = new pg.Client(demo.connection);
      await c.connect();
      clients.push(c);
    }
    demo.simulator.resetStats();
    return { demo, clients };
  };
  const COUNT = 'select count(*)::int as n from jumpcloud_user';
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('ten clients running the same count at once cost one listing, and each gets the whole answer', async () => {
    const { demo, clients } = await open(20, 10);
    const results = await Promise.all(clients.map((c) => c.query(COUNT)));
    expect(results.map((result) => result.rows[0])).toEqual(Array(10).fill({ n: 1000 }));
    expect(demo.simulator.stats().byRoute).toEqual({ 'GET /api/systemusers': 11 });
  });

  it('a client whose statement_timeout ends while it waits gets 57014; the fetch goes on for the other', async () => {
    const { demo, clients } = await open(300, 2);
    const [a, b] = clients as [pg.Client, pg.Client];
    await b.query("set statement_timeout = '150ms'");
    const first = a.query(COUNT);
    await delay(30);
    await expect(b.query(COUNT)).rejects.toMatchObject({ code: '57014' });
    expect((await first).rows).toEqual([{ n: 1000 }]);
    expect(demo.simulator.stats().byRoute).toEqual({ 'GET /api/systemusers': 11 });
    // What a fetched is kept: b's next statement is answered from the cache.
    await b.query('set statement_timeout = 0');
    expect((await b.query(COUNT)).rows).toEqual([{ n: 1000 }]);
    expect(demo.simulator.stats().byRoute).toEqual({ 'GET /api/systemusers': 11 });
  });

  it('when the fetch a client waits for is stopped, the client fetches its own, whole', async () => {
    const { demo, clients } = await open(300, 2);
    const [a, b] = clients as [pg.Client, pg.Client];
    await a.query("set statement_timeout = '150ms'");
    const first = a.query(COUNT);
    await delay(30);
    const second = b.query(COUNT);
    await expect(first).rejects.toMatchObject({ code: '57014' });
    expect((await second).rows).toEqual([{ n: 1000 }]);
    // a's pages before its timeout, then b's whole listing.
    expect(demo.simulator.stats().byRoute['GET /api/systemusers']).toBeGreaterThan(11);
  });
});
