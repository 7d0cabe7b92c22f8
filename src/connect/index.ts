/**
 * The one way to build the connections a session queries, from config's connections: used by
 * the CLI (configured and `--demo`), the library and the tests. It sits above tables (it needs
 * config, the client and the SDK) and below the engines, which only receive what it builds.
 */
import { type HttpClientOptions, JumpCloudClient } from '../client/index.js';
import {
  type CacheLimits,
  type ConnectionConfig,
  type JcsqlConfig,
  requireApiKey,
  type Selection,
  selectConnections,
} from '../config/index.js';
import {
  CacheBudget,
  type ConnectionHandle,
  DEFAULT_CACHE_BOUNDS,
  ScanCache,
  type SessionConnections,
} from '../sdk/index.js';
import { rowContext } from '../tables/index.js';

export interface ConnectOptions {
  /** false: no scan cache whatever the connections say (`--no-cache`). */
  cache?: boolean;
  /** Client settings config has no place for (tests: short retries, a short request timeout). */
  client?: Pick<HttpClientOptions, 'retry' | 'timeoutMs'>;
  /** The scan cache's bounds, when not the config's (`--demo` reads them from the environment alone). */
  cacheLimits?: CacheLimits;
}

/**
 * The selected connection (or aggregator's members) as the default, and every connection and
 * aggregator of `config` by name, as a schema (`jc_second.jumpcloud_user`), as in Steampipe.
 * The selection's API keys are checked now; another connection's when a query first names it.
 */
export function connect(
  config: JcsqlConfig,
  selected: Selection,
  options: ConnectOptions = {},
): SessionConnections {
  const requests = { count: 0 };
  const onRequest = () => {
    requests.count++;
  };
  // One bound for every connection's cache: an aggregator of ten keeps no more than one connection.
  const budget = new CacheBudget({
    ...DEFAULT_CACHE_BOUNDS,
    ...config.cacheLimits,
    ...options.cacheLimits,
  });
  const handles = new Map(
    config.connections.map((connection) => [
      connection.name,
      connectionHandle(connection, options, onRequest, budget),
    ]),
  );
  const handlesOf = (names: readonly { name: string }[]) => names.map(({ name }) => handles.get(name)!);
  for (const member of selected.members) requireApiKey(member);
  const members = handlesOf(selected.members);
  // The chosen connection first: it names the session (the shell's `.connection`).
  const byName = new Map<string, ConnectionHandle[]>([[selected.name, members]]);
  for (const [name, handle] of handles) if (!byName.has(name)) byName.set(name, [handle]);
  for (const aggregator of config.aggregators)
    if (!byName.has(aggregator.name))
      byName.set(aggregator.name, handlesOf(selectConnections(config, aggregator.name).members));
  return { default: members, byName, requests };
}

/** A session of one connection: `--demo`'s simulated org, the library's. */
export const connectOne = (connection: ConnectionConfig, options: ConnectOptions = {}): SessionConnections =>
  connect(
    { connections: [connection], aggregators: [], files: [], warnings: [] },
    { name: connection.name, members: [connection] },
    options,
  );

/** A connection's handle; its client (and the check for its API key) is made on first use. */
function connectionHandle(
  connection: ConnectionConfig,
  options: ConnectOptions,
  onRequest: () => void,
  budget: CacheBudget,
): ConnectionHandle {
  let client: JumpCloudClient | undefined;
  return {
    name: connection.name,
    orgId: connection.orgId,
    context: rowContext,
    get client() {
      client ??= new JumpCloudClient({
        origin: connection.apiUrl,
        insightsOrigin: connection.insightsUrl,
        apiKey: requireApiKey(connection),
        orgId: connection.orgId,
        maxConcurrency: connection.maxConcurrency,
        onRequest,
        ...options.client,
      });
      return client;
    },
    cache: new ScanCache(
      connection.cacheTtlSeconds,
      connection.cache && options.cache !== false,
      Date.now,
      budget,
    ),
  };
}
