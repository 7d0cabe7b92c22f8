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
  /** The id field used to drop duplicates when the collection shifts while paging. */
  idField?: string;
}

interface V1Page<T> {
  total: number;
  rows: T[];
}

/** How one read of a list ended: whole, or with the list seen to change under it. */
type PassEnd = { complete: true } | { complete: false; why: string };

/**
 * A v1 list (`{totalCount, results}`), read page by page (`skip` = 0, 100, 200…, full pages), the
 * pages after the first fetched concurrently (the client's semaphore bounds how many at once) and
 * yielded in order, each once it is known to belong to the list the others describe:
 *
 * - Every answer votes with its totalCount. The list's total is the one that three answers gave
 *   (two, for a list of two pages or fewer) and more answers gave than any other; until there is
 *   one, more answers are read (a page already asked for, the next one, else the same page again).
 *   A fault-free read has its votes from pages it reads anyway, so it costs no extra request,
 *   except a list of exactly one full page, which asks once more.
 * - A page is taken only if its totalCount is that total, it holds exactly the rows the total
 *   leaves for it, and none of its ids came in an earlier page. Otherwise (a wrong totalCount, or a
 *   window shifted by rows added or removed while paging) it is asked for again.
 * - A first page that is short, or fills the limit, is the whole answer by itself.
 * - If a page keeps answering for another list (the same other total 4 times running, or 10
 *   answers in all), or the total most answers give changes after pages were taken, the list
 *   really changed: it is read again from the start, items already yielded dropped by id. After 3
 *   reads it fails with one line naming the endpoint. A read is whole only when all its pages
 *   agreed on one total: it never yields a list its own answers contradict.
 *
 * When the consumer stops early, requests still in flight are aborted.
 */
export function paginateV1<T>(http: HttpClient, path: string, options: PageOptions = {}): PagedList<T> {
  return new PagedList(() => {
    const taker = new Taker<T>(options.idField ?? '_id', options.limit ?? Number.POSITIVE_INFINITY);
    return readPasses(path, taker, (signal) => v1Pass(new V1List<T>(http, path, options, signal), taker));
  });
}

/**
 * A v2 list (a bare array, no total): pages one after another until a short page. Each page after
 * the first starts one row early (`skip` = rows so far - 1), and is taken only if that row is the
 * last one already taken: a window shifted by rows added or removed while paging is asked for
 * again, as in paginateV1 (4 alike answers running, or 10 in all, mean the list changed: it is read
 * again from the start if every item has an id to drop repeats by, else the read fails).
 */
export function paginateV2<T>(http: HttpClient, path: string, options: PageOptions = {}): PagedList<T> {
  return new PagedList(() => {
    const taker = new Taker<T>(options.idField ?? 'id', options.limit ?? Number.POSITIVE_INFINITY);
    return readPasses(path, taker, (signal) => v2Pass(new V2List<T>(http, path, options, signal), taker));
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
abstract class ListRead {
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

  /** `size` items from `skip`, as the API answers them. */
  protected get<Body>(skip: number, size: number): Promise<Body> {
    return this.http.get<Body>(this.path, {
      query: { ...this.options.query, limit: size, skip: skip || undefined },
      sendOrgId: this.options.sendOrgId,
      signal: this.signal,
    });
  }
}

/** Fetches one page of a v1 list; `requested(slot)` is the page size (full pages unless the limit is near). */
class V1List<T> extends ListRead {
  /**
   * Pages asked for and not yet taken: twice the client's concurrency, so that a page answered
   * ahead of its turn does not hold a request slot; the client's semaphore still sends at most
   * max_concurrency at once (10,000 users at 50 ms: about 35 ms sooner than one times).
   */
  readonly window = Math.max(1, 2 * this.http.maxConcurrency);

  requested(slot: number): number {
    return Math.min(this.pageSize, this.limit - slot * this.pageSize);
  }

  /** How many pages a list of `total` items takes (at least one), up to the limit. */
  slotsFor(total: number): number {
    return Math.max(1, Math.ceil(Math.min(total, this.limit) / this.pageSize));
  }

  /** The items page `slot` holds in a list of `total` items. */
  expected(slot: number, total: number): number {
    return Math.max(0, Math.min(this.requested(slot), total - slot * this.pageSize));
  }

  async fetch(slot: number): Promise<V1Page<T>> {
    const body = await this.get<{ totalCount?: unknown; results?: unknown }>(
      slot * this.pageSize,
      this.requested(slot),
    );
    const total = body?.totalCount;
    if (!Array.isArray(body?.results) || typeof total !== 'number' || !Number.isInteger(total) || total < 0)
      throw unexpected(this.path, 'a {totalCount, results} list');
    return { total, rows: body.results as T[] };
  }
}

async function* v1Pass<T>(list: V1List<T>, taker: Taker<T>): AsyncGenerator<T[], PassEnd> {
  const first = await list.fetch(0);
  if (first.rows.length < list.requested(0) || list.requested(0) >= list.limit) {
    yield taker.take(first.rows);
    return { complete: true };
  }

  const votes = new Votes();
  /** Answers read (and counted as votes) but not yet taken or dropped, by page. */
  const answers = new Map<number, V1Page<T>>();
  const inFlight = new Map<number, Promise<V1Page<T>>>();
  /** The totals each page answered, for telling a changed list from a passing fault. */
  const history = new Map<number, number[]>();
  /** Ids taken in this read. */
  const seen = new Set<unknown>();
  const record = (slot: number, page: V1Page<T>) => {
    votes.add(page.total);
    history.set(slot, [...(history.get(slot) ?? []), page.total]);
    answers.set(slot, page);
  };
  const start = (slot: number) => {
    const page = list.fetch(slot);
    page.catch(() => {}); // observed when its turn comes; avoid an unhandled rejection meanwhile
    inFlight.set(slot, page);
  };
  const answer = async (slot: number): Promise<V1Page<T>> => {
    const ready = answers.get(slot);
    if (ready) return ready;
    if (!inFlight.has(slot)) start(slot);
    const page = await inFlight.get(slot)!;
    inFlight.delete(slot);
    record(slot, page);
    return page;
  };
  record(0, first);

  let planned = list.slotsFor(first.total);
  let launched = 1;
  const launch = () => {
    while (inFlight.size < list.window && launched < planned) start(launched++);
  };
  let target: number | undefined;
  let takenUnder: number | undefined;

  for (let slot = 0; target === undefined || slot < list.slotsFor(target); ) {
    launch();
    const page = await answer(slot);
    // Three answers must agree before the first page is taken (two when the list has fewer pages).
    const leader = votes.leader(Math.min(3, Math.max(2, planned)));
    if (leader === undefined) {
      // No total yet: another answer, from a page already asked for or the next one, else this page again.
      const ahead = [...inFlight.keys()].find((s) => s > slot);
      if (ahead !== undefined) await answer(ahead);
      else if (launched < planned) await answer(launched++);
      else {
        if (history.get(slot)!.length >= MAX_PAGE_READS)
          return { complete: false, why: 'no totalCount came back often enough to trust' };
        answers.delete(slot);
        await answer(slot);
      }
      continue;
    }
    if (takenUnder !== undefined && leader !== takenUnder)
      return { complete: false, why: `totalCount ${takenUnder}, then ${leader}` };
    target = leader;
    planned = Math.max(planned, list.slotsFor(target));
    if (fits(page, list.expected(slot, target), target, seen, taker.idField)) {
      answers.delete(slot);
      takenUnder = target;
      for (const row of page.rows) seen.add(idOf(row, taker.idField));
      yield taker.take(page.rows);
      if (taker.done) return { complete: true };
      slot++;
      continue;
    }
    const totals = history.get(slot)!;
    if (totals.length >= MAX_PAGE_READS || alikeRunning(totals, (t) => t !== target))
      return { complete: false, why: `totalCount ${target}, then ${totals.at(-1)}` };
    answers.delete(slot); // ask again
  }
  return { complete: true };
}

/** A page belongs to a list of `total` items: its total, its size, and no id from an earlier page. */
function fits<T>(page: V1Page<T>, expected: number, total: number, seen: Set<unknown>, idField: string) {
  if (page.total !== total || page.rows.length !== expected) return false;
  return page.rows.every((row) => {
    const id = idOf(row, idField);
    return id === undefined || !seen.has(id);
  });
}

/** The last CHANGED_AFTER values are equal and `other` says they are not the list's. */
function alikeRunning<V>(values: V[], other: (value: V) => boolean): boolean {
  if (values.length < CHANGED_AFTER) return false;
  const last = values.slice(-CHANGED_AFTER);
  return other(last[0]!) && last.every((value) => value === last[0]);
}

/** Counts the totals answers gave. */
class Votes {
  readonly #counts = new Map<number, number>();

  add(total: number): void {
    this.#counts.set(total, (this.#counts.get(total) ?? 0) + 1);
  }

  /** The total at least `needed` answers gave and more answers gave than any other, if there is one. */
  leader(needed: number): number | undefined {
    let best: number | undefined;
    let bestCount = 0;
    let runnerUp = 0;
    for (const [total, count] of this.#counts) {
      if (count > bestCount) {
        runnerUp = bestCount;
        best = total;
        bestCount = count;
      } else if (count > runnerUp) runnerUp = count;
    }
    return bestCount >= needed && bestCount > runnerUp ? best : undefined;
  }
}

/** Fetches one page of a v2 list: `size` items from `skip`. */
class V2List<T> extends ListRead {
  async fetch(skip: number, size: number): Promise<T[]> {
    const page = await this.get<unknown>(skip, size);
    if (!Array.isArray(page)) throw unexpected(this.path, 'a JSON array');
    return page as T[];
  }
}

async function* v2Pass<T>(list: V2List<T>, taker: Taker<T>): AsyncGenerator<T[], PassEnd> {
  /** Items of this read taken so far, and the key of the last one. */
  let position = 0;
  let last: string | undefined;
  const seen = new Set<unknown>();
  while (position < list.limit) {
    const overlap = position > 0 ? 1 : 0;
    const size = Math.min(list.pageSize, list.limit - position + overlap);
    const misfits: string[] = [];
    let page: T[];
    for (;;) {
      page = await list.fetch(position - overlap, size);
      const fresh = page.slice(overlap);
      const aligned = overlap === 0 || (page.length > 0 && keyOf(page[0], taker.idField) === last);
      const repeats = fresh.some((row) => {
        const id = idOf(row, taker.idField);
        return id !== undefined && seen.has(id);
      });
      if (aligned && !repeats) break;
      misfits.push(page.length > 0 ? keyOf(page[0], taker.idField) : '(no row)');
      if (misfits.length >= MAX_PAGE_READS || alikeRunning(misfits, () => true))
        return { complete: false, why: `the page after item ${position} no longer started where it should` };
    }
    const fresh = page.slice(overlap);
    for (const row of fresh) seen.add(idOf(row, taker.idField));
    yield taker.take(fresh);
    position += fresh.length;
    if (page.length > 0) last = keyOf(page[page.length - 1], taker.idField);
    if (page.length < size || taker.done) return { complete: true };
  }
  return { complete: true };
}

function idOf(item: unknown, idField: string): unknown {
  const id = (item as Record<string, unknown> | null)?.[idField];
  return id === null ? undefined : id;
}

/** What identifies an item's place in a list: its id, or else all of it. */
function keyOf(item: unknown, idField: string): string {
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
    readonly idField: string,
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
