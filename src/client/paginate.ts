import type { HttpClient, RequestOptions } from './http.js';

/** The API's largest page for the v1 and v2 lists. */
export const PAGE_SIZE = 100;

export interface PageOptions {
  query?: RequestOptions['query'];
  sendOrgId?: boolean;
  /** Stop after this many items (a pushed-down SQL LIMIT). */
  limit?: number | undefined;
  signal?: AbortSignal | undefined;
  pageSize?: number;
  /** The id field used to drop duplicates when the collection shifts while paging. */
  idField?: string;
}

interface V1Envelope<T> {
  totalCount: number;
  results: T[];
}

/**
 * A v1 list (`{totalCount, results}`): the first page tells the total, then the remaining pages
 * are fetched concurrently (the client's semaphore bounds how many at once) and yielded in order.
 * If the total grew while paging, or pages came back short, it keeps reading sequentially until a
 * short page; it never loops forever on an empty page. Items already seen are dropped (by id).
 * When the consumer stops early, requests still in flight are aborted.
 */
export async function* paginateV1<T>(
  http: HttpClient,
  path: string,
  options: PageOptions = {},
): AsyncGenerator<T> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const taker = new Taker<T>(options.idField ?? '_id', limit);
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const fetchPage = (skip: number, size: number) =>
    http.get<V1Envelope<T>>(path, {
      query: { ...options.query, limit: size, skip: skip || undefined },
      sendOrgId: options.sendOrgId,
      signal,
    });

  try {
    const first = await fetchPage(0, Math.min(pageSize, limit));
    yield* taker.take(first.results);
    let skip = first.results.length;
    if (taker.done || first.results.length < Math.min(pageSize, limit)) return;
    const wanted = Math.min(first.totalCount, limit);

    // The remaining pages, fetched ahead in a window as wide as the connection's concurrency.
    const starts: number[] = [];
    for (let s = skip; s < wanted; s += pageSize) starts.push(s);
    const window = Math.max(1, http.maxConcurrency);
    const inFlight: Array<Promise<V1Envelope<T>>> = [];
    let next = 0;
    const launch = () => {
      while (inFlight.length < window && next < starts.length) {
        const start = starts[next++]!;
        const page = fetchPage(start, Math.min(pageSize, wanted - start));
        page.catch(() => {}); // observed below, in order; avoid an unhandled rejection meanwhile
        inFlight.push(page);
      }
    };
    launch();
    // Every page reports the total anew: if it grew while paging (rows were added), read on
    // sequentially past the planned pages; a short or empty page ends the list either way.
    let total = first.totalCount;
    let lastPageFull = true;
    while (inFlight.length > 0) {
      const page = await inFlight.shift()!;
      launch();
      total = Math.max(total, page.totalCount);
      lastPageFull = page.results.length >= pageSize;
      skip += page.results.length;
      yield* taker.take(page.results);
      if (taker.done) return;
    }
    while (lastPageFull && skip < Math.min(total, limit)) {
      const page = await fetchPage(skip, pageSize);
      total = Math.max(total, page.totalCount);
      lastPageFull = page.results.length >= pageSize;
      skip += page.results.length;
      yield* taker.take(page.results);
      if (taker.done) return;
    }
  } finally {
    controller.abort();
  }
}

/**
 * A v2 list (a bare array, no total): pages one after another until a short page. Unlike the
 * anchor, a short page ends the list, so there is no extra request for an empty page.
 */
export async function* paginateV2<T>(
  http: HttpClient,
  path: string,
  options: PageOptions = {},
): AsyncGenerator<T> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const taker = new Taker<T>(options.idField ?? 'id', limit);
  for (let skip = 0; ; ) {
    const size = Math.min(pageSize, limit - taker.count);
    const page = await http.get<T[]>(path, {
      query: { ...options.query, limit: size, skip: skip || undefined },
      sendOrgId: options.sendOrgId,
      signal: options.signal,
    });
    if (!Array.isArray(page)) throw new TypeError(`expected a JSON array from ${path}`);
    yield* taker.take(page);
    skip += page.length;
    if (page.length < size || taker.done) return;
  }
}

/** Hands out items up to a limit, dropping ids already handed out (items without an id are always new). */
class Taker<T> {
  readonly #ids = new Set<unknown>();
  count = 0;

  constructor(
    readonly idField: string,
    readonly limit: number,
  ) {}

  get done(): boolean {
    return this.count >= this.limit;
  }

  *take(items: T[]): Generator<T> {
    for (const item of items) {
      if (this.done) return;
      const id = (item as Record<string, unknown> | null)?.[this.idField];
      if (id !== undefined && id !== null) {
        if (this.#ids.has(id)) continue;
        this.#ids.add(id);
      }
      this.count++;
      yield item;
    }
  }
}
