import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { OrgData } from '../../src/simulator/index.js';
import { cliEnv } from '../child.js';
import { CONCURRENCY, type LowerBound } from '../lower-bound.js';
import { processPeakRssMb, repeat, runInWorker, summarize } from '../measure.js';
import type { BenchOptions } from '../options.js';
import { CLI_PATH } from '../paths.js';
import type { BenchCase } from '../scenario.js';
import { type SimulatorEndpoint, simulatorEnv } from '../simulator.js';
import { ORG } from './queries.js';

const PASSWORD = 'bench-password';

interface ServeVariant {
  id: string;
  label: string;
  /** Concurrent node-postgres clients. */
  clients: number;
  cache: boolean;
  queries: (data: OrgData) => string[];
  lowerBound?: (latencyMs: number) => LowerBound;
  notes: string[];
}

const VARIANTS: ServeVariant[] = [
  ...[8, 100].map(
    (clients): ServeVariant => ({
      id: clients === 8 ? 'serve-cached' : `serve-cached-${clients}`,
      label: `\`jcsql serve\`, ${clients} clients, \`count(*)\` of ${ORG.users.toLocaleString('en-US')} users (cached)`,
      clients,
      cache: true,
      queries: () => ['select count(*) from jumpcloud_user'],
      notes: [
        'After the first query the scan cache answers: this measures the wire server and PGlite.',
        'The clients share the default pool of engines, one per CPU from 2 to 4 (docs/serve-pool.md).',
      ],
    }),
  ),
  {
    id: 'serve-gets',
    label: '`jcsql serve --no-cache`, 8 clients, `id = …` lookups',
    clients: 8,
    cache: false,
    queries: (data) =>
      data.users.slice(0, 100).map((user) => `select username from jumpcloud_user where id = '${user._id}'`),
    lowerBound: (latencyMs) => ({
      requests: 1,
      rounds: 1,
      ms: latencyMs,
      basis: '1 get per query; 8 clients at once bound it to 8 queries per latency',
    }),
    notes: ['Every query is one API get; the lower bound on throughput is clients ÷ latency.'],
  },
];

/** `jcsql serve` as a child process, pointed at the simulator; resolves once it listens. */
async function startServe(
  sim: SimulatorEndpoint,
  cache: boolean,
): Promise<{ child: ChildProcess; port: number }> {
  const args = [CLI_PATH, 'serve', '--port', '0', '--password', PASSWORD, ...(cache ? [] : ['--no-cache'])];
  const child = spawn(process.execPath, args, {
    env: cliEnv(simulatorEnv(sim)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /listening on .*:(\d+)$/.exec(line);
    if (match) return { child, port: Number(match[1]) };
  }
  throw new Error('jcsql serve exited before listening');
}

async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** 9. `jcsql serve`: queries per second with 8 and 100 concurrent node-postgres clients. */
export function serveCases(options: BenchOptions): BenchCase[] {
  const durationMs = options.quick ? 3_000 : 10_000;
  const runs = Math.min(options.runs, 3);
  return VARIANTS.map((variant) => ({
    scenario: 'serve',
    id: variant.id,
    datasets: [ORG],
    async run(ctx) {
      const sim = await ctx.simulator(ORG);
      const queries = variant.queries(ctx.data(ORG));
      const { child, port } = await startServe(sim, variant.cache);
      try {
        const server = { host: '127.0.0.1', port, user: 'jcsql', password: PASSWORD, database: 'jcsql' };
        const samples = await repeat(runs, async () => {
          const sample = await runInWorker({
            kind: 'serve-clients',
            sim,
            server,
            serverPid: child.pid!,
            clients: variant.clients,
            durationMs,
            queries,
          });
          return { ...sample, peakRssMb: processPeakRssMb(child.pid!) };
        });
        const lowerBound = variant.lowerBound?.(options.latencyMs);
        return {
          scenario: 'serve',
          id: variant.id,
          label: variant.label,
          command: `${variant.clients} × pg.Client running ${queries.length === 1 ? queries[0] : `${queries.length} distinct queries`} for ${durationMs / 1000} s`,
          dataset: ORG,
          jcsql: summarize(samples),
          ...(lowerBound ? { lowerBound } : {}),
          notes: [
            ...variant.notes,
            `Peak RSS is the server process's (${variant.clients} client sessions); max_concurrency ${CONCURRENCY}.`,
          ],
        };
      } finally {
        await stopServe(child);
      }
    },
  }));
}
