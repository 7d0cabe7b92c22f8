import { JumpCloudApiError } from './errors.js';
import type { HttpClient, RequestOptions } from './http.js';

/** The API's largest page for the v1 and v2 lists. */
export const PAGE_SIZE = 100;

/** Reads of a whole list, when the list changed under the earlier ones. */
const MAX_PASSES = 3;
/** Answers one page may get in one read of the list before the list is taken to have changed. */
const MAX_PAGE_READS = 10;
/** A page that answers alike, and not as the rest of the list, this many times running: the list changed. */
const CHANGED_AFTER = 4;

export interface PageOptions {
  query?: RequestOptions['query'];
  sendOrgId?: boolean;
  /** Stop after this many items (a pushed-down SQL LIMIT). */
  limit?: number | undefined;
  signal?: AbortSignal | undefined;
  pageSize?: number;
  /**
   * The id field used to drop duplicates when the collection shifts while paging; `null` for a list
   * whose items have no id of their own (System Insights rows: their `id` is osquery's, not unique).
   */
  idField?: string | null;
}

/** How one read of a list ended: whole, or with the list seen to change under it. */
type PassEnd = { complete: true } | { complete: false; why: string };

/**
 * A v1 list (`{totalCount, results}`), read as a chain (see `chained`): every page after the first
 * starts on the last item taken and is taken only if it does. The first page's totalCount only
 * says how far ahead to ask: the pages the chain will need if each comes back full are fetched
 * concurrently (the client's semaphore bounds how many at once) and taken in order.
 *
 * Totals cannot prove a page is the right window: a wrong totalCount on one answer and a window
 * that starts late on another (rows removed before it) describe the same shorter list, and pages
 * that agree on it lost rows with exit 0 (issue 15). A page that starts on the item before it
 * cannot start late or early; the chain costs one request more than pages laid end to end for a
 * list of 200 to 10,000 items (at most two more: 99 new items a page instead of 100).
 */
export function paginateV1<T>(http: HttpClient, path: string, options: PageOptions = {}): PagedList<T> {
  return new PagedList(() => {
    const taker = new Taker<T>(
      options.idField === undefined ? '_id' : options.idField,
      options.limit ?? Number.POSITIVE_INFINITY,
    );
    return readPasses(path, taker, (signal) => chained(new V1List<T>(http, path, options, signal), taker));
  });
}

/**
 * A v2 list (a bare array, no total): read as a chain (see `chained`), a page at a time, since
 * nothing says how long the list is.
 */
export function paginateV2<T>(http: HttpClient, path: string, options: PageOptions = {}): PagedList<T> {
  return new PagedList(() => {
    const taker = new Taker<T>(
      options.idField === undefined ? 'id' : options.idField,
      options.limit ?? Number.POSITIVE_INFINITY,
    );
    return readPasses(path, taker, (signal) => chained(new V2List<T>(http, path, options, signal), taker));
  });
}

/**
 * A list read from the API: iterate it for its items, or read `pages()` for them a page at a time,
 * which costs one await a page rather than one an item through every layer above (a 10,000-user
 * scan passed each row through about ten async generators). Each iteration reads the list anew.
 */
export class PagedList<T> implements AsyncIterable<T> {
  constructor(readonly pages: () => AsyncGenerator<T[]>) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.pages()) yield* page;
  }
}

/** Reads a list up to MAX_PASSES times, each pass with its own abort signal, until one is whole. */
async function* readPasses<T>(
  path: string,
  taker: Taker<T>,
  pass: (signal: AbortSignal) => AsyncGenerator<T[], PassEnd>,
): AsyncGenerator<T[]> {
  for (let read = 1; ; read++) {
    const controller = new AbortController();
    let end: PassEnd;
    try {
      end = yield* pass(controller.signal);
    } finally {
      controller.abort();
    }
    if (end.complete) return;
    // Items without an id cannot be told apart from repeats: such a list is not read again.
    if (read >= MAX_PASSES || taker.anonymous > 0) {
      const times = read > 1 ? `; read ${read} times` : '';
      throw new JumpCloudApiError({
        method: 'GET',
        path,
        reason: `kept changing while it was paged (${end.why}${times}); try again`,
      });
    }
  }
}

/** One read of a list: its path, options, page size and limit, and the signal its requests share. */
abstract class ListRead<T> {
  readonly pageSize: number;
  readonly limit: number;

  /** The read's own signal, and the caller's. */
  private readonly signal: AbortSignal;

  constructor(
    protected readonly http: HttpClient,
    protected readonly path: string,
    private readonly options: PageOptions,
    signal: AbortSignal,
  ) {
    this.signal = options.signal ? AbortSignal.any([signal, options.signal]) : signal;
    this.pageSize = options.pageSize ?? PAGE_SIZE;
    this.limit = options.limit ?? Number.POSITIVE_INFINITY;
  }

  /** The rows of `size` items from `skip`, as the API answers them. */
  abstract rows(skip: number, size: number): Promise<T[]>;

  /** Pages the chain may ask for ahead of the one it waits for: none unless the list says how long it is. */
  get window(): number {
    return 0;
  }

  /** How many items the list says it holds, if it says. */
  get total(): number | undefined {
    return undefined;
  }

  protected get<Body>(skip: number, size: number): Promise<Body> {
    return this.http.get<Body>(this.path, {
      query: { ...this.options.query, limit: size, skip: skip || undefined },
      sendOrgId: this.options.sendOrgId,
      signal: this.signal,
    });
  }
}

/** Fetches one page of a v1 list, keeping the totalCount of the latest answer as a hint of its length. */
class V1List<T> extends ListRead<T> {
  #total: number | undefined;

  /**
   * Pages asked for and not yet taken: twice the client's concurrency, so that a page answered
   * ahead of its turn does not hold a request slot; the client's semaphore still sends at most
   * max_concurrency at once (10,000 users at 50 ms: about 35 ms sooner than one times).
   */
  override get window(): number {
    return Math.max(1, 2 * this.http.maxConcurrency);
  }

  override get total(): number | undefined {
    return this.#total;
  }

  async rows(skip: number, size: number): Promise<T[]> {
    const body = await this.get<{ totalCount?: unknown; results?: unknown }>(skip, size);
    const total = body?.totalCount;
    if (!Array.isArray(body?.results) || typeof total !== 'number' || !Number.isInteger(total) || total < 0)
      throw unexpected(this.path, 'a {totalCount, results} list');
    this.#total = total;
    return body.results as T[];
  }
}

/** Fetches one page of a v2 list: `size` items from `skip`. */
class V2List<T> extends ListRead<T> {
  async rows(skip: number, size: number): Promise<T[]> {
    const page = await this.get<unknown>(skip, size);
    if (!Array.isArray(page)) throw unexpected(this.path, 'a JSON array');
    return page as T[];
  }
}

/** The last CHANGED_AFTER values are equal: the list answers alike, and not as the chain expects. */
function alikeRunning<V>(values: V[]): boolean {
  if (values.length < CHANGED_AFTER) return false;
  const last = values.slice(-CHANGED_AFTER);
  return last.every((value) => value === last[0]);
}

/** How far a read of a list has come: the items taken, the key of the last one, and their ids. */
class Chain {
  position = 0;
  last: string | undefined;
  readonly seen = new Set<unknown>();

  constructor(readonly idField: string | null) {}

  /** A page joins when it starts with the last item taken (if it repeats one) and repeats no other id. */
  joins(page: readonly unknown[], overlap: number): boolean {
    if (overlap > 0 && (page.length === 0 || keyOf(page[0], this.idField) !== this.last)) return false;
    return page.slice(overlap).every((row) => {
      const id = idOf(row, this.idField);
      return id === undefined || !this.seen.has(id);
    });
  }

  /** Takes `page` as the next, less the `overlap` items it repeats; returns the new ones. */
  add<T>(page: T[], overlap: number): T[] {
    const fresh = page.slice(overlap);
    for (const row of fresh) this.seen.add(idOf(row, this.idField));
    this.position += fresh.length;
    if (page.length > 0) this.last = keyOf(page[page.length - 1], this.idField);
    return fresh;
  }
}

/**
 * One read of a list, page after page until a short one. Each page after the first starts one item
 * early (`skip` = items so far - 1) and is taken only if that item is the last one taken and it
 * repeats no other: a window that starts late (rows missed) or early (rows repeated) is asked for
 * again, and a page that joins holds the items that follow the last one, so a short one ends the
 * list. Totals play no part in what is taken. 4 alike answers running that do not join, or 10 in
 * all, mean the list changed.
 *
 * While the pages before it come back full, where each page starts is known in advance: up to
 * `list.window` of them are asked for ahead, as far as the list's total says it goes (a fault-free
 * read asks for no page it does not take).
 */
async function* chained<T>(list: ListRead<T>, taker: Taker<T>): AsyncGenerator<T[], PassEnd> {
  const chain = new Chain(taker.idField);
  /** The size of the page that starts at `skip`: full, unless the limit is near. */
  const sizeAt = (skip: number) => Math.min(list.pageSize, list.limit - skip);
  /** Pages asked for ahead of their turn, by skip. */
  const ahead = new Map<number, Promise<T[]>>();
  const ask = (skip: number) => {
    const page = list.rows(skip, sizeAt(skip));
    page.catch(() => {}); // observed when its turn comes; avoid an unhandled rejection meanwhile
    return page;
  };
  while (chain.position < list.limit) {
    const overlap = chain.position > 0 ? 1 : 0;
    const skip = chain.position - overlap;
    const size = sizeAt(skip);
    const misfits: string[] = [];
    let page: T[];
    for (let answer = ahead.get(skip) ?? ask(skip); ; answer = ask(skip)) {
      ahead.delete(skip);
      page = await answer;
      // The pages that follow if this one and each of them come back full: the page at `next` (the
      // last item of a full page before it) is needed when the list holds an item after `next`.
      const end = Math.min(list.total ?? 0, list.limit - 1);
      for (let next = skip + size - 1; ahead.size < list.window && next < end; next += sizeAt(next) - 1)
        if (!ahead.has(next)) ahead.set(next, ask(next));
      if (chain.joins(page, overlap)) break;
      misfits.push(page.length > 0 ? keyOf(page[0], chain.idField) : '(no row)');
      if (misfits.length >= MAX_PAGE_READS || alikeRunning(misfits))
        return {
          complete: false,
          why: `the page after item ${chain.position} no longer started where it should`,
        };
    }
    yield taker.take(chain.add(page, overlap));
    if (page.length < size || taker.done) return { complete: true };
  }
  return { complete: true };
}

function idOf(item: unknown, idField: string | null): unknown {
  if (idField === null) return undefined;
  const id = (item as Record<string, unknown> | null)?.[idField];
  return id === null ? undefined : id;
}

/** What identifies an item's place in a list: its id, or else all of it. */
function keyOf(item: unknown, idField: string | null): string {
  const id = idOf(item, idField);
  return id === undefined ? `json:${JSON.stringify(item)}` : `id:${String(id)}`;
}

function unexpected(path: string, what: string): JumpCloudApiError {
  return new JumpCloudApiError({ method: 'GET', path, reason: `did not return ${what}` });
}

/** Hands out items up to a limit, dropping ids already handed out (items without an id are always new). */
class Taker<T> {
  readonly #ids = new Set<unknown>();
  count = 0;
  /** Items handed out without an id. */
  anonymous = 0;

  constructor(
    readonly idField: string | null,
    readonly limit: number,
  ) {}

  get done(): boolean {
    return this.count >= this.limit;
  }

  /** The items of a page not handed out before, up to the limit. */
  take(items: T[]): T[] {
    const taken: T[] = [];
    for (const item of items) {
      if (this.done) break;
      const id = idOf(item, this.idField);
      if (id !== undefined) {
        if (this.#ids.has(id)) continue;
        this.#ids.add(id);
      } else this.anonymous++;
      this.count++;
      taken.push(item);
    }
    return taken;
  }
}
