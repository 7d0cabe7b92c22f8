import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POOL_SIZE } from '../../src/engines/serve/defaults.js';
import { type DemoServer, openDemoServer } from '../helpers/serve.js';
import { soakScale } from './soak.js';

const CLIENTS = 100;
const QUERIES_PER_CLIENT = soakScale(50, 400);
/** Issue 21's bound for 100 clients in one process (this process also runs the simulator and vitest). */
const RSS_BOUND = 1.5 * 2 ** 30;

const TIMEZONES = ['UTC', 'Asia/Tokyo', 'Europe/Paris', 'America/New_York'];
/** What each client sets at its start, and must see again in every later answer. */
const ownSettings = (clientIndex: number) => ({
  app: `load-client-${clientIndex}`,
  tz: TIMEZONES[clientIndex % TIMEZONES.length]!,
});

/**
 * `jcsql serve` under load: 100 clients × 50 queries on the default pool of engines, every answer
 * checked, each client's own settings and prepared statement checked as it goes, memory watched.
 */
describe('serve under load', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await openDemoServer({ cache: true });
  });
  afterAll(() => demo?.close());

  it(
    `answers ${CLIENTS} clients × ${QUERIES_PER_CLIENT} queries, all correct, with bounded memory`,
    async () => {
      const org = demo.simulator.data.orgs[0]!;
      const queries: Array<{
        sql: string;
        /** node-postgres prepares a named statement once per client, then only binds it. */
        name?: string;
        params?: unknown[];
        check(rows: Array<Record<string, unknown>>, clientIndex: number): void;
      }> = [
        {
          sql: "select current_setting('application_name') as app, current_setting('timezone') as tz",
          check: (rows, clientIndex) => expect(rows).toEqual([ownSettings(clientIndex)]),
        },
        {
          sql: 'select username, $2::int as client from jumpcloud_user where id = $1',
          name: 'user-by-id',
          params: [org.users[7]!._id],
          check: (rows, clientIndex) =>
            expect(rows).toEqual([{ username: org.users[7]!.username, client: clientIndex }]),
        },
        {
          sql: 'select count(*)::int as n from jumpcloud_user',
          check: (rows) => expect(rows).toEqual([{ n: org.users.length }]),
        },
        {
          sql: 'select username from jumpcloud_user where id = $1',
          params: [org.users[5]!._id],
          check: (rows) => expect(rows).toEqual([{ username: org.users[5]!.username }]),
        },
        {
          sql: "select count(*)::int as n from jumpcloud_device where os = 'Windows'",
          check: (rows) =>
            expect(rows).toEqual([{ n: org.systems.filter((system) => system.os === 'Windows').length }]),
        },
        {
          sql: 'select name, jsonb_array_length(members) as n from jumpcloud_user_group order by name limit 1',
          check: (rows) => expect(rows).toHaveLength(1),
        },
      ];
      const errors: unknown[] = [];
      let answered = 0;
      let peakRss = process.memoryUsage().rss;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }, 100);
      const started = Date.now();
      try {
        await Promise.all(
          Array.from({ length: CLIENTS }, async (_, clientIndex) => {
            const client = new pg.Client(demo.connection);
            await client.connect();
            try {
              const own = ownSettings(clientIndex);
              await client.query(`set application_name = '${own.app}'`);
              await client.query(`set timezone = '${own.tz}'`);
              for (let i = 0; i < QUERIES_PER_CLIENT; i++) {
                const query = queries[(clientIndex + i) % queries.length]!;
                try {
                  const params = query.name ? [...query.params!, clientIndex] : query.params;
                  const result = await client.query({ text: query.sql, name: query.name, values: params });
                  query.check(result.rows, clientIndex);
                  answered++;
                } catch (error) {
                  errors.push(error);
                }
              }
            } finally {
              await client.end();
            }
          }),
        );
      } finally {
        clearInterval(sampler);
      }
      const seconds = (Date.now() - started) / 1000;
      console.info(
        `[load] ${answered} queries from ${CLIENTS} clients in ${seconds.toFixed(1)} s (${(answered / seconds).toFixed(0)} q/s), peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
      );
      expect(errors).toEqual([]);
      expect(answered).toBe(CLIENTS * QUERIES_PER_CLIENT);
      // The clients shared the pool's engines: none made anything that would keep one for itself.
      expect(demo.server.engines).toBeLessThanOrEqual(DEFAULT_POOL_SIZE);
      expect(peakRss).toBeLessThan(RSS_BOUND);
      expect(demo.simulator.stats().writes).toBe(0);
    },
    soakScale(600_000, 3_600_000),
  );
});
