import { describe, expect, it } from 'vitest';
import { CacheBudget, type CacheLookup, estimateBytes, type Row, ScanCache } from '../../src/sdk/index.js';

const lookup = (table: string): CacheLookup => ({ table, quals: [], hydrates: new Set(), limit: undefined });
/** `count` rows of about `width` characters of text each. */
const rows = (count: number, width = 100): Row[] =>
  Array.from({ length: count }, (_, i) => ({ id: String(i), text: 'x'.repeat(width) }));

describe('the scan cache within its bounds', () => {
  it('drops the least recently used result once past the number of entries', () => {
    const cache = new ScanCache(300, true, Date.now, new CacheBudget({ maxEntries: 2, maxBytes: 1e9 }));
    cache.set(lookup('a'), rows(1));
    cache.set(lookup('b'), rows(1));
    expect(cache.get(lookup('a'))).toBeDefined(); // a is now the most recently used
    cache.set(lookup('c'), rows(1));
    expect(cache.get(lookup('b'))).toBeUndefined();
    expect(cache.get(lookup('a'))).toBeDefined();
    expect(cache.get(lookup('c'))).toBeDefined();
  });

  it('keeps its estimated size under the byte bound, across the caches that share it', () => {
    const one = rows(100);
    const size = estimateBytes(one);
    const budget = new CacheBudget({ maxEntries: 1000, maxBytes: size * 3.5 });
    const first = new ScanCache(300, true, Date.now, budget);
    const second = new ScanCache(300, true, Date.now, budget);
    for (let i = 0; i < 50; i++) (i % 2 === 0 ? first : second).set(lookup(`t${i}`), rows(100));
    expect(budget.bytes).toBeLessThanOrEqual(size * 3.5);
    expect(budget.entries).toBe(3);
    // The three kept are the three last set, whichever cache holds them.
    expect(second.get(lookup('t49'))).toBeDefined();
    expect(first.get(lookup('t48'))).toBeDefined();
    expect(second.get(lookup('t47'))).toBeDefined();
    expect(first.get(lookup('t46'))).toBeUndefined();
  });

  it('does not keep a result larger than the whole bound, and still serves the others', () => {
    const budget = new CacheBudget({ maxEntries: 10, maxBytes: estimateBytes(rows(10)) * 2 });
    const cache = new ScanCache(300, true, Date.now, budget);
    cache.set(lookup('small'), rows(10));
    cache.set(lookup('huge'), rows(10_000));
    expect(cache.get(lookup('huge'))).toBeUndefined();
    expect(cache.get(lookup('small'))).toHaveLength(10);
  });

  it('gives expired results back to the budget when a new one is set', () => {
    let now = 0;
    const budget = new CacheBudget({ maxEntries: 10, maxBytes: 1e9 });
    const cache = new ScanCache(1, true, () => now, budget);
    cache.set(lookup('a'), rows(5));
    now = 5_000;
    cache.set(lookup('b'), rows(5));
    expect(budget.entries).toBe(1);
    expect(budget.bytes).toBe(estimateBytes(rows(5)));
    cache.clear();
    expect(budget.entries).toBe(0);
    expect(budget.bytes).toBe(0);
  });

  it('estimates a result within a factor of two of its JSON text as UTF-16', () => {
    const mixed: Row[] = Array.from({ length: 5000 }, (_, i) => ({
      id: i,
      name: `user-${i}`.repeat(1 + (i % 7)),
      tags: i % 3 === 0 ? ['a', 'b'] : null,
      big: BigInt(i),
    }));
    const exact = mixed.reduce(
      (sum, row) => sum + 2 * JSON.stringify({ ...row, big: String(row.big) }).length,
      0,
    );
    const estimate = estimateBytes(mixed);
    expect(estimate).toBeGreaterThan(exact / 2);
    expect(estimate).toBeLessThan(exact * 2);
  });
});

describe('fetches in flight (identical scans at once share one fetch)', () => {
  const byId: CacheLookup = { ...lookup('users'), quals: [{ column: 'id', operator: '=', values: ['u1'] }] };
  const withHydrate: CacheLookup = { ...lookup('users'), hydrates: new Set(['groups']) };

  it('is waited for by the same lookup only, and settles when it ends', async () => {
    const cache = new ScanCache();
    const end = cache.fetching(lookup('users'));
    const inFlight = cache.inFlight(lookup('users'));
    expect(inFlight).toBeInstanceOf(Promise);
    // A lookup by id would rather make its one call than wait for a full scan; other tables and
    // hydrates the fetch does not make are not served by it either.
    expect(cache.inFlight(byId)).toBeUndefined();
    expect(cache.inFlight(lookup('devices'))).toBeUndefined();
    expect(cache.inFlight(withHydrate)).toBeUndefined();
    let settled = false;
    void inFlight!.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    cache.set(lookup('users'), rows(3));
    end();
    await inFlight;
    expect(settled).toBe(true);
    expect(cache.inFlight(lookup('users'))).toBeUndefined();
    expect(cache.get(lookup('users'))).toHaveLength(3);
  });

  it('serves a lookup needing less: fewer hydrates, a smaller limit; not a larger one', () => {
    const cache = new ScanCache();
    cache.fetching({ ...withHydrate, limit: 10 });
    expect(cache.inFlight({ ...lookup('users'), limit: 5 })).toBeDefined();
    expect(cache.inFlight({ ...lookup('users'), limit: 20 })).toBeUndefined();
    expect(cache.inFlight(lookup('users'))).toBeUndefined();
  });

  it('is not recorded when the cache is off', () => {
    const cache = new ScanCache(300, false);
    cache.fetching(lookup('users'));
    expect(cache.inFlight(lookup('users'))).toBeUndefined();
  });
});
