import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochSecondsToTimestamp, toColumnValue, toTimestamp } from '../../src/sdk/index.js';

describe('column values', () => {
  it.each([
    ['2020-03-02T00:33:12.693Z', '2020-03-02T00:33:12.693Z'],
    ['2020-03-02T00:33:12Z', '2020-03-02T00:33:12.000Z'],
    ['2020-03-02T02:33:12.693+02:00', '2020-03-02T00:33:12.693Z'],
    // A day the month does not have is NULL (Date.parse would roll it over to Mar 2).
    ['2021-02-30T00:00:00.000Z', null],
    ['2023-02-30', null],
    ['2023-02-29T10:00:00Z', null],
    ['2024-02-29T10:00:00Z', '2024-02-29T10:00:00.000Z'],
    ['2020-12-31T25:00:00.000Z', null],
    // 24:00 is the end of the day in ISO 8601.
    ['2020-12-31T24:00:00.000Z', '2021-01-01T00:00:00.000Z'],
    // Without a zone, UTC (as the plugin reads it), never the host's zone.
    ['2023-01-01T10:00:00', '2023-01-01T10:00:00.000Z'],
    ['2023-07-01 10:00:00.5', '2023-07-01T10:00:00.500Z'],
    ['2023-01-01', '2023-01-01T00:00:00.000Z'],
    ['20230102', '2023-01-02T00:00:00.000Z'],
    ['2023-05-01T10:00:00-0500', '2023-05-01T15:00:00.000Z'],
    ['2020-13-01T00:00:00.000Z', null],
    ['not a date', null],
    ['', null],
    [0, null],
  ])('toTimestamp(%j) is %j', (raw, expected) => {
    expect(toTimestamp(raw)).toBe(expected);
  });

  it('keeps text as sent only where it is the instant (any date and time in the format)', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
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
          const real =
            month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && minute < 60 && second < 60;
          const endOfDay = hour === 24 && minute === 0 && second === 0 && ms === 0;
          if (!real || (hour > 23 && !endOfDay)) expect(toTimestamp(text)).toBeNull();
          else if (hour < 24) expect(toTimestamp(text)).toBe(text);
          else expect(toTimestamp(text)).toBe(new Date(Date.parse(text)).toISOString());
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reads a time without a zone as UTC whatever the host time zone', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      // The zone took effect (else this test proves nothing).
      expect(new Date(2023, 0, 15, 12).getTimezoneOffset()).toBe(300);
      expect(toTimestamp('2023-01-15T12:00:00')).toBe('2023-01-15T12:00:00.000Z');
      expect(toTimestamp('2023-07-15T12:00:00.250')).toBe('2023-07-15T12:00:00.250Z');
      expect(toTimestamp('2023-01-15')).toBe('2023-01-15T00:00:00.000Z');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
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
