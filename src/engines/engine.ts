import { UserError } from '../errors.js';
import type { ProductWording, Row, SessionConnections, StatementPlan, TableDef } from '../sdk/index.js';
import { joinKeysQual, type PlannedScan, type Qual, ScanStats, scan } from '../sdk/index.js';
import { wording as tablesWording } from '../tables/index.js';

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

export type { SessionConnections };

export interface RunOptions {
  /** Aborting it cancels the statement: its API calls stop and it fails with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** A limit on the statement's time (`--query-timeout`, a client's `statement_timeout`). */
  timeout?: StatementTimeout | undefined;
  /** Called while fetching, for a progress line. */
  onProgress?: (stats: ScanStats) => void;
  /** Where a table's one-line notices go (a default time window it applied); the engine's `notice`. */
  notice?: ((message: string) => void) | undefined;
}

/** How long a statement may run, and what it fails with when the time is up. */
export interface StatementTimeout {
  /** Milliseconds; 0 means no limit. */
  ms: number;
  error: () => Error;
}

/**
 * One statement's own abort signal: it follows the caller's signal, fires when the timeout is up,
 * and fires when the statement ends, so no API call outlives the statement that wanted it (a
 * failed scan's siblings, hydrates still running after a LIMIT was reached).
 */
export class StatementScope {
  readonly #controller = new AbortController();
  readonly #parent: AbortSignal | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #onParentAbort = () => this.#controller.abort(this.#parent?.reason);

  constructor(options: Pick<RunOptions, 'signal' | 'timeout'>) {
    this.#parent = options.signal;
    if (this.#parent?.aborted) this.#controller.abort(this.#parent.reason);
    else this.#parent?.addEventListener('abort', this.#onParentAbort, { once: true });
    const timeout = options.timeout;
    if (timeout && timeout.ms > 0 && !this.#controller.signal.aborted) {
      this.#timer = setTimeout(() => this.#controller.abort(timeout.error()), timeout.ms);
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** What the statement fails with: the cancel or timeout when one came, else its own error. */
  failure(error: unknown): unknown {
    return this.#controller.signal.aborted ? this.#controller.signal.reason : error;
  }

  /** Throws the cancel or timeout, if one came (a result computed after it is not handed back). */
  throwIfAborted(): void {
    this.#controller.signal.throwIfAborted();
  }

  /** The statement is over: stop the timer, and whatever it started that is still running. */
  close(): void {
    clearTimeout(this.#timer);
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
    if (!this.#controller.signal.aborted) this.#controller.abort(new Error('the statement has ended'));
  }
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
  /** How the planner's refusals name the product; default: the tables layer's. */
  wording?: ProductWording;
  /** Tells the user, in one line, of something the engine repaired on its own (a damaged cache). */
  notice?: (message: string) => void;
}

/** The words an engine's planner uses: the caller's, else the tables layer's. */
export const plannerWording = (options: Pick<EngineOptions, 'wording'>): ProductWording =>
  options.wording ?? tablesWording;

/**
 * Runs one planned statement the way every engine does: fetch what the plan needs, hand the rows
 * to `load`, then `execute` the statement's SQL; times it and counts its API calls.
 */
export async function runPlanned(
  statement: StatementPlan,
  connections: SessionConnections,
  options: RunOptions,
  engine: {
    /** `signal` aborts when the statement is cancelled or times out: an engine that can be stopped stops. */
    load(fetched: Awaited<ReturnType<typeof fetchScans>>, signal: AbortSignal): Promise<void> | void;
    execute(sql: string, signal: AbortSignal): Promise<ResultSet> | ResultSet;
  },
): Promise<StatementOutcome> {
  const started = performance.now();
  const requestsBefore = connections.requests.count;
  const stats = new ScanStats();
  const scope = new StatementScope(options);
  let result: ResultSet;
  try {
    const fetched = await fetchScans(statement, connections, stats, {
      ...options,
      signal: scope.signal,
      timeout: undefined, // the scope keeps the time
    });
    scope.throwIfAborted();
    await engine.load(fetched, scope.signal);
    result = await engine.execute(statement.sql, scope.signal);
    // An engine that cannot be interrupted (SQLite) finishes: a result that came after the cancel or the timeout is dropped.
    scope.throwIfAborted();
  } catch (error) {
    throw scope.failure(error);
  } finally {
    scope.close();
  }
  return {
    sql: statement.sql,
    result,
    stats,
    apiCalls: connections.requests.count - requestsBefore,
    durationMs: performance.now() - started,
  };
}

export type FetchedRows = Map<
  string,
  { table: TableDef; connection: string | undefined; rows: readonly Row[] }
>;

/**
 * Fetches what each planned scan needs; several scans of one table are unioned (deduplicated).
 * A cancel or timeout (or one scan failing) stops every API call of the others at once.
 */
export async function fetchScans(
  plan: StatementPlan,
  connections: SessionConnections,
  stats: ScanStats,
  options: RunOptions,
): Promise<FetchedRows> {
  const scope = new StatementScope(options);
  try {
    return await fetchAll(plan, connections, stats, { ...options, signal: scope.signal });
  } catch (error) {
    throw scope.failure(error);
  } finally {
    scope.close();
  }
}

async function fetchAll(
  plan: StatementPlan,
  connections: SessionConnections,
  stats: ScanStats,
  options: RunOptions,
): Promise<FetchedRows> {
  const planned = new Set(plan.scans);
  const fetchedScans = new Map<PlannedScan, Promise<{ rows: readonly Row[]; quals: readonly Qual[] }>>();
  /** A scan's rows and the quals it was read by; a dependent scan waits for its driver's first (docs/joins.md). */
  const fetchScan = (scanned: PlannedScan) => {
    let fetched = fetchedScans.get(scanned);
    if (!fetched) {
      fetched = (async () => {
        const dependency = scanned.dependency;
        let quals = scanned.quals;
        if (dependency && planned.has(dependency.driver) && !dependsOn(dependency.driver, scanned)) {
          const driven = await fetchScan(dependency.driver);
          const keys = joinKeysQual(scanned, driven.rows, [...driven.quals, ...dependency.driverQuals]);
          if (keys) quals = [...quals, keys];
        }
        const handles = scanned.connection ? connections.byName.get(scanned.connection) : connections.default;
        if (!handles) throw new UserError(`No connection named ${scanned.connection}`);
        const pages: Array<readonly Row[]> = [];
        const request = {
          quals,
          columns: scanned.columns,
          limit: scanned.limit,
          signal: options.signal,
          notice: options.notice,
        };
        for await (const page of scan(scanned.table, handles, request, stats)) {
          pages.push(page);
          options.onProgress?.(stats);
        }
        // One page (a cached result is one) is taken as it is: a store sees the very rows it loaded.
        return { rows: pages.length === 1 ? pages[0]! : pages.flat(), quals };
      })();
      fetchedScans.set(scanned, fetched);
    }
    return fetched;
  };

  const groups = new Map<string, { table: TableDef; connection: string | undefined; scans: PlannedScan[] }>();
  for (const scanned of plan.scans) {
    const key = `${scanned.connection ?? ''}.${scanned.table.name}`;
    const group = groups.get(key) ?? { table: scanned.table, connection: scanned.connection, scans: [] };
    group.scans.push(scanned);
    groups.set(key, group);
  }
  const loaded: FetchedRows = new Map();
  await Promise.all(
    [...groups].map(async ([key, group]) => {
      const results = await Promise.all(group.scans.map(async (scanned) => (await fetchScan(scanned)).rows));
      loaded.set(key, { table: group.table, connection: group.connection, rows: union(results) });
    }),
  );
  return loaded;
}

/** Whether `scan` waits, through its chain of drivers, for `other` (a cycle would never end). */
function dependsOn(scanned: PlannedScan, other: PlannedScan): boolean {
  const seen = new Set<PlannedScan>();
  for (let at: PlannedScan | undefined = scanned; at && !seen.has(at); at = at.dependency?.driver) {
    if (at === other) return true;
    seen.add(at);
  }
  return false;
}

/** One scan's rows as they are; several scans' rows without the rows they share. */
function union(results: ReadonlyArray<readonly Row[]>): readonly Row[] {
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
