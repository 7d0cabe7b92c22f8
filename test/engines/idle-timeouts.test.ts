import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';
import { type DemoServer, openDemoServer } from '../helpers/serve.js';

/**
 * PGlite takes idle_in_transaction_session_timeout, idle_session_timeout and transaction_timeout,
 * but once one runs out its backend never answers again (it spins). The engine thread puts them
 * back to 0 after every statement (pglite-worker.js): a session that sets them and then waits
 * past them must still be answered.
 */
const TIMEOUTS = ['idle_in_transaction_session_timeout', 'idle_session_timeout', 'transaction_timeout'];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('timeouts PGlite cannot honour, with jcsql query', () => {
  let demo: DemoEngine;
  beforeAll(async () => {
    demo = await openDemoEngine();
  });
  afterAll(() => demo?.close());

  it('answers after a pause longer than them, in and out of a transaction', async () => {
    for (const name of TIMEOUTS) await demo.query(`set ${name} = '100ms'`);
    await pause(300);
    expect(await demo.query('select 1 as one')).toEqual([{ one: 1 }]);
    await demo.query('begin');
    await demo.query("select pg_catalog.set_config('transaction_timeout', '100ms', false)");
    await pause(300);
    expect(await demo.query('select 2 as two')).toEqual([{ two: 2 }]);
    await demo.query('commit');
    const shown = await demo.query(
      `select ${TIMEOUTS.map((name) => `current_setting('${name}') as ${name}`).join(', ')}`,
    );
    expect(shown).toEqual([Object.fromEntries(TIMEOUTS.map((name) => [name, '0']))]);
  });
});

describe('timeouts PGlite cannot honour, with jcsql serve', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await openDemoServer({ poolSize: 1 });
  });
  afterAll(() => demo?.close());

  it('answers a client that set them and waited past them, and the engine serves the next client', async () => {
    const a = new pg.Client(demo.connection);
    const b = new pg.Client(demo.connection);
    await Promise.all([a.connect(), b.connect()]);
    try {
      // Were the engine to stop answering, this fails the statement instead of hanging the test.
      await a.query("set statement_timeout = '5s'");
      for (const name of TIMEOUTS) await a.query(`set ${name} = '100ms'`);
      await a.query('begin');
      await a.query('select 1');
      await pause(300);
      expect((await a.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
      await a.query('commit');
      await pause(300);
      expect((await a.query('show idle_session_timeout')).rows).toEqual([{ idle_session_timeout: '0' }]);
      expect((await b.query('select 3 as three')).rows).toEqual([{ three: 3 }]);
    } finally {
      await Promise.allSettled([a.end(), b.end()]);
    }
  });
});
