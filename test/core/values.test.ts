import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochSecondsToTimestamp, toColumnValue, toTimestamp } from '../../src/sdk/index.js';

describe('column values', () => {
  it.each([
    ['2020-03-02T00:33:12.693Z', '2020-03-02T00:33:12.693Z'],
    ['2020-03-02T00:33:12Z', '2020-03-02T00:33:12.000Z'],
    ['2020-03-02T02:33:12.693+02:00', '2020-03-02T00:33:12.693Z'],
    // Date.parse rolls these over; the result must be the real instant, not the text as sent.
    ['2021-02-30T00:00:00.000Z', '2021-03-02T00:00:00.000Z'],
    ['2020-12-31T24:00:00.000Z', '2021-01-01T00:00:00.000Z'],
    ['2020-13-01T00:00:00.000Z', null],
    ['not a date', null],
    ['', null],
    [0, null],
  ])('toTimestamp(%j) is %j', (raw, expected) => {
    expect(toTimestamp(raw)).toBe(expected);
  });

  it('keeps text as sent only where Date would give it back the same (any date and time in the format)', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    const viaDate = (text: string) => {
      const time = Date.parse(text);
      return Number.isNaN(time) ? null : new Date(time).toISOString();
    };
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 }),
          fc.integer({ min: 0, max: 25 }),
          fc.integer({ min: 0, max: 61 }),
          fc.integer({ min: 0, max: 61 }),
          fc.integer({ min: 0, max: 999 }),
        ),
        ([year, month, day, hour, minute, second, ms]) => {
          const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(ms, 3)}Z`;
          expect(toTimestamp(text)).toBe(viaDate(text));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('converts by declared type, keeping zero values and nulling what cannot be of the type', () => {
    expect(toColumnValue('string', 0)).toBe('0');
    expect(toColumnValue('string', { a: 1 })).toBe('{"a":1}');
    expect(toColumnValue('int', '12.7')).toBe(12);
    expect(toColumnValue('int', 'x')).toBeNull();
    expect(toColumnValue('double', '1.5')).toBe(1.5);
    expect(toColumnValue('bool', false)).toBe(false);
    expect(toColumnValue('bool', 'yes')).toBeNull();
    expect(toColumnValue('json', [])).toEqual([]);
    expect(toColumnValue('json', undefined)).toBeNull();
    expect(toColumnValue('inet', '10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(toColumnValue('inet', '10.0.0.0/33')).toBeNull();
    expect(epochSecondsToTimestamp(0)).toBeNull();
    expect(epochSecondsToTimestamp('1600000000')).toBe('2020-09-13T12:26:40.000Z');
  });
});
