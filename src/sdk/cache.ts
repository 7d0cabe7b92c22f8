import { type Qual, qualsKey } from './quals.js';

export type Row = Record<string, unknown>;

interface Entry {
  table: string;
  quals: string;
  hydrates: ReadonlySet<string>;
  fields: readonly string[] | undefined;
  limit: number | undefined;
  rows: Row[];
  expires: number;
}

export interface CacheLookup {
  table: string;
  quals: readonly Qual[];
  hydrates: ReadonlySet<string>;
  /** The item fields fetched (undefined: whole items). */
  fields?: readonly string[] | undefined;
  limit: number | undefined;
}

/**
 * Scan results of one connection, kept for a TTL. A lookup is served by an entry with the same
 * quals (and no smaller limit) or by a full unfiltered scan, as long as the entry fetched every
 * hydrate column and item field the lookup needs. Serving more rows than asked is safe: the engine re-applies
 * every predicate.
 */
export class ScanCache {
  readonly #entries: Entry[] = [];
  #enabled: boolean;

  constructor(
    public ttlSeconds = 300,
    enabled = true,
    private readonly now: () => number = Date.now,
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
    this.#entries.length = 0;
  }

  get(lookup: CacheLookup): Row[] | undefined {
    if (!this.#enabled) return undefined;
    const now = this.now();
    const quals = qualsKey(lookup.quals);
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const entry = this.#entries[i]!;
      if (entry.expires <= now) {
        this.#entries.splice(i, 1);
        continue;
      }
      if (entry.table !== lookup.table || !covers(entry.hydrates, lookup.hydrates)) continue;
      if (entry.fields && (!lookup.fields || !covers(new Set(entry.fields), lookup.fields))) continue;
      const fullScan = entry.quals === '' && entry.limit === undefined;
      const sameQuals =
        entry.quals === quals && (entry.limit === undefined || (lookup.limit ?? Infinity) <= entry.limit);
      if (fullScan || sameQuals) return entry.rows;
    }
    return undefined;
  }

  set(lookup: CacheLookup, rows: Row[]): void {
    if (!this.#enabled) return;
    this.#entries.push({
      table: lookup.table,
      quals: qualsKey(lookup.quals),
      hydrates: new Set(lookup.hydrates),
      fields: lookup.fields,
      limit: lookup.limit,
      rows,
      expires: this.now() + this.ttlSeconds * 1000,
    });
  }
}

const covers = (have: ReadonlySet<string>, want: Iterable<string>) =>
  [...want].every((name) => have.has(name));
