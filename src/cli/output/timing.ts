/**
 * The `--timing` output. Steampipe's `buildTimingString`, plus our `API calls: N.`:
 *
 * Time: 1.2s. Rows returned: 42. Rows fetched: 42 (cached). Hydrate calls: 0. Scans: 2. Connections: 2. API calls: 3.
 *
 * Steampipe's rules, kept: numbers grouped (`10,000`); under 500 ms `Nms`, else seconds with one
 * decimal; when nothing was fetched only `Time` and `Rows returned` are shown; `(cached)` when
 * every fetched row came from the cache, `(N cached)` when some did; `Scans` and `Connections`
 * only when more than one. Ours: `API calls` always closes the line (zero calls is worth
 * knowing: it means the cache or the simulator answered).
 *
 * Steampipe writes a blank line before it (its string starts with `\n`) and sends it to stderr
 * in batch mode; the caller does both.
 */

import { humanizeCount } from '../../format/numbers.js';

/** Steampipe's `--timing` values: `on` prints the line; `verbose` adds a line per scan. */
export const TIMING_MODES = ['off', 'on', 'verbose'] as const;
export type TimingMode = (typeof TIMING_MODES)[number];

/** A condition a scan was given, as Steampipe's scan metadata holds it: an `=` on a list is an IN. */
export interface ScanQual {
  column: string;
  operator: string;
  value: unknown;
}

/** One connection's scan (Steampipe's `ScanMetadataRow`). */
export interface ScanTiming {
  connection: string;
  table: string;
  cacheHit: boolean;
  rowsFetched: number;
  hydrateCalls: number;
  /** Epoch milliseconds. */
  startTime: number;
  durationMs: number;
  columns: readonly string[];
  limit: number | undefined;
  quals: readonly ScanQual[];
}

export interface TimingInfo {
  durationMs: number;
  rowsReturned: number;
  /** Every row the scans fetched, cached ones included. */
  rowsFetched: number;
  /** How many of `rowsFetched` came from the query cache. */
  cachedRowsFetched: number;
  apiCalls: number;
  hydrateCalls: number;
  scans: number;
  connections: number;
  /** Each scan, for `verbose`. */
  scanList: readonly ScanTiming[];
}

/**
 * Seconds with one decimal like Go's `%.1f` of `ms / 1000`: `toFixed` rounds the same binary
 * value the same way, except on exact ties (x.x25 / x.x75 s are exact in binary), where Go
 * rounds half to even and `toFixed` rounds up.
 */
function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  let text = seconds.toFixed(1);
  const exactTie = ms % 100 === 50 && (ms % 1000 === 250 || ms % 1000 === 750);
  if (exactTie && Number(text.slice(-1)) % 2 === 1) text = (seconds - 0.05).toFixed(1);
  const [whole = '0', tenths = '0'] = text.split('.');
  return `${humanizeCount(Number(whole))}.${tenths}s`;
}

/** Go's `time.Duration.Milliseconds()` truncates; so do we. */
export function formatDuration(durationMs: number): string {
  const ms = Math.max(0, Math.trunc(durationMs));
  return ms < 500 ? `${ms}ms` : formatSeconds(ms);
}

function fetchedText(total: number, cached: number): string {
  const uncached = total - cached;
  if (uncached <= 0) return `${humanizeCount(total)} (cached)`;
  if (cached > 0) return `${humanizeCount(total)} (${humanizeCount(cached)} cached)`;
  return humanizeCount(total);
}

/**
 * The timing text after a statement: the line, and with `verbose` Steampipe's list of scans, the
 * slowest first, those that fetched nothing counted on one line at the end:
 *
 *   Scans:
 *     1) jumpcloud_user.jc: Time: 245ms. Fetched: 42. Hydrates: 0. Quals: id=x. Limit: 10.
 *     2…3) Zero rows fetched.
 */
export function formatTiming(t: TimingInfo, mode: TimingMode = 'on'): string {
  const line = formatTimingLine(t);
  // Steampipe stops at the basics when nothing was fetched: no list of scans then either.
  if (mode !== 'verbose' || t.scanList.length === 0 || t.rowsFetched === 0) return line;
  const lines = ['', '', 'Scans:'];
  const slowestFirst = [...t.scanList].sort((a, b) => b.durationMs - a.durationMs);
  const fetching = slowestFirst.filter((scan) => scan.rowsFetched > 0);
  fetching.forEach((scan, index) => {
    const cached = scan.cacheHit ? ' (cached)' : '';
    const limit = scan.limit === undefined ? '' : ` Limit: ${humanizeCount(scan.limit)}.`;
    lines.push(
      `  ${index + 1}) ${scan.table}.${scan.connection}: Time: ${formatDuration(scan.durationMs)}. Fetched: ${humanizeCount(scan.rowsFetched)}${cached}. Hydrates: ${humanizeCount(scan.hydrateCalls)}.${formatQuals(scan.quals)}${limit}`,
    );
  });
  const empty = slowestFirst.length - fetching.length;
  if (empty > 0) lines.push(`  ${fetching.length + 1}…${fetching.length + empty}) Zero rows fetched.`);
  return `${line}${lines.join('\n')}\n`;
}

/** Steampipe's `formatQuals`: `col=value` for an equality (unquoted), `col IN ('a', 'b')`, `col>'text'`. */
function formatQuals(quals: readonly ScanQual[]): string {
  if (quals.length === 0) return '';
  const text = quals
    .map(({ column, operator, value }) => {
      if (operator !== '=') return `${column}${operator}${qualValue(value)}`;
      if (Array.isArray(value)) return `${column} IN (${value.map(qualValue).join(', ')})`;
      return `${column}=${String(value)}`;
    })
    .join(', ')
    .replace(/[, ]+$/, '');
  return ` Quals: ${text}.`;
}

const qualValue = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : String(value));

/** The timing line alone. */
function formatTimingLine(t: TimingInfo): string {
  const parts = [
    `Time: ${formatDuration(t.durationMs)}.`,
    `Rows returned: ${humanizeCount(t.rowsReturned)}.`,
  ];
  if (t.rowsFetched > 0) {
    parts.push(`Rows fetched: ${fetchedText(t.rowsFetched, t.cachedRowsFetched)}.`);
    parts.push(`Hydrate calls: ${humanizeCount(t.hydrateCalls)}.`);
    if (t.scans > 1) parts.push(`Scans: ${humanizeCount(t.scans)}.`);
    if (t.connections > 1) parts.push(`Connections: ${humanizeCount(t.connections)}.`);
  }
  parts.push(`API calls: ${humanizeCount(t.apiCalls)}.`);
  return parts.join(' ');
}

/**
 * Steampipe's JSON `metadata` (its `TimingResult`), members in its order: `scans` is null unless
 * `verbose` (steampipe#4292) and something was scanned (Go's nil slice), `scan_count` left out
 * when zero, as Go's `omitempty` does.
 */
export function timingMetadata(t: TimingInfo, mode: TimingMode): Record<string, unknown> {
  const scans = [...t.scanList].sort((a, b) => b.durationMs - a.durationMs);
  return {
    duration_ms: wholeMs(t.durationMs),
    scans: mode === 'verbose' && scans.length > 0 ? scans.map(scanMetadata) : null,
    ...(t.scans > 0 ? { scan_count: t.scans } : {}),
    rows_returned: t.rowsReturned,
    uncached_rows_fetched: t.rowsFetched - t.cachedRowsFetched,
    cached_rows_fetched: t.cachedRowsFetched,
    hydrate_calls: t.hydrateCalls,
    connection_count: t.connections,
  };
}

/** One scan as Steampipe's `ScanMetadataRow` marshals: `limit` and `quals` only when there are some. */
function scanMetadata(scan: ScanTiming): Record<string, unknown> {
  return {
    connection: scan.connection,
    table: scan.table,
    cache_hit: scan.cacheHit,
    rows_fetched: scan.rowsFetched,
    hydrate_calls: scan.hydrateCalls,
    start_time: goTime(scan.startTime),
    duration_ms: wholeMs(scan.durationMs),
    columns: scan.columns,
    ...(scan.limit === undefined ? {} : { limit: scan.limit }),
    ...(scan.quals.length === 0
      ? {}
      : { quals: scan.quals.map(({ column, operator, value }) => ({ column, operator, value })) }),
  };
}

const wholeMs = (ms: number): number => Math.max(0, Math.trunc(ms));

/** A time as Go's JSON writes it (RFC 3339, trailing zeros of the fraction dropped), in UTC. */
function goTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.?0+Z$/, 'Z');
}
