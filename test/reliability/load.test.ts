import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, openDemoServer } from '../helpers/serve.js';
import { soakScale } from './soak.js';

const CLIENTS = 32;
const QUERIES_PER_CLIENT = soakScale(50, 400);

/** `jcsql serve` under load: 32 clients × 50 queries, every answer checked, memory watched. */
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
        params?: unknown[];
        check(rows: Array<Record<string, unknown>>): void;
      }> = [
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
              for (let i = 0; i < QUERIES_PER_CLIENT; i++) {
                const query = queries[(clientIndex + i) % queries.length]!;
                try {
                  const result = await client.query(query.sql, query.params);
                  query.check(result.rows);
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
      // Each client holds its own Postgres session (~175 MB): bounded by the client count.
      expect(peakRss).toBeLessThan(CLIENTS * 220 * 2 ** 20 + 1024 * 2 ** 20);
      expect(demo.simulator.stats().writes).toBe(0);
    },
    soakScale(600_000, 3_600_000),
  );
});
