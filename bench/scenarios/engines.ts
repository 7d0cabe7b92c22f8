import { ENGINE_KINDS } from '../../src/engines/index.js';
import { noRequestsBound } from '../lower-bound.js';
import type { BenchOptions } from '../options.js';
import type { BenchCase } from '../scenario.js';
import { usersOrg } from './queries.js';
import { workerCase } from './worker-case.js';

const ENGINE_NAMES = { postgres: 'Postgres (PGlite)', sqlite: 'SQLite (better-sqlite3)' } as const;

/** 5. The same query again inside the cache TTL: no API call, only the engine's work. */
export function cacheCases(): BenchCase[] {
  const users = 10_000;
  const sql = 'select * from jumpcloud_user';
  return ENGINE_KINDS.map((engine) =>
    workerCase({
      scenario: 'cache',
      id: `cache-repeat-${engine}`,
      label: `Repeat within the cache TTL, ${users.toLocaleString('en-US')} users, ${ENGINE_NAMES[engine]}`,
      command: `${sql} (twice; the second is measured)`,
      dataset: usersOrg(users),
      task: (sim) => ({ kind: 'repeat', sim, engine, sql }),
      lowerBound: () => noRequestsBound('served from the scan cache'),
      notes: [
        'Steampipe caches query results too (300 s by default), so the anchor would also send no request here; no anchor column.',
      ],
    }),
  );
}

/** 7. Loading rows into each engine (fetched beforehand into the scan cache, so no API call is timed). */
export function engineLoadCases(options: BenchOptions): BenchCase[] {
  const users = options.quick ? 10_000 : 100_000;
  const sql = 'select count(*) from jumpcloud_user';
  return ENGINE_KINDS.map((engine) =>
    workerCase({
      scenario: 'engine-load',
      id: `engine-load-${engine}`,
      label: `Engine load, ${users.toLocaleString('en-US')} users, ${ENGINE_NAMES[engine]}`,
      command: `${sql} over cached rows`,
      dataset: usersOrg(users),
      task: (sim) => ({ kind: 'load', sim, engine, sql }),
      lowerBound: () => noRequestsBound('rows already fetched'),
    }),
  );
}
