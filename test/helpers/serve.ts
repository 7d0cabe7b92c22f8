import { JumpCloudClient } from '../../src/client/index.js';
import type { SessionConnections } from '../../src/engines/engine.js';
import { type RunningServer, startServer } from '../../src/engines/serve/server.js';
import { type ConnectionHandle, ScanCache } from '../../src/sdk/index.js';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.js';
import { tables } from '../../src/tables/index.js';
import { testHome } from './engine.js';

export const SERVE_PASSWORD = 'serve-test-password';

export interface DemoServer {
  server: RunningServer;
  simulator: RunningSimulator;
  logs: string[];
  /** node-postgres / libpq connection settings for the server. */
  connection: { host: string; port: number; user: string; password: string; database: string };
  close(): Promise<void>;
}

/** `jcsql serve --demo`, in-process: a simulator and a wire server over it. */
export async function openDemoServer(
  options: { simulator?: SimulatorOptions; cache?: boolean } = {},
): Promise<DemoServer> {
  const simulator = await startSimulator(options.simulator);
  const requests = { count: 0 };
  const handle: ConnectionHandle = {
    name: 'demo',
    orgId: simulator.orgId,
    client: new JumpCloudClient({
      origin: simulator.url,
      apiKey: simulator.apiKey,
      orgId: simulator.orgId,
      retry: { baseDelayMs: 10, maxDelayMs: 200 },
      onRequest: () => {
        requests.count++;
      },
    }),
    cache: new ScanCache(300, options.cache ?? false),
  };
  const connections: SessionConnections = {
    default: [handle],
    byName: new Map([['demo', [handle]]]),
    requests,
  };
  const logs: string[] = [];
  const server = await startServer({
    tables,
    connections,
    home: testHome(),
    host: '127.0.0.1',
    port: 0,
    database: 'jcsql',
    user: 'jcsql',
    password: SERVE_PASSWORD,
    log: (line) => logs.push(line),
  });
  return {
    server,
    simulator,
    logs,
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
