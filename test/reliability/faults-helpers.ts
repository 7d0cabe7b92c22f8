/**
 * Shared by the fault suite (test/reliability/faults*.test.ts): connections with short retries and
 * a short request timeout, the tally of faults injected and rows compared, and the optional JSON
 * summary for RELIABILITY.md (written to $JCSQL_RELIABILITY_REPORT when it is set).
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { simulatorConnections } from '../../src/cli/session.js';
import type { RetryPolicy } from '../../src/client/http.js';
import type { SessionConnections, SqlEngine } from '../../src/engines/engine.js';
import { planExport, runExport } from '../../src/engines/export/export.js';
import type { TextSink } from '../../src/engines/export/sinks.js';
import type { ExportFormat } from '../../src/engines/export/writers.js';
import { PostgresEngine } from '../../src/engines/postgres/postgres-engine.js';
import { type RunningServer, startServer } from '../../src/engines/serve/server.js';
import { SqliteEngine } from '../../src/engines/sqlite/sqlite-engine.js';
import { FAULT_KINDS, type FaultKind, type RunningSimulator } from '../../src/simulator/index.js';
import { tables, tablesByName } from '../../src/tables/index.js';
import { TEST_RETRY, testHome } from '../helpers/engine.js';

export { FAULT_KINDS, type FaultKind };

/** The rates the suite injects each fault at. */
export const RATES = [0.05, 0.1, 0.2, 0.3] as const;

/** The mix `jcsql demo serve --faults …` lost rows with in issue 15. */
export const ISSUE_15_MIX = 'shift:0.3,totalcount:0.3,malformed:0.1,429-bare:0.1,502:0.1,503:0.05';

/** `npm run soak` (JCSQL_SOAK=1): every kind at every rate on every surface, more seeds. */
export { SOAK } from './soak.js';

/**
 * Long enough for any real answer of the simulator, even when an engine in the same process holds
 * the event loop (up to ~200 ms measured; 250 ms timed out on 2 busy cores), short enough that a
 * `stall` costs little.
 */
export const REQUEST_TIMEOUT_MS = 600;

/**
 * The demo connection as simulatorConnections builds it, but with the request timeout a `stall`
 * needs (the CLI's is 30 s) and the tests' short retries; the scan cache is off, so every query
 * meets the faults.
 */
export function faultyConnections(
  simulator: RunningSimulator,
  retry: Partial<RetryPolicy> = {},
): SessionConnections {
  return simulatorConnections(simulator, {
    cache: false,
    // Retry-After (1 s from the simulator) honoured for at most 50 ms: the CLI suite waits the real second.
    retry: { ...TEST_RETRY, maxRetryAfterMs: 50, ...retry },
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
}

/** The query surfaces: both engines in-process, and `serve` with a connected node-postgres client. */
export interface QueryEngines {
  postgres: PostgresEngine;
  sqlite: SqliteEngine;
  server: RunningServer;
  client: pg.Client;
  /** Settings for another client of the same server. */
  clientConfig: pg.ClientConfig;
  close(): Promise<void>;
}

/** Opens the query surfaces at once, each over its own connections (so its own simulator). */
export async function openQueryEngines(
  connections: Record<'postgres' | 'sqlite' | 'serve', SessionConnections>,
): Promise<QueryEngines> {
  const options = (surface: keyof typeof connections) => ({
    tables,
    connections: connections[surface],
    home: testHome(),
  });
  const login = { database: 'jcsql', user: 'jcsql', password: 'faults-test' };
  const [postgres, sqlite, server] = await Promise.all([
    PostgresEngine.open(options('postgres')),
    SqliteEngine.open(options('sqlite')),
    startServer({ ...options('serve'), ...login, host: '127.0.0.1', port: 0 }),
  ]);
  const clientConfig: pg.ClientConfig = { ...login, host: '127.0.0.1', port: server.port };
  const client = new pg.Client(clientConfig);
  await client.connect();
  return {
    postgres,
    sqlite,
    server,
    client,
    clientConfig,
    async close() {
      await client.end();
      await server.close();
      await postgres.close();
      await sqlite.close();
    },
  };
}

export type Rows = Array<Record<string, unknown>>;

/** An export sink that keeps the text. */
export class MemorySink implements TextSink {
  text = '';
  async write(text: string) {
    this.text += text;
  }
  async commit() {}
  async abandon() {}
}

/** A statement's rows as objects keyed by column name. */
export async function engineRows(engine: SqlEngine, sql: string): Promise<Rows> {
  const [plan] = engine.plan(sql);
  const { result } = await engine.runStatement(plan!);
  return result.rows.map((row) =>
    Object.fromEntries(result.columns.map((column, i) => [column.name, row[i]])),
  );
}

/** `jcsql export TABLE --output FORMAT [--select …]` in-process: its text and row count. */
export async function exportText(
  connections: SessionConnections,
  table: string,
  format: ExportFormat,
  select?: readonly string[],
) {
  const sink = new MemorySink();
  const plan = planExport({ table: tablesByName.get(table)!, format, select });
  const result = await runExport(plan, { connections: connections.default, sink });
  return { text: sink.text, rows: result.rows };
}

/** How a run under faults ended: the fault-free rows, a clean error, or (never allowed) other rows with success. */
export type Outcome = 'complete' | 'error' | 'wrong';

/** What one test file injected and compared. */
export class FaultTally {
  readonly faults: Partial<Record<FaultKind, number>> = {};
  /** Runs under injected faults whose result was compared with the fault-free one. */
  runs = 0;
  rowsCompared = 0;
  /** Runs under persistent faults that had to fail cleanly. */
  persistentFailures = 0;
  /** Per surface (e.g. `export`), how its runs ended; see record(). */
  readonly outcomes: Record<string, Record<Outcome, number>> = {};

  constructor(readonly file: string) {}

  /** Adds a run: the simulator's fault counts since its last stats reset, and the rows compared. */
  addRun(faults: Record<string, number>, rows: number): void {
    for (const [kind, count] of Object.entries(faults))
      this.faults[kind as FaultKind] = (this.faults[kind as FaultKind] ?? 0) + count;
    this.runs++;
    this.rowsCompared += rows;
  }

  /** Counts how a surface's run ended (addRun counts its faults and rows). */
  record(surface: string, outcome: Outcome): void {
    this.outcomes[surface] ??= { complete: 0, error: 0, wrong: 0 };
    this.outcomes[surface][outcome]++;
  }

  line(): string {
    const kinds = FAULT_KINDS.map((kind) => `${kind} ${this.faults[kind] ?? 0}`).join(', ');
    const ends = Object.entries(this.outcomes).map(
      ([surface, o]) =>
        `\n  ${surface}: ${o.complete + o.error + o.wrong} runs, ${o.complete} complete, ${o.error} errors, ${o.wrong} wrong`,
    );
    return `[faults] ${this.file}: ${this.runs} runs, ${this.rowsCompared} rows compared, ${this.persistentFailures} persistent-fault failures; injected: ${kinds}${ends.join('')}`;
  }

  /** Prints the totals and, with $JCSQL_RELIABILITY_REPORT set, merges them into that JSON file. */
  report(): void {
    console.info(this.line());
    const path = process.env.JCSQL_RELIABILITY_REPORT;
    if (path) withLock(`${path}.lock`, () => mergeInto(path, this));
  }
}

interface Summary {
  faults: Record<string, number>;
  runs: number;
  rowsCompared: number;
  persistentFailures: number;
  files: Record<
    string,
    {
      faults: Record<string, number>;
      runs: number;
      rowsCompared: number;
      persistentFailures: number;
      outcomes?: Record<string, Record<Outcome, number>>;
    }
  >;
}

/** The files' totals are summed anew from `files`, so a file run twice counts once. */
function mergeInto(path: string, tally: FaultTally): void {
  let summary: Summary = { faults: {}, runs: 0, rowsCompared: 0, persistentFailures: 0, files: {} };
  if (existsSync(path)) {
    try {
      summary = { ...summary, ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<Summary>) };
    } catch {
      // not ours, or cut short: start afresh
    }
  }
  summary.files[tally.file] = {
    faults: { ...tally.faults },
    runs: tally.runs,
    rowsCompared: tally.rowsCompared,
    persistentFailures: tally.persistentFailures,
    ...(Object.keys(tally.outcomes).length > 0 && { outcomes: tally.outcomes }),
  };
  const files = Object.values(summary.files);
  summary.faults = {};
  for (const file of files)
    for (const [kind, count] of Object.entries(file.faults))
      summary.faults[kind] = (summary.faults[kind] ?? 0) + count;
  summary.runs = files.reduce((sum, file) => sum + file.runs, 0);
  summary.rowsCompared = files.reduce((sum, file) => sum + file.rowsCompared, 0);
  summary.persistentFailures = files.reduce((sum, file) => sum + file.persistentFailures, 0);
  writeFileSync(path, `${JSON.stringify(summary, null, 2)}\n`);
}

/** Two test files may finish at once: a lock file keeps their read-merge-write apart. */
function withLock(lock: string, body: () => void): void {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { force: true }); // left by a killed run
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    body();
  } finally {
    rmSync(lock, { force: true });
  }
}
