import { readFileSync } from 'node:fs';
import pg from 'pg';
import { fetchScans, type SessionConnections } from '../src/engines/engine.js';
import { type EngineKind, openEngine, type SqlEngine } from '../src/engines/index.js';
import { loadParser, planScript, ScanStats, type StatementPlan } from '../src/sdk/index.js';
import { tables, tablesByName, wording } from '../src/tables/index.js';
import { measure, type Sample } from './measure.js';
import { BENCH_HOME } from './paths.js';
import type { SimulatorEndpoint } from './simulator.js';
import { openConnections, type Strategy } from './strategies.js';

/** What a worker process is asked to measure. Plain data: it crosses a process boundary. */
export type Task =
  /** `pushdown: false` plans as `--no-pushdown` does (whole tables, no keys through joins). */
  | { kind: 'fetch'; sim: SimulatorEndpoint; strategy: Strategy; sql: string; pushdown?: boolean }
  | { kind: 'repeat'; sim: SimulatorEndpoint; engine: EngineKind; sql: string }
  | { kind: 'load'; sim: SimulatorEndpoint; engine: EngineKind; sql: string }
  | {
      kind: 'serve-clients';
      sim: SimulatorEndpoint;
      server: pg.ClientConfig;
      /** The server's pid: measuring waits until it is idle (its session pool refills in the background). */
      serverPid: number;
      clients: number;
      durationMs: number;
      queries: string[];
    };

export function runTask(task: Task): Promise<Sample> {
  switch (task.kind) {
    case 'fetch':
      return fetchTask(task);
    case 'repeat':
      return repeatTask(task);
    case 'load':
      return loadTask(task);
    case 'serve-clients':
      return serveClientsTask(task);
  }
}

async function planOne(
  sql: string,
  connections: SessionConnections,
  pushdown = true,
): Promise<StatementPlan> {
  await loadParser();
  const [plan] = planScript(sql, {
    tables: tablesByName,
    connectionSchemas: new Set(connections.byName.keys()),
    pushdown,
    wording,
  });
  if (!plan) throw new Error(`no statement in ${sql}`);
  return plan;
}

/** Plans the SQL and fetches what it needs, exactly as an engine does before loading: the API-facing part of a query. */
async function fetchRows(sql: string, connections: SessionConnections, pushdown = true): Promise<number> {
  const fetched = await fetchScans(
    await planOne(sql, connections, pushdown),
    connections,
    new ScanStats(),
    {},
  );
  return [...fetched.values()].reduce((sum, { rows }) => sum + rows.length, 0);
}

async function fetchTask(task: Extract<Task, { kind: 'fetch' }>): Promise<Sample> {
  const connections = await openConnections(task.strategy, task.sim, { cache: false });
  await loadParser();
  return measure(task.sim, async () => ({ rows: await fetchRows(task.sql, connections, task.pushdown) }));
}

async function withEngine<T>(
  kind: EngineKind,
  connections: SessionConnections,
  use: (engine: SqlEngine) => Promise<T>,
): Promise<T> {
  const engine = await openEngine(kind, { tables, connections, home: BENCH_HOME });
  try {
    return await use(engine);
  } finally {
    await engine.close();
  }
}

async function runStatement(engine: SqlEngine, sql: string): Promise<number> {
  const [plan] = engine.plan(sql);
  if (!plan) throw new Error(`no statement in ${sql}`);
  return (await engine.runStatement(plan)).result.rows.length;
}

/** A query, then the same query again inside the cache TTL: the second is measured, the first reported. */
async function repeatTask(task: Extract<Task, { kind: 'repeat' }>): Promise<Sample> {
  const connections = await openConnections('jcsql', task.sim, { cache: true });
  return withEngine(task.engine, connections, async (engine) => {
    const run = async () => ({ rows: await runStatement(engine, task.sql) });
    const first = await measure(task.sim, run);
    const second = await measure(task.sim, run);
    return { ...second, metrics: { firstRunMs: first.wallMs, firstRunRequests: first.requests } };
  });
}

/**
 * Loading rows into an engine: the rows are fetched first (into the scan cache, not measured),
 * then a statement over them is timed: no API call, all of it load and execute.
 */
async function loadTask(task: Extract<Task, { kind: 'load' }>): Promise<Sample> {
  // 100,000 users are ~500 MB as the cache estimates them: past its default 256 MB, they would be
  // fetched again, and the API calls, not the load, timed.
  const connections = await openConnections('jcsql', task.sim, { cache: true, cacheMaxSizeMb: 4096 });
  const rows = await fetchRows(task.sql, connections);
  const opening = performance.now();
  return withEngine(task.engine, connections, async (engine) => {
    const openMs = performance.now() - opening;
    const sample = await measure(task.sim, async () => {
      await runStatement(engine, task.sql);
      return { rows };
    });
    return { ...sample, metrics: { openMs, rowsPerSecond: rows / (sample.wallMs / 1000) } };
  });
}

/** CPU seconds a process has used (utime + stime from /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Waits (up to a minute) until a process uses under a fifth of a CPU over a second. */
async function untilIdle(pid: number): Promise<void> {
  for (let waited = 0; waited < 60; waited++) {
    const before = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (cpuSeconds(pid) - before < 0.2) return;
  }
}

/** `clients` node-postgres clients, each running the queries round-robin, one at a time, for a while. */
async function serveClientsTask(task: Extract<Task, { kind: 'serve-clients' }>): Promise<Sample> {
  const clients = await Promise.all(
    Array.from({ length: task.clients }, async () => {
      const client = new pg.Client(task.server);
      await client.connect();
      return client;
    }),
  );
  try {
    // Every client runs a query first, and the server settles, so the measured part is the steady state.
    await Promise.all(clients.map((client) => client.query(task.queries[0]!)));
    await untilIdle(task.serverPid);
    const latencies: number[] = [];
    const sample = await measure(task.sim, async () => {
      const deadline = performance.now() + task.durationMs;
      await Promise.all(
        clients.map(async (client, index) => {
          for (let i = index; performance.now() < deadline; i++) {
            const started = performance.now();
            await client.query(task.queries[i % task.queries.length]!);
            latencies.push(performance.now() - started);
          }
        }),
      );
      return {};
    });
    latencies.sort((a, b) => a - b);
    const quantile = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return {
      ...sample,
      rows: latencies.length,
      metrics: {
        queries: latencies.length,
        queriesPerSecond: latencies.length / (sample.wallMs / 1000),
        p50Ms: quantile(0.5),
        p95Ms: quantile(0.95),
      },
    };
  } finally {
    await Promise.allSettled(clients.map((client) => client.end()));
  }
}
