import { describe, expect, it } from 'vitest';
import { parseJsonExact } from '../../src/format/exact-json.js';
import { RawJsonNumber } from '../../src/format/go-json.js';

describe('parseJsonExact', () => {
  it('reads what a double holds exactly as plain numbers, as JSON.parse does', () => {
    for (const text of [
      '{"n": 9007199254740991, "d": 1.5, "e": 1e300, "neg": -42, "s": "x"}',
      '[123456789012345, 0.123456789012345, "12345678901234567890"]',
      '{"ip": "10.0.0.4", "when": "2026-12-05T17:00:00Z", "id": "5f1a2b3c4d5e6f7a8b9c0d1e"}',
    ])
      expect(parseJsonExact(text)).toEqual(JSON.parse(text));
  });

  it('keeps every digit of an integer past 2^53 (a bigint) and of a long decimal (its text)', () => {
    expect(parseJsonExact('{"n": 9007199254740993, "m": -12345678901234567890}')).toEqual({
      n: 9007199254740993n,
      m: -12345678901234567890n,
    });
    expect(parseJsonExact('[0.1234567890123456789, 1.234567890123456e5]')).toEqual([
      new RawJsonNumber('0.1234567890123456789'),
      new RawJsonNumber('1.234567890123456e5'),
    ]);
  });

  it('leaves digits inside strings alone, next to a lossy number', () => {
    expect(parseJsonExact('{"s": "9007199254740993", "n": 9007199254740993}')).toEqual({
      s: '9007199254740993',
      n: 9007199254740993n,
    });
  });
});
