import type { StatementTimeout } from '../engines/engine.js';
import { jcsqlHome } from '../engines/home.js';
import {
  discardWarmEngine,
  type EngineKind,
  openEngine,
  type SqlEngine,
  type StatementOutcome,
  warmEngine,
} from '../engines/index.js';
import { describeError, UserError } from '../errors.js';
import type { ScanRecord, StatementPlan } from '../sdk/index.js';
import { tables, tablesByName } from '../tables/index.js';
import type { CliIO } from './io.js';
import {
  formatTiming,
  type OutputOptions,
  type OutputSink,
  type Pager,
  printThrough,
  resultSeparator,
  type ScanTiming,
  type TimingInfo,
  type TimingMode,
  timingMetadata,
  writeResult,
} from './output/index.js';
import type { Progress } from './progress.js';
import { DEMO_CONNECTION, openSession, type Session, type SessionOptions, warnTo } from './session.js';

export interface QuerySessionOptions extends Omit<SessionOptions, 'env' | 'warn'> {
  engine: EngineKind;
  pushdown?: boolean;
}

/** What `jcsql query` runs on: the session's connections (its config warnings printed) and an engine over them. */
export async function openQuerySession(
  options: QuerySessionOptions,
  io: Pick<CliIO, 'stderr' | 'env'>,
): Promise<{ session: Session; engine: SqlEngine }> {
  const home = jcsqlHome(io.env);
  // --demo's connections are known before its session starts: the engine opens meanwhile. A
  // configured session's are known once its config is read, and its cluster opens then.
  const warmed = options.demo ? [DEMO_CONNECTION] : undefined;
  await warmEngine(options.engine, home, tables, warmed);
  let session: Session;
  try {
    session = await openSession({ ...options, env: io.env, warn: warnTo(io.stderr) });
  } catch (error) {
    // Not awaited: the error is printed at once; the process ends when the cluster is closed.
    if (warmed) void discardWarmEngine(options.engine, home, tables, warmed);
    throw error;
  }
  try {
    const engine = await openSessionEngine(session, options, io);
    return { session, engine };
  } catch (error) {
    await session.close();
    throw error;
  }
}

/** An engine over an open session's connections (another dialect on the same session, `jcsql mcp`). */
export function openSessionEngine(
  session: Session,
  options: Pick<QuerySessionOptions, 'engine' | 'pushdown'>,
  io: Pick<CliIO, 'stderr' | 'env'>,
): Promise<SqlEngine> {
  return openEngine(options.engine, {
    tables,
    connections: session.connections,
    home: jcsqlHome(io.env),
    pushdown: options.pushdown,
    notice: warnTo(io.stderr),
  });
}

export interface PrintOptions {
  output: OutputOptions;
  timing: TimingMode;
  stdout: OutputSink;
  /** Shows a result that does not fit the terminal through the pager; undefined: paging is off. */
  pager: Pager | undefined;
  /** Where the timing line goes: stderr in batch mode, stdout in the interactive shell (as Steampipe does). */
  timingOut: NodeJS.WritableStream;
  /** Where each failed statement's `Error: …` line goes. */
  errors: NodeJS.WritableStream;
  progress: Progress;
  /** Aborting it cancels the statement in progress (its API calls) and skips the rest. */
  signal?: AbortSignal;
  /** Each statement's time limit (`--query-timeout`): one that runs out fails, and the next one runs. */
  timeout?: StatementTimeout | undefined;
}

/** What a cancelled statement reports (Postgres's words for a cancel). */
export const CANCELLED = 'canceling statement due to user request';

/** What `--timing` reports of one statement. */
export function timingInfo(outcome: StatementOutcome): TimingInfo {
  const { stats } = outcome;
  return {
    durationMs: outcome.durationMs,
    rowsReturned: outcome.result.rows.length,
    rowsFetched: stats.rowsFetched + stats.cachedRowsFetched,
    cachedRowsFetched: stats.cachedRowsFetched,
    apiCalls: outcome.apiCalls,
    hydrateCalls: stats.hydrateCalls,
    scans: stats.scans,
    connections: stats.connections.size,
    scanList: stats.records.map(scanTiming),
  };
}

function scanTiming(record: ScanRecord): ScanTiming {
  const table = tablesByName.get(record.table);
  const typeOf = (column: string) => table?.columns.find((candidate) => candidate.name === column)?.type;
  return {
    connection: record.connection,
    table: record.table,
    cacheHit: record.cacheHit,
    rowsFetched: record.rowsFetched,
    hydrateCalls: record.hydrateCalls,
    startTime: record.started.wallClock,
    durationMs: record.durationMs,
    columns: record.columns,
    limit: record.limit,
    quals: record.quals.map(({ column, operator, values }) => {
      const typed = values.map((value) => qualValue(value, typeOf(column)));
      return { column, operator, value: operator === '=' && typed.length > 1 ? typed : typed[0] };
    }),
  };
}

/** A qual's constant as Steampipe's plugin gets it: a number or a boolean for such columns, else text. */
function qualValue(value: unknown, type: string | undefined): unknown {
  if ((type === 'int' || type === 'double') && typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    if (Number.isFinite(number)) return number;
  }
  if (type === 'bool' && (value === 'true' || value === 'false')) return value === 'true';
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * Runs planned statements in turn, printing each result set (a separator between them) and, with
 * timing on, its timing line. A statement that fails with a UserError (a timeout among them) prints
 * one `Error: …` line and the next one runs; a cancel (the signal aborted) prints its reason and
 * stops. Other errors are bugs and propagate. Returns how many statements failed.
 */
export async function runStatements(
  engine: SqlEngine,
  statements: readonly StatementPlan[],
  options: PrintOptions,
): Promise<number> {
  const { output, progress, signal, timeout } = options;
  let printed = 0;
  let failures = 0;
  for (const statement of statements) {
    try {
      const outcome = await engine.runStatement(statement, { onProgress: progress.update, signal, timeout });
      progress.clear();
      const timing = options.timing === 'off' ? undefined : timingInfo(outcome);
      if (outcome.result.columns.length > 0) {
        if (printed++ > 0) options.stdout.write(resultSeparator(output));
        // Steampipe's json carries the timing too, as its `metadata` member.
        const metadata = timing && timingMetadata(timing, options.timing);
        await printThrough(options.pager, options.stdout, output.format, (sink) =>
          writeResult(sink, { ...outcome.result, metadata }, output),
        );
      }
      // Steampipe prints its timing text with Println: after the list of scans, a blank line.
      if (timing) options.timingOut.write(`${formatTiming(timing, options.timing)}\n`);
    } catch (error) {
      progress.clear();
      if (signal?.aborted) {
        options.errors.write(`Error: ${describeError(signal.reason)}\n`);
        return failures + 1;
      }
      if (!(error instanceof UserError)) throw error;
      failures++;
      options.errors.write(`Error: ${describeError(error)}\n`);
    }
  }
  return failures;
}
