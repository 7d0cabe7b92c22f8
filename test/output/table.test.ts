import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../src/cli/output/index.js';
import { col, lines, render, sample } from './capture.js';

describe('table output', () => {
  it('draws go-pretty StyleDefault with Steampipe value text', () => {
    expect(render(sample, 'table')).toBe(
      lines(
        '+-----------------------+---------------+--------+-------------------+----------------------+',
        '| id                    | name          | active | attrs             | created_at           |',
        '+-----------------------+---------------+--------+-------------------+----------------------+',
        '| 10,000                | alice         | true   | {"a":"x,y","b":1} | 2024-01-15T10:30:45Z |',
        '| 9,007,199,254,740,993 | <null>        | false  | <null>            | <null>               |',
        '| -5                    | say "hi", bob | <null> | ["<b>",2.5]       | 2023-12-31T23:59:59Z |',
        '+-----------------------+---------------+--------+-------------------+----------------------+',
      ),
    );
  });

  it('drops the header row with header=false', () => {
    const result: QueryResult = { columns: [col('a', 'int4'), col('b', 'text')], rows: [[1, 'x']] };
    expect(render(result, 'table', { header: false })).toBe(lines('+---+---+', '| 1 | x |', '+---+---+'));
  });

  it('draws header, separator and bottom border for zero rows', () => {
    const result: QueryResult = { columns: [col('name', 'text'), col('type', 'text')], rows: [] };
    expect(render(result, 'table')).toBe(
      lines('+------+------+', '| name | type |', '+------+------+', '+------+------+'),
    );
  });

  it('prints nothing for zero rows without a header', () => {
    const result: QueryResult = { columns: [col('name', 'text')], rows: [] };
    expect(render(result, 'table', { header: false })).toBe('');
  });

  it('keeps duplicate column names as given', () => {
    const result: QueryResult = { columns: [col('a', 'int4'), col('a', 'int4')], rows: [[1, 2]] };
    expect(render(result, 'table')).toBe(
      lines('+---+---+', '| a | a |', '+---+---+', '| 1 | 2 |', '+---+---+'),
    );
  });

  it('splits multi-line values over several lines of one row', () => {
    const result: QueryResult = {
      columns: [col('k', 'text'), col('v', 'text')],
      rows: [['x', 'line one\nline 2\r\nthree']],
    };
    expect(render(result, 'table')).toBe(
      lines(
        '+---+----------+',
        '| k | v        |',
        '+---+----------+',
        '| x | line one |',
        '|   | line 2   |',
        '|   | three    |',
        '+---+----------+',
      ),
    );
  });

  it('counts wide characters as two cells and strips non-printable characters', () => {
    const result: QueryResult = {
      columns: [col('name', 'text'), col('n', 'int4')],
      rows: [
        ['東京', 1],
        ['🚀ok', 2],
        ['a\u0007b\u200bc\u001b', 3],
        ['cafe\u0301', 4],
      ],
    };
    expect(render(result, 'table')).toBe(
      lines(
        '+------+---+',
        '| name | n |',
        '+------+---+',
        '| 東京 | 1 |',
        '| 🚀ok | 2 |',
        '| abc  | 3 |',
        '| cafe\u0301 | 4 |',
        '+------+---+',
      ),
    );
  });

  it('turns tabs into four spaces so the borders stay straight', () => {
    const result: QueryResult = { columns: [col('v', 'text')], rows: [['a\tb']] };
    expect(render(result, 'table', { header: false })).toBe(lines('+--------+', '| a    b |', '+--------+'));
  });

  it('wraps a cell line longer than 1024 cells', () => {
    const long = 'x'.repeat(1030);
    const result: QueryResult = { columns: [col('v', 'text')], rows: [[long]] };
    const rule = `+${'-'.repeat(1026)}+`;
    expect(render(result, 'table', { header: false })).toBe(
      lines(rule, `| ${'x'.repeat(1024)} |`, `| ${'x'.repeat(6)}${' '.repeat(1018)} |`, rule),
    );
  });

  it('formats dates, timestamps without zone, floats, numerics, bytea and arrays', () => {
    const result: QueryResult = {
      columns: [
        col('d', 'date'),
        col('ts', 'timestamp'),
        col('f', 'float8'),
        col('big', 'float8'),
        col('r', 'float4'),
        col('n', 'numeric'),
        col('b', 'bytea'),
        col('tags', '_text'),
        col('ip', 'inet'),
      ],
      rows: [
        [
          new Date('2024-02-29T00:00:00Z'),
          new Date('2024-01-15T10:30:45.5Z'),
          0.1 + 0.2,
          1e21,
          Math.fround(0.1),
          '12345.6700',
          new Uint8Array([0, 171, 255]),
          ['a b', 'c'],
          '10.0.0.1',
        ],
      ],
    };
    expect(render(result, 'table', { header: false })).toBe(
      lines(
        '+------------+---------------------+---------------------+------------------------+-----+------------+----------+-------------+----------+',
        '| 2024-02-29 | 2024-01-15 10:30:45 | 0.30000000000000004 | 1000000000000000000000 | 0.1 | 12345.6700 | \\x00abff | ["a b","c"] | 10.0.0.1 |',
        '+------------+---------------------+---------------------+------------------------+-----+------------+----------+-------------+----------+',
      ),
    );
  });

  describe('the 10,000-row cap', () => {
    const manyRows = (count: number): QueryResult => ({
      columns: [col('n', 'int4')],
      rows: Array.from({ length: count }, (_, index) => [index + 1]),
    });
    const rule = '+--------+';

    it('shows the first 10,000 rows, then the PR #4675 footer', () => {
      const body = Array.from(
        { length: 10_000 },
        (_, index) => `| ${(index + 1).toLocaleString('en-US').padEnd(6)} |`,
      );
      expect(render(manyRows(12_345), 'table')).toBe(
        lines(
          rule,
          '| n      |',
          rule,
          ...body,
          rule,
          '12,345 rows (10,000 shown). Table output is limited to 10,000 rows. Use json/csv/line to view all the rows.',
        ),
      );
    });

    it('prints no footer for exactly 10,000 rows', () => {
      const output = render(manyRows(10_000), 'table');
      expect(output.endsWith(`| 10,000 |\n${rule}\n`)).toBe(true);
      expect(output.split('\n')).toHaveLength(3 + 10_000 + 1 + 1);
    });
  });
});
