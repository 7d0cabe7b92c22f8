import type { HttpClientOptions } from '../client/index.js';
import {
  BUILT_IN_DEFAULTS,
  type CacheLimits,
  loadConfig,
  readCacheLimits,
  selectConnections,
} from '../config/index.js';
import { connect, connectOne } from '../connect/index.js';
import type { SessionConnections } from '../engines/engine.js';
import type { RunningSimulator } from '../simulator/index.js';

export interface SessionOptions {
  demo?: boolean;
  connection?: string;
  configDir?: string;
  /** Commander's `--no-cache` sets cache to false. */
  cache?: boolean;
  env: NodeJS.ProcessEnv;
  /** Prints one config warning: called as the config is read, so a later error never hides them. */
  warn: (warning: string) => void;
}

export interface Session {
  connections: SessionConnections;
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
      connections: simulatorConnections(simulator, {
        cache: options.cache !== false,
        cacheLimits: readCacheLimits([], options.env),
      }),
      close: () => simulator.close(),
    };
  }

  const config = await loadConfig({ configDir: options.configDir, env: options.env });
  for (const warning of config.warnings) options.warn(warning);
  const selected = selectConnections(config, options.connection);
  return {
    connections: connect(config, selected, { cache: options.cache }),
    close: async () => {},
  };
}

/** The one connection (named `demo`) to a simulated org: what `--demo` queries, and what tests use. */
export function simulatorConnections(
  simulator: RunningSimulator,
  options: {
    cache?: boolean;
    cacheLimits?: CacheLimits;
    apiKey?: string;
    retry?: HttpClientOptions['retry'];
    timeoutMs?: HttpClientOptions['timeoutMs'];
  } = {},
): SessionConnections {
  return connectOne(
    {
      name: DEMO_CONNECTION,
      apiKey: options.apiKey ?? simulator.apiKey,
      orgId: simulator.orgId,
      orgIdFromConfig: false,
      region: 'us',
      apiUrl: simulator.url,
      maxConcurrency: BUILT_IN_DEFAULTS.maxConcurrency,
      cacheTtlSeconds: BUILT_IN_DEFAULTS.cacheTtlSeconds,
      cache: options.cache ?? true,
      source: undefined,
    },
    { client: { retry: options.retry, timeoutMs: options.timeoutMs }, cacheLimits: options.cacheLimits },
  );
}

/** The `warn` of a session whose warnings go to this stream, one `Warning:` line each. */
export const warnTo =
  (stderr: Pick<NodeJS.WritableStream, 'write'>) =>
  (warning: string): void => {
    stderr.write(`Warning: ${warning}\n`);
  };
