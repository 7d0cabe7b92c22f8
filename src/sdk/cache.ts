import { type Qual, qualsKey } from './quals.js';

export type Row = Record<string, unknown>;

/** What a result was fetched with: the rows it can serve. */
interface Fetched {
  table: string;
  quals: string;
  hydrates: ReadonlySet<string>;
  /** The item fields fetched (undefined: whole items). */
  fields: ReadonlySet<string> | undefined;
  limit: number | undefined;
}

interface Entry extends Fetched {
  rows: Row[];
  expires: number;
  /** An estimate of the rows' size in memory. */
  bytes: number;
}

export interface CacheLookup {
  table: string;
  quals: readonly Qual[];
  hydrates: ReadonlySet<string>;
  /** The item fields fetched (undefined: whole items). */
  fields?: readonly string[] | undefined;
  limit: number | undefined;
}

/** How much the scan caches of one session may keep, together. */
export interface CacheBounds {
  maxEntries: number;
  maxBytes: number;
}

/** 1,000 results and 256 MB: a long-running `serve` keeps what was read lately, within these. */
export const DEFAULT_CACHE_BOUNDS: CacheBounds = { maxEntries: 1000, maxBytes: 256 * 1024 * 1024 };

/**
 * The bound the scan caches of one session share (an aggregator's members, every connection of
 * `serve`): when a new result takes them past it, the least recently used results go first.
 */
export class CacheBudget {
  /** Every kept entry and the cache holding it, least recently used first (a Map keeps insertion order). */
  readonly #order = new Map<Entry, ScanCache>();
  #bytes = 0;

  constructor(readonly bounds: CacheBounds = DEFAULT_CACHE_BOUNDS) {}

  get entries(): number {
    return this.#order.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Whether an entry of this size may be kept at all (one larger than the whole budget is not). */
  fits(bytes: number): boolean {
    return bytes <= this.bounds.maxBytes && this.bounds.maxEntries > 0;
  }

  add(entry: Entry, cache: ScanCache): void {
    this.#order.set(entry, cache);
    this.#bytes += entry.bytes;
    for (const [oldest, holder] of this.#order) {
      if (this.#order.size <= this.bounds.maxEntries && this.#bytes <= this.bounds.maxBytes) break;
      holder.drop(oldest);
    }
  }

  touch(entry: Entry): void {
    const cache = this.#order.get(entry);
    if (!cache) return;
    this.#order.delete(entry);
    this.#order.set(entry, cache);
  }

  remove(entry: Entry): void {
    if (this.#order.delete(entry)) this.#bytes -= entry.bytes;
  }
}

/**
 * Scan results of one connection, kept for a TTL. A lookup is served by an entry with the same
 * quals (and no smaller limit) or by a full unfiltered scan, as long as the entry fetched every
 * hydrate column and item field the lookup needs. Serving more rows than asked is safe: the engine re-applies
 * every predicate.
 */
export class ScanCache {
  readonly #entries: Entry[] = [];
  /** Fetches in flight, each with what settles when it ends (its rows kept or not). */
  readonly #fetching = new Map<Fetched, Promise<void>>();
  #enabled: boolean;

  constructor(
    public ttlSeconds = 300,
    enabled = true,
    private readonly now: () => number = Date.now,
    /** Shared by the session's caches; a cache of its own has the default bounds. */
    private readonly budget: CacheBudget = new CacheBudget(),
  ) {
    this.#enabled = enabled && ttlSeconds > 0;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  set enabled(on: boolean) {
    this.#enabled = on;
  }

  clear(): void {
    for (const entry of this.#entries) this.budget.remove(entry);
    this.#entries.length = 0;
  }

  /** Removes one entry (expired, or evicted by the budget). */
  drop(entry: Entry): void {
    const index = this.#entries.indexOf(entry);
    if (index >= 0) this.#entries.splice(index, 1);
    this.budget.remove(entry);
  }

  get(lookup: CacheLookup): Row[] | undefined {
    if (!this.#enabled) return undefined;
    const now = this.now();
    const quals = qualsKey(lookup.quals);
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const entry = this.#entries[i]!;
      if (entry.expires <= now) {
        this.drop(entry);
        continue;
      }
      if (!holdsWhatIsAsked(entry, lookup)) continue;
      const fullScan = entry.quals === '' && entry.limit === undefined;
      if (fullScan || sameQuals(entry, lookup, quals)) {
        this.budget.touch(entry);
        return entry.rows;
      }
    }
    return undefined;
  }

  set(lookup: CacheLookup, rows: Row[]): void {
    if (!this.#enabled) return;
    const now = this.now();
    for (const entry of this.#entries.filter((kept) => kept.expires <= now)) this.drop(entry);
    const bytes = estimateBytes(rows);
    if (!this.budget.fits(bytes)) return;
    const entry: Entry = { ...fetchedWith(lookup), rows, expires: now + this.ttlSeconds * 1000, bytes };
    this.#entries.push(entry);
    this.budget.add(entry, this);
  }

  /**
   * Marks a fetch of `lookup` as in flight until the returned function is called (when it ends,
   * after `set` if its rows are kept).
   */
  fetching(lookup: CacheLookup): () => void {
    if (!this.#enabled) return () => {};
    const key = fetchedWith(lookup);
    let end!: () => void;
    this.#fetching.set(
      key,
      new Promise<void>((resolve) => {
        end = resolve;
      }),
    );
    return () => {
      this.#fetching.delete(key);
      end();
    };
  }

  /**
   * What settles when a fetch in flight of the same rows ends (the same quals and limit, with every
   * hydrate and field the lookup needs): `get` may then serve the lookup. Only the same quals: a
   * lookup by id would rather make its one call than wait for a full scan.
   */
  inFlight(lookup: CacheLookup): Promise<void> | undefined {
    if (!this.#enabled || this.#fetching.size === 0) return undefined;
    const quals = qualsKey(lookup.quals);
    for (const [fetched, ended] of this.#fetching)
      if (holdsWhatIsAsked(fetched, lookup) && sameQuals(fetched, lookup, quals)) return ended;
    return undefined;
  }
}

const fetchedWith = (lookup: CacheLookup): Fetched => ({
  table: lookup.table,
  quals: qualsKey(lookup.quals),
  hydrates: new Set(lookup.hydrates),
  fields: lookup.fields && new Set(lookup.fields),
  limit: lookup.limit,
});

/** The result is of the table asked for, with every hydrate and item field the lookup needs. */
const holdsWhatIsAsked = (fetched: Fetched, lookup: CacheLookup): boolean =>
  fetched.table === lookup.table &&
  covers(fetched.hydrates, lookup.hydrates) &&
  (!fetched.fields || (lookup.fields !== undefined && covers(fetched.fields, lookup.fields)));

/** The result was fetched with the lookup's quals (`qualsKey`), and no smaller limit. */
const sameQuals = (fetched: Fetched, lookup: CacheLookup, quals: string): boolean =>
  fetched.quals === quals && (fetched.limit === undefined || (lookup.limit ?? Infinity) <= fetched.limit);

/** Rows sampled to estimate a result's size: measuring every row of 100,000 would cost a scan's worth. */
const SIZE_SAMPLE = 64;
/** What a row costs beyond its JSON text (the object, its keys' slots). */
const ROW_OVERHEAD = 64;

/** An estimate of rows' size in memory: their JSON text as UTF-16, from an even sample of them. */
export function estimateBytes(rows: readonly Row[]): number {
  if (rows.length === 0) return 0;
  const step = Math.max(1, Math.floor(rows.length / SIZE_SAMPLE));
  let sampled = 0;
  let chars = 0;
  for (let i = 0; i < rows.length; i += step) {
    chars += JSON.stringify(rows[i], (_key, value) =>
      typeof value === 'bigint' ? value.toString() : value,
    ).length;
    sampled++;
  }
  return Math.ceil(((chars * 2) / sampled + ROW_OVERHEAD) * rows.length);
}

const covers = (have: ReadonlySet<string>, want: Iterable<string>) =>
  [...want].every((name) => have.has(name));
