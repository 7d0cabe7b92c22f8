import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatorConnections } from '../../src/cli/session.js';
import type { EngineOptions, SessionConnections, SqlEngine } from '../../src/engines/engine.js';
import { PostgresEngine } from '../../src/engines/postgres/postgres-engine.js';
import { SqliteEngine } from '../../src/engines/sqlite/sqlite-engine.js';
import type { TableDef } from '../../src/sdk/index.js';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.js';
import { tables } from '../../src/tables/index.js';
import { insightTables } from '../../src/tables/insights/index.js';

/** Retries in tests wait milliseconds, not seconds: fault tests stay quick. */
export const TEST_RETRY = { baseDelayMs: 10, maxDelayMs: 200 };

/** The jcsql home tests share: the prepared cluster is built once per machine, not per test. */
export const testHome = (): string => process.env.JCSQL_HOME ?? join(tmpdir(), 'jcsql-test-home');

export interface DemoEngine<Engine extends SqlEngine = PostgresEngine> {
  engine: Engine;
  simulator: RunningSimulator;
  connections: SessionConnections;
  /** Runs one statement and returns its rows as objects. */
  query(sql: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface DemoEngineOptions {
  simulator?: SimulatorOptions;
  /** Use a running simulator instead of starting one. */
  running?: RunningSimulator;
  pushdown?: boolean;
  cache?: boolean;
  apiKey?: string;
  /** The tables, if not the product's. */
  tables?: readonly TableDef[];
}

/** A Postgres engine over a simulated org, as `jcsql query --demo` builds it. */
export const openDemoEngine = (options: DemoEngineOptions = {}): Promise<DemoEngine> =>
  openDemo((engineOptions) => PostgresEngine.open(engineOptions), options);

/** A SQLite engine over a simulated org, as `jcsql query --demo --engine sqlite` builds it. */
export const openDemoSqliteEngine = (options: DemoEngineOptions = {}): Promise<DemoEngine<SqliteEngine>> =>
  openDemo((engineOptions) => SqliteEngine.open(engineOptions), options);

async function openDemo<Engine extends SqlEngine>(
  open: (options: EngineOptions) => Promise<Engine>,
  options: DemoEngineOptions,
): Promise<DemoEngine<Engine>> {
  const simulator = options.running ?? (await startSimulator(options.simulator));
  const connections = simulatorConnections(simulator, {
    cache: options.cache ?? true,
    apiKey: options.apiKey,
    retry: TEST_RETRY,
  });
  const engine = await open({
    tables: options.tables ?? tables,
    connections,
    home: testHome(),
    pushdown: options.pushdown,
  });
  return {
    engine,
    simulator,
    connections,
    async query(sql) {
      const [plan] = engine.plan(sql);
      if (!plan) throw new Error(`no statement in ${sql}`);
      const { result } = await engine.runStatement(plan);
      return result.rows.map((row) =>
        Object.fromEntries(result.columns.map((column, i) => [column.name, row[i]])),
      );
    },
    async close() {
      await engine.close();
      if (!options.running) await simulator.close();
    },
  };
}

export const makeTempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

/**
 * The registry with the generated System Insights tables sampled: they share one definition
 * (src/tables/insights/table.ts), so the suites that run a process per table take every other
 * table and three of them (the generator's own tests hold all 57).
 */
export const sampledTables = (() => {
  const generated = new Set(insightTables.map((table) => table.name));
  const sample = new Set([
    'jumpcloud_device_disk_encryption',
    'jumpcloud_device_alf',
    'jumpcloud_device_bitlocker_info',
  ]);
  return tables.filter((table) => !generated.has(table.name) || sample.has(table.name));
})();
