import { describe, expect, it } from 'vitest';
import {
  formatTiming,
  type OutputOptions,
  resultSeparator,
  type TimingInfo,
  timingMetadata,
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
  scanList: [],
};

/** Two scans of an aggregator's members and one that fetched nothing, as Steampipe's verbose timing lists them. */
const scans: TimingInfo['scanList'] = [
  {
    connection: 'jc_eu',
    table: 'jumpcloud_user',
    cacheHit: true,
    rowsFetched: 12,
    hydrateCalls: 0,
    startTime: Date.UTC(2024, 4, 31, 8, 48, 1, 120),
    durationMs: 3.7,
    columns: ['id', 'username'],
    limit: undefined,
    quals: [],
  },
  {
    connection: 'jc_us',
    table: 'jumpcloud_user',
    cacheHit: false,
    rowsFetched: 1_500,
    hydrateCalls: 1_200,
    startTime: Date.UTC(2024, 4, 31, 8, 48, 1),
    durationMs: 612,
    columns: ['id', 'username'],
    limit: 10,
    quals: [
      { column: 'username', operator: '=', value: 'ada' },
      { column: 'id', operator: '=', value: ['a', 'b'] },
      { column: 'email', operator: '~~', value: '%@example.com' },
      { column: 'system_timezone', operator: '>', value: 5 },
    ],
  },
  {
    connection: 'jc_us',
    table: 'jumpcloud_device',
    cacheHit: false,
    rowsFetched: 0,
    hydrateCalls: 0,
    startTime: Date.UTC(2024, 4, 31, 8, 48, 2),
    durationMs: 80,
    columns: ['id'],
    limit: undefined,
    quals: [],
  },
];

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

describe('formatTiming verbose', () => {
  it('lists the scans slowest first, as Steampipe does, and counts those that fetched nothing', () => {
    expect(formatTiming({ ...base, scans: 3, scanList: scans }, 'verbose')).toBe(
      [
        'Time: 1.2s. Rows returned: 42. Rows fetched: 42 (cached). Hydrate calls: 0. Scans: 3. Connections: 2. API calls: 3.',
        '',
        'Scans:',
        "  1) jumpcloud_user.jc_us: Time: 0.6s. Fetched: 1,500. Hydrates: 1,200. Quals: username=ada, id IN ('a', 'b'), email~~'%@example.com', system_timezone>5. Limit: 10.",
        '  2) jumpcloud_user.jc_eu: Time: 3ms. Fetched: 12 (cached). Hydrates: 0.',
        '  3…3) Zero rows fetched.',
        '',
      ].join('\n'),
    );
  });

  it('is the line alone with on, or when no table was scanned', () => {
    const line = formatTiming({ ...base, scanList: scans });
    expect(line).not.toContain('\n');
    expect(formatTiming({ ...base, scanList: [] }, 'verbose')).toBe(line);
    // Nothing fetched: Steampipe prints the basics only.
    const nothing = { ...base, rowsFetched: 0, cachedRowsFetched: 0, scanList: [scans[2]!] };
    expect(formatTiming(nothing, 'verbose')).toBe('Time: 1.2s. Rows returned: 42. API calls: 3.');
  });
});

describe('timingMetadata (json)', () => {
  const timing: TimingInfo = {
    ...base,
    durationMs: 1234.9,
    cachedRowsFetched: 12,
    scans: 3,
    scanList: scans,
  };

  it("is Steampipe's TimingResult, its members in order, scans null unless verbose", () => {
    const on = timingMetadata(timing, 'on');
    expect(Object.keys(on)).toEqual([
      'duration_ms',
      'scans',
      'scan_count',
      'rows_returned',
      'uncached_rows_fetched',
      'cached_rows_fetched',
      'hydrate_calls',
      'connection_count',
    ]);
    expect(on).toEqual({
      duration_ms: 1234,
      scans: null,
      scan_count: 3,
      rows_returned: 42,
      uncached_rows_fetched: 30,
      cached_rows_fetched: 12,
      hydrate_calls: 0,
      connection_count: 2,
    });
    const none = { ...timing, scans: 0, scanList: [] };
    expect(timingMetadata(none, 'on')).not.toHaveProperty('scan_count');
    expect(timingMetadata(none, 'verbose').scans).toBeNull();
  });

  it('lists each scan with verbose, slowest first, limit and quals only when it had them', () => {
    const [slowest, empty, fastest] = timingMetadata(timing, 'verbose').scans as Array<
      Record<string, unknown>
    >;
    expect(empty).toMatchObject({ table: 'jumpcloud_device', rows_fetched: 0, duration_ms: 80 });
    expect(Object.keys(slowest!)).toEqual([
      'connection',
      'table',
      'cache_hit',
      'rows_fetched',
      'hydrate_calls',
      'start_time',
      'duration_ms',
      'columns',
      'limit',
      'quals',
    ]);
    expect(slowest).toMatchObject({
      connection: 'jc_us',
      start_time: '2024-05-31T08:48:01Z',
      duration_ms: 612,
      limit: 10,
      quals: [
        { column: 'username', operator: '=', value: 'ada' },
        { column: 'id', operator: '=', value: ['a', 'b'] },
        { column: 'email', operator: '~~', value: '%@example.com' },
        { column: 'system_timezone', operator: '>', value: 5 },
      ],
    });
    expect(fastest).toEqual({
      connection: 'jc_eu',
      table: 'jumpcloud_user',
      cache_hit: true,
      rows_fetched: 12,
      hydrate_calls: 0,
      start_time: '2024-05-31T08:48:01.12Z',
      duration_ms: 3,
      columns: ['id', 'username'],
    });
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
