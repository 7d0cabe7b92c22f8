/** `jcsql serve`'s defaults, in a module of their own: the CLI reads them without loading the engines. */

/** Clients served at once unless `--max-connections` says otherwise: PostgreSQL's own default. */
export const DEFAULT_MAX_CONNECTIONS = 100;

/** Postgres engines the clients share unless `--pool-size` says otherwise (docs/serve-pool.md). */
export const DEFAULT_POOL_SIZE = 4;
