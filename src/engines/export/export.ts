/**
 * `jcsql export`: one table streamed to a file format, with no SQL engine. The `--where`
 * conditions go to `scan()` as quals (the API applies what it can) and are applied again to
 * every row here, since `scan()` does not filter; the scan stops as soon as `--limit` rows are
 * written. Rows are written as they arrive and never collected.
 */

import type { ConnectionHandle, Row, TableDef } from '../../sdk/index.js';
import { ScanStats, scan } from '../../sdk/index.js';
import { StatementScope, type StatementTimeout } from '../engine.js';
import { type ExportColumn, selectColumns } from './columns.js';
import type { TextSink } from './sinks.js';
import { compileWhere, type Predicate } from './where.js';
import { type ExportFormat, rowWriter } from './writers.js';

export interface ExportPlan {
  table: TableDef;
  columns: ExportColumn[];
  predicates: Predicate[];
  /** Rows to write at most; undefined (or steampipe_export's 0) for all. */
  limit: number | undefined;
  format: ExportFormat;
}

export interface ExportRequest {
  table: TableDef;
  select?: readonly string[] | undefined;
  where?: readonly string[] | undefined;
  limit?: number | undefined;
  format: ExportFormat;
}

/** Checks a request against the table before any API call: unknown columns and bad `--where` fail here. */
export function planExport(request: ExportRequest): ExportPlan {
  return {
    table: request.table,
    columns: selectColumns(request.table, request.select),
    predicates: (request.where ?? []).map((source) => compileWhere(source, request.table)),
    limit: request.limit === 0 ? undefined : request.limit,
    format: request.format,
  };
}

export interface ExportRun {
  connections: readonly ConnectionHandle[];
  sink: TextSink;
  signal?: AbortSignal | undefined;
  /** A limit on the whole export's time: when it is up, the API calls stop and the export fails. */
  timeout?: StatementTimeout | undefined;
  /** Called every few hundred rows, for a progress line. */
  onProgress?: ((stats: ScanStats) => void) | undefined;
  /** What a table says about how it read (e.g. a default time window), one line each. */
  notice?: ((message: string) => void) | undefined;
}

export interface ExportResult {
  rows: number;
  stats: ScanStats;
}

/** Rows turned into text before one write to the sink. */
const WRITE_SLICE = 256;

/**
 * Streams the planned rows into the sink, then commits it; on any failure (a cancel or the
 * timeout among them) the sink is abandoned. No API call outlives the export.
 */
export async function runExport(plan: ExportPlan, run: ExportRun): Promise<ExportResult> {
  const stats = new ScanStats();
  const writer = rowWriter(plan.format, plan.columns);
  const { predicates, limit } = plan;
  const scope = new StatementScope(run);
  let rows = 0;
  try {
    await run.sink.write(writer.start());
    const full = () => limit !== undefined && rows >= limit;
    for await (const page of scan(
      plan.table,
      run.connections,
      scanRequest(plan, scope.signal, run.notice),
      stats,
    )) {
      // A page's rows go to the sink in slices: one write per slice, and never a whole cached
      // result's text at once.
      for (let start = 0; start < page.length && !full(); start += WRITE_SLICE) {
        let text = '';
        for (const row of page.slice(start, start + WRITE_SLICE)) {
          if (!passes(predicates, row)) continue;
          text += writer.row(row);
          rows++;
          if (full()) break;
        }
        await run.sink.write(text);
      }
      run.onProgress?.(stats);
      if (full()) break; // ends the scan: paging stops
    }
    // A cancel or timeout that came as the last row arrived still fails the export: no file.
    scope.throwIfAborted();
    await run.sink.write(writer.end());
    await run.sink.commit();
  } catch (error) {
    await run.sink.abandon();
    throw scope.failure(error);
  } finally {
    scope.close();
  }
  run.onProgress?.(stats);
  return { rows, stats };
}

const passes = (predicates: readonly Predicate[], row: Row) =>
  predicates.every((predicate) => predicate.matches(row[predicate.column]));

/**
 * What to ask `scan()` for: the written and tested columns (hydrates run only for those), the
 * pushable quals, and the limit, but only when the API applies every condition exactly;
 * otherwise rows the API returns may fail a test here, and the limit must be counted here.
 */
function scanRequest(
  plan: ExportPlan,
  signal: AbortSignal | undefined,
  notice: ((message: string) => void) | undefined,
) {
  const columns = new Set([
    ...plan.columns.map((column) => column.name),
    ...plan.predicates.map((p) => p.column),
  ]);
  const quals = plan.predicates.flatMap((predicate) => (predicate.qual ? [predicate.qual] : []));
  const exact = plan.predicates.every((predicate) => predicate.exact);
  return { quals, columns, limit: exact ? plan.limit : undefined, signal, notice };
}
