import { EVENTS_PAGE_SIZE } from '../../src/client/index.js';
import { v2ListBound } from '../lower-bound.js';
import { repeat, runInWorker, summarize } from '../measure.js';
import type { BenchCase } from '../scenario.js';
import { usersOrg } from './queries.js';

const DAY = 86_400_000;

/**
 * Directory Insights events over 7 days of a 10,000-user org: one request per 10,000 events,
 * each after the previous (search_after chains them). The Steampipe plugin has no events table,
 * so there is no anchor figure.
 */
export function eventsCases(): BenchCase[] {
  const dataset = usersOrg(10_000);
  const sql =
    "select id, event_type, service, timestamp, success, initiated_by from jumpcloud_directory_event where timestamp > now() - interval '7 days'";
  return [
    {
      scenario: 'events',
      id: 'events-7d-10000',
      datasets: [dataset],
      async run(ctx) {
        const data = ctx.data(dataset);
        const sim = await ctx.simulator(dataset);
        const samples = await repeat(ctx.options.runs, () =>
          runInWorker({ kind: 'fetch', sim, strategy: 'jcsql', sql }),
        );
        const jcsql = summarize(samples);
        const rows = data.events.filter((e) => Date.parse(e.timestamp) > Date.now() - 7 * DAY).length;
        jcsql.metrics = { ...jcsql.metrics, rowsPerSecond: rows / (jcsql.wallMs / 1000) };
        return {
          scenario: 'events',
          id: 'events-7d-10000',
          label: 'Directory Insights events, 7 days of 10,000 users',
          command: sql,
          dataset,
          jcsql,
          lowerBound: v2ListBound(
            rows,
            EVENTS_PAGE_SIZE,
            ctx.options.latencyMs,
            'events chained by search_after',
          ),
          notes: [
            `${rows.toLocaleString('en-US')} events in the window; no anchor (the plugin has no events table).`,
          ],
        };
      },
    },
  ];
}
