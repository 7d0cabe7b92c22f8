import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../../src/edit-distance.js';
import { didYouMean } from '../../src/engines/suggest.js';
import { allColumns } from '../../src/sdk/index.js';
import { tables } from '../../src/tables/index.js';

const columnNames = [...new Set(tables.flatMap((table) => allColumns(table).map((column) => column.name)))];

/** Every candidate compared in full: what `nearest` must agree with. */
const bruteForce = (name: string, candidates: string[]) =>
  candidates
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ candidate, distance }) => distance <= Math.max(2, Math.floor(candidate.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, 3)
    .map(({ candidate }) => candidate);

describe('did you mean', () => {
  it('suggests the near names for a typo', () => {
    expect(didYouMean('column', 'usernme', tables)).toBe('Did you mean username?');
    expect(didYouMean('table', 'jumpcloud_usr', tables)).toBe('Did you mean jumpcloud_user?');
  });

  it('finds the same names as comparing every candidate in full (names of any length)', () => {
    const typo = fc
      .tuple(fc.constantFrom(...columnNames), fc.string({ maxLength: 4 }), fc.nat({ max: 60 }))
      .map(
        ([name, noise, at]) =>
          name.slice(0, at % (name.length + 1)) + noise + name.slice((at % (name.length + 1)) + 1),
      );
    fc.assert(
      fc.property(fc.oneof(typo, fc.string({ maxLength: 40 })), (name) => {
        expect(nearest(name, columnNames)).toEqual(bruteForce(name, columnNames));
      }),
      { numRuns: 2000 },
    );
  });

  it('answers at once for a name of a megabyte: nothing is near it', () => {
    expect(didYouMean('column', 'x'.repeat(1_000_000), tables)).toBeUndefined();
  });
});
