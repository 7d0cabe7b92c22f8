/**
 * A process-wide record of the write requests that any simulator in this process received. The
 * test suite's guard (test/setup/write-guard.ts) reads it after each test: jcsql must never write
 * to JumpCloud, so a write that a test did not declare fails that test. Kept on globalThis, so two
 * copies of this module (src and dist, say) share one record.
 *
 * A write is anything but GET, HEAD and the read-only POSTs (v1 search, Directory Insights events,
 * the simulator's POST routes): stricter than the simulator's own `stats.writes`, which counts
 * PUT, PATCH, DELETE and other POSTs only.
 */
export interface ReceivedWrite {
  method: string;
  /** Path and query as received. */
  url: string;
}

const KEY = Symbol.for('jcsql.simulator.writes');
/** Enough to say what was written; the count goes on past it. */
const KEPT = 50;

interface Ledger {
  count: number;
  requests: ReceivedWrite[];
}

function ledger(): Ledger {
  const global = globalThis as { [KEY]?: Ledger };
  global[KEY] ??= { count: 0, requests: [] };
  return global[KEY];
}

export const isWrite = (method: string, readOnlyPostRoute: boolean): boolean =>
  !(method === 'GET' || method === 'HEAD' || (method === 'POST' && readOnlyPostRoute));

/**
 * Called by the simulator for every API request it receives, before it answers; `readOnlyPostRoute`
 * says the request is a POST to one of the read-only POST routes.
 */
export function recordRequest(method: string, readOnlyPostRoute: boolean, url: string): void {
  if (!isWrite(method, readOnlyPostRoute)) return;
  const record = ledger();
  record.count += 1;
  if (record.requests.length < KEPT) record.requests.push({ method, url });
}

/** The writes received since the last take; counting starts afresh. */
export function takeWrites(): { count: number; requests: ReceivedWrite[] } {
  const record = ledger();
  const taken = { count: record.count, requests: [...record.requests] };
  record.count = 0;
  record.requests = [];
  return taken;
}
