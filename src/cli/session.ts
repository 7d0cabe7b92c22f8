import { type HttpClientOptions, JumpCloudClient } from '../client/index.js';
import { type ConnectionConfig, loadConfig, requireApiKey, selectConnections } from '../config/index.js';
import type { SessionConnections } from '../engines/engine.js';
import { type ConnectionHandle, ScanCache } from '../sdk/index.js';
import type { RunningSimulator } from '../simulator/index.js';
import { rowContext } from '../tables/index.js';

export interface SessionOptions {
  demo?: boolean;
  connection?: string;
  configDir?: string;
  /** Commander's `--no-cache` sets cache to false. */
  cache?: boolean;
  env: NodeJS.ProcessEnv;
}

export interface Session {
  connections: SessionConnections;
  warnings: string[];
  close(): Promise<void>;
}

/** The name of the connection `--demo` queries. */
export const DEMO_CONNECTION = 'demo';

/**
 * The connections a command runs on: the built-in simulated org (`--demo`), or the configured
 * connection (or aggregator) chosen with `--connection`. Every other connection and aggregator
 * can still be named as a schema (`jc_second.jumpcloud_user`), as in Steampipe.
 */
export async function openSession(options: SessionOptions): Promise<Session> {
  if (options.demo) {
    // Loaded only for --demo: a real connection never pays for the simulator.
    const { startSimulator } = await import('../simulator/index.js');
    const simulator: RunningSimulator = await startSimulator();
    return {
      connections: simulatorConnections(simulator, { cache: options.cache !== false }),
      warnings: [],
      close: () => simulator.close(),
    };
  }

  const requests = { count: 0 };
  const onRequest = () => {
    requests.count++;
  };
  const config = await loadConfig({ configDir: options.configDir, env: options.env });
  const selected = selectConnections(config, options.connection);
  const handles = new Map(
    config.connections.map((connection) => [
      connection.name,
      connectionHandle(connection, options, onRequest),
    ]),
  );
  const handlesOf = (names: readonly { name: string }[]) => names.map(({ name }) => handles.get(name)!);
  // The chosen connection's key is checked now; another's when a query first names it.
  for (const member of selected.members) requireApiKey(member);
  const members = handlesOf(selected.members);
  // The chosen connection first: it names the session (the shell's `.connection`).
  const byName = new Map<string, ConnectionHandle[]>([[selected.name, members]]);
  for (const [name, handle] of handles) if (!byName.has(name)) byName.set(name, [handle]);
  for (const aggregator of config.aggregators)
    if (!byName.has(aggregator.name))
      byName.set(aggregator.name, handlesOf(selectConnections(config, aggregator.name).members));
  return {
    connections: { default: members, byName, requests },
    warnings: config.warnings,
    close: async () => {},
  };
}

/** A connection's handle; its client (and the check for its API key) is made on first use. */
function connectionHandle(
  connection: ConnectionConfig,
  options: SessionOptions,
  onRequest: () => void,
): ConnectionHandle {
  let client: JumpCloudClient | undefined;
  return {
    name: connection.name,
    orgId: connection.orgId,
    context: rowContext,
    get client() {
      client ??= new JumpCloudClient({
        origin: connection.apiUrl,
        apiKey: requireApiKey(connection),
        orgId: connection.orgId,
        maxConcurrency: connection.maxConcurrency,
        onRequest,
      });
      return client;
    },
    cache: new ScanCache(connection.cacheTtlSeconds, connection.cache && options.cache !== false),
  };
}

/** The one connection (named `demo`) to a simulated org: what `--demo` queries, and what tests use. */
export function simulatorConnections(
  simulator: RunningSimulator,
  options: {
    cache?: boolean;
    apiKey?: string;
    retry?: HttpClientOptions['retry'];
    timeoutMs?: HttpClientOptions['timeoutMs'];
  } = {},
): SessionConnections {
  const requests = { count: 0 };
  const handle: ConnectionHandle = {
    name: DEMO_CONNECTION,
    orgId: simulator.orgId,
    context: rowContext,
    client: new JumpCloudClient({
      origin: simulator.url,
      apiKey: options.apiKey ?? simulator.apiKey,
      orgId: simulator.orgId,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      onRequest: () => {
        requests.count++;
      },
    }),
    cache: new ScanCache(300, options.cache ?? true),
  };
  return { default: [handle], byName: new Map([[DEMO_CONNECTION, [handle]]]), requests };
}
