import { BUILT_IN_DEFAULTS } from '../src/config/defaults.js';
import { INSIGHTS_MAX_LIMIT, V1_MAX_LIMIT, V2_MAX_LIMIT } from '../src/simulator/routes/lists.js';

/**
 * The least a client could do: the minimum number of requests at the API's largest page, sent in
 * as few rounds as the concurrency bound (max_concurrency, default 10) and the data dependencies
 * allow; each round costs one latency.
 */
export interface LowerBound {
  requests: number;
  rounds: number;
  ms: number;
  /** How the bound was counted, for the table. */
  basis: string;
}

export const CONCURRENCY: number = BUILT_IN_DEFAULTS.maxConcurrency;
export { INSIGHTS_MAX_LIMIT, V1_MAX_LIMIT, V2_MAX_LIMIT };

/** A v1 list reports its total on the first page; a list of n items needs at least one request. */
export const v1Pages = (n: number, pageSize = V1_MAX_LIMIT): number => Math.max(1, Math.ceil(n / pageSize));

/** A v2 list has no total: it ends on a short (possibly empty) page. */
export const v2Pages = (n: number, pageSize = V2_MAX_LIMIT): number => Math.floor(n / pageSize) + 1;

const bound = (requests: number, rounds: number, latencyMs: number, basis: string): LowerBound => ({
  requests,
  rounds,
  ms: rounds * latencyMs,
  basis,
});

/** v1 list: 1 round for the first page (it tells the total), then ceil((R-1)/C) rounds. */
export function v1ListBound(n: number, latencyMs: number): LowerBound {
  const pages = v1Pages(n);
  const rounds = 1 + Math.ceil((pages - 1) / CONCURRENCY);
  return bound(
    pages,
    rounds,
    latencyMs,
    `v1 list: ${pages} pages of ${V1_MAX_LIMIT}, 1 + ⌈${pages - 1}/${CONCURRENCY}⌉ rounds`,
  );
}

/**
 * Reads one after another (a join's driver, then the side read by its keys): their requests and
 * rounds add up. `together` reads that go at once instead (each fits one round), so only the
 * longest's rounds count.
 */
export function joinBound(parts: readonly LowerBound[], together: boolean, latencyMs: number): LowerBound {
  const requests = parts.reduce((sum, part) => sum + part.requests, 0);
  const rounds = together
    ? Math.max(...parts.map((part) => part.rounds), Math.ceil(requests / CONCURRENCY))
    : parts.reduce((sum, part) => sum + part.rounds, 0);
  const basis = parts.map((part) => part.basis).join(together ? ' and, at once, ' : ', then ');
  return bound(requests, rounds, latencyMs, basis);
}

/** k independent gets: ⌈k/C⌉ rounds. */
export function getsBound(k: number, latencyMs: number): LowerBound {
  return bound(
    k,
    Math.ceil(k / CONCURRENCY),
    latencyMs,
    `${k} get${k === 1 ? '' : 's'}, ⌈${k}/${CONCURRENCY}⌉ round(s)`,
  );
}

/** A v2 list read page after page (no total to fetch ahead with). */
export function v2ListBound(n: number, pageSize: number, latencyMs: number, what: string): LowerBound {
  const pages = v2Pages(n, pageSize);
  return bound(pages, pages, latencyMs, `${what}: ${pages} sequential page(s) of up to ${pageSize}`);
}

/**
 * A v2 list of items, each with its own v2 sub-list (a hydrate): the first list page goes alone,
 * then every request can share rounds of C, but no faster than the longest sequential chain.
 */
export function hydratedV2Bound(
  itemCount: number,
  childCounts: readonly number[],
  latencyMs: number,
): LowerBound {
  const listPages = v2Pages(itemCount);
  const childPages = childCounts.map((count) => v2Pages(count));
  const requests = listPages + childPages.reduce((sum, pages) => sum + pages, 0);
  const longestChild = Math.max(0, ...childPages);
  const rounds = Math.max(1 + Math.ceil((requests - 1) / CONCURRENCY), listPages, 1 + longestChild);
  return bound(
    requests,
    rounds,
    latencyMs,
    `${listPages} list pages + ${requests - listPages} member pages of ${V2_MAX_LIMIT}, in rounds of ${CONCURRENCY}`,
  );
}

export const noRequestsBound = (basis: string): LowerBound => bound(0, 0, 0, basis);
