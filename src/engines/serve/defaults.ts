import { availableParallelism } from 'node:os';

/** `jcsql serve`'s defaults, in a module of their own: the CLI reads them without loading the engines. */

/** Clients served at once unless `--max-connections` says otherwise: PostgreSQL's own default. */
export const DEFAULT_MAX_CONNECTIONS = 100;

/**
 * Postgres engines the clients share unless `--pool-size` says otherwise: one per CPU, from 2 to
 * 4. An engine runs one statement at a time on one core, so more engines than cores add memory
 * (~100–150 MB each under load), not throughput (docs/serve-pool.md).
 */
export const DEFAULT_POOL_SIZE = Math.min(4, Math.max(2, availableParallelism()));
