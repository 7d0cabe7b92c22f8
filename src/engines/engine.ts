import { UserError } from '../errors.js';
import type { ConnectionHandle, Row, StatementPlan, TableDef } from '../sdk/index.js';
import { type PlannedScan, ScanStats, scan } from '../sdk/index.js';

/** A result set, positional, with each column's engine type name (Postgres: text, int8, jsonb, …). */
export interface ResultSet {
  columns: Array<{ name: string; dataType: string }>;
  rows: unknown[][];
  /** The command tag (SELECT, CREATE TABLE, …). */
  command: string;
}

export interface StatementOutcome {
  sql: string;
  result: ResultSet;
  stats: ScanStats;
  apiCalls: number;
  durationMs: number;
}

/** The connections a session queries: the default set (one, or an aggregator's members) and each by name. */
export interface SessionConnections {
  default: ConnectionHandle[];
  byName: ReadonlyMap<string, ConnectionHandle[]>;
  /** A running count of HTTP requests sent (retries included), for `API calls: N`. */
  requests: { count: number };
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called while fetching, for a progress line. */
  onProgress?: (stats: ScanStats) => void;
}

/** What `jcsql query` needs of an SQL engine (Postgres on PGlite, SQLite). */
export interface SqlEngine {
  /** Splits a script into statements and plans the scans each needs; throws a UserError on bad SQL. */
  plan(sql: string): StatementPlan[];
  /** Fetches what the statement needs, loads it, runs it. */
  runStatement(statement: StatementPlan, options?: RunOptions): Promise<StatementOutcome>;
  close(): Promise<void>;
}

export interface EngineOptions {
  tables: readonly TableDef[];
  connections: SessionConnections;
  /** jcsql's home (prepared clusters, caches). */
  home: string;
  /** false: fetch whole tables, never pushing quals or limits (differential tests, `--no-pushdown`). */
  pushdown?: boolean;
}

/**
 * Runs one planned statement the way every engine does: fetch what the plan needs, hand the rows
 * to `load`, then `execute` the statement's SQL; times it and counts its API calls.
 */
export async function runPlanned(
  statement: StatementPlan,
  connections: SessionConnections,
  options: RunOptions,
  engine: {
    load(fetched: Awaited<ReturnType<typeof fetchScans>>): Promise<void> | void;
    execute(sql: string): Promise<ResultSet> | ResultSet;
  },
): Promise<StatementOutcome> {
  const started = performance.now();
  const requestsBefore = connections.requests.count;
  const stats = new ScanStats();
  const fetched = await fetchScans(statement, connections, stats, options);
  await engine.load(fetched);
  const result = await engine.execute(statement.sql);
  return {
    sql: statement.sql,
    result,
    stats,
    apiCalls: connections.requests.count - requestsBefore,
    durationMs: performance.now() - started,
  };
}

/** Fetches what each planned scan needs; several scans of one table are unioned (deduplicated). */
export async function fetchScans(
  plan: StatementPlan,
  connections: SessionConnections,
  stats: ScanStats,
  options: RunOptions,
): Promise<Map<string, { table: TableDef; connection: string | undefined; rows: Row[] }>> {
  const groups = new Map<string, { table: TableDef; connection: string | undefined; scans: PlannedScan[] }>();
  for (const planned of plan.scans) {
    const key = `${planned.connection ?? ''}.${planned.table.name}`;
    const group = groups.get(key) ?? { table: planned.table, connection: planned.connection, scans: [] };
    group.scans.push(planned);
    groups.set(key, group);
  }
  const loaded = new Map<string, { table: TableDef; connection: string | undefined; rows: Row[] }>();
  await Promise.all(
    [...groups].map(async ([key, group]) => {
      const handles = group.connection ? connections.byName.get(group.connection) : connections.default;
      if (!handles) throw new UserError(`No connection named ${group.connection}`);
      const results = await Promise.all(
        group.scans.map(async (planned) => {
          const rows: Row[] = [];
          const request = {
            quals: planned.quals,
            columns: planned.columns,
            limit: planned.limit,
            signal: options.signal,
          };
          for await (const row of scan(group.table, handles, request, stats)) {
            rows.push(row);
            if (rows.length % 100 === 0) options.onProgress?.(stats);
          }
          return rows;
        }),
      );
      loaded.set(key, { table: group.table, connection: group.connection, rows: union(results) });
    }),
  );
  return loaded;
}

/** One scan's rows as they are; several scans' rows without the rows they share. */
function union(results: Row[][]): Row[] {
  if (results.length === 1) return results[0]!;
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const row of results.flat()) {
    const key = JSON.stringify(row);
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(row);
  }
  return rows;
}
