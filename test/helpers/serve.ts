import { simulatorConnections } from '../../src/cli/session.js';
import { type RunningServer, startServer } from '../../src/engines/serve/server.js';
import type { TableDef } from '../../src/sdk/index.js';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.js';
import { tables } from '../../src/tables/index.js';
import { TEST_RETRY, testHome } from './engine.js';

export const SERVE_PASSWORD = 'serve-test-password';

export interface DemoServer {
  server: RunningServer;
  simulator: RunningSimulator;
  logs: string[];
  /** The server's debug log (`jcsql serve --debug`). */
  debugLogs: string[];
  /** node-postgres / libpq connection settings for the server. */
  connection: { host: string; port: number; user: string; password: string; database: string };
  close(): Promise<void>;
}

/** `jcsql serve --demo`, in-process: a simulator and a wire server over it. */
export async function openDemoServer(
  options: {
    simulator?: SimulatorOptions;
    cache?: boolean;
    tables?: readonly TableDef[];
    maxConnections?: number;
    poolSize?: number;
  } = {},
): Promise<DemoServer> {
  const simulator = await startSimulator(options.simulator);
  const connections = simulatorConnections(simulator, { cache: options.cache ?? false, retry: TEST_RETRY });
  const logs: string[] = [];
  const debugLogs: string[] = [];
  const server = await startServer({
    tables: options.tables ?? tables,
    connections,
    home: testHome(),
    host: '127.0.0.1',
    port: 0,
    database: 'jcsql',
    user: 'jcsql',
    password: SERVE_PASSWORD,
    maxConnections: options.maxConnections,
    poolSize: options.poolSize,
    log: (line) => logs.push(line),
    debug: (line) => debugLogs.push(line),
  });
  return {
    server,
    simulator,
    logs,
    debugLogs,
    connection: {
      host: '127.0.0.1',
      port: server.port,
      user: 'jcsql',
      password: SERVE_PASSWORD,
      database: 'jcsql',
    },
    async close() {
      await server.close();
      await simulator.close();
    },
  };
}
