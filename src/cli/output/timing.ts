/**
 * The `--timing` line. Steampipe's `buildTimingString`, plus our `API calls: N.`:
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

export function formatTiming(t: TimingInfo): string {
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
