import { describe, expect, it } from 'vitest';
import {
  formatTiming,
  type OutputOptions,
  resultSeparator,
  type TimingInfo,
} from '../../src/cli/output/index.js';

const base: TimingInfo = {
  durationMs: 1234,
  rowsReturned: 42,
  rowsFetched: 42,
  cachedRowsFetched: 42,
  apiCalls: 3,
  hydrateCalls: 0,
  scans: 2,
  connections: 2,
};

describe('formatTiming', () => {
  it('prints the Steampipe line plus API calls', () => {
    expect(formatTiming(base)).toBe(
      'Time: 1.2s. Rows returned: 42. Rows fetched: 42 (cached). Hydrate calls: 0. Scans: 2. Connections: 2. API calls: 3.',
    );
  });

  it('prints milliseconds under 500 ms and hides single scans and connections', () => {
    expect(formatTiming({ ...base, durationMs: 499.9, cachedRowsFetched: 0, scans: 1, connections: 1 })).toBe(
      'Time: 499ms. Rows returned: 42. Rows fetched: 42. Hydrate calls: 0. API calls: 3.',
    );
  });

  it('counts partly cached rows and groups thousands', () => {
    expect(
      formatTiming({
        ...base,
        durationMs: 1_234_567,
        rowsReturned: 12_000,
        rowsFetched: 15_000,
        cachedRowsFetched: 5_000,
        hydrateCalls: 1_500,
      }),
    ).toBe(
      'Time: 1,234.6s. Rows returned: 12,000. Rows fetched: 15,000 (5,000 cached). Hydrate calls: 1,500. Scans: 2. Connections: 2. API calls: 3.',
    );
  });

  it('prints only time and rows returned when nothing was fetched', () => {
    expect(
      formatTiming({
        ...base,
        durationMs: 500,
        rowsReturned: 0,
        rowsFetched: 0,
        cachedRowsFetched: 0,
        apiCalls: 1,
      }),
    ).toBe('Time: 0.5s. Rows returned: 0. API calls: 1.');
  });

  it('rounds seconds like Go %.1f, half to even on exact ties', () => {
    const time = (durationMs: number) => formatTiming({ ...base, durationMs }).split('. ')[0];
    expect([1250, 1750, 2250, 1350, 1449, 1950, 999].map(time)).toEqual([
      'Time: 1.2s',
      'Time: 1.8s',
      'Time: 2.2s',
      'Time: 1.4s',
      'Time: 1.4s',
      'Time: 1.9s',
      'Time: 1.0s',
    ]);
  });
});

describe('resultSeparator', () => {
  const options = (format: OutputOptions['format'], header: boolean): OutputOptions => ({
    format,
    header,
    separator: ',',
  });
  it('is a blank line, except for csv without a header', () => {
    expect(
      ['table', 'json', 'csv', 'line'].map((format) =>
        resultSeparator(options(format as OutputOptions['format'], true)),
      ),
    ).toEqual(['\n', '\n', '\n', '\n']);
    expect(resultSeparator(options('csv', false))).toBe('');
    expect(resultSeparator(options('table', false))).toBe('\n');
  });
});
