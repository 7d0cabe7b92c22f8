import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../src/cli/output/index.js';
import { writeResult } from '../../src/cli/output/index.js';
import { UserError } from '../../src/errors.js';
import { CaptureSink, col, lines, render, sample } from './capture.js';

describe('csv output', () => {
  it('writes a header, empty NULLs, compact JSON and RFC 3339 timestamps, quoting per RFC 4180', () => {
    expect(render(sample, 'csv')).toBe(
      lines(
        'id,name,active,attrs,created_at',
        '10000,alice,true,"{""a"":""x,y"",""b"":1}",2024-01-15T10:30:45Z',
        '9007199254740993,,false,,',
        '-5,"say ""hi"", bob",,"[""<b>"",2.5]",2023-12-31T23:59:59Z',
      ),
    );
  });

  it('omits the header with header=false', () => {
    const result: QueryResult = { columns: [col('a', 'int4'), col('b', 'text')], rows: [[1, 'x']] };
    expect(render(result, 'csv', { header: false })).toBe('1,x\n');
  });

  it('quotes fields with line breaks, and those Go quotes: leading whitespace and \\.', () => {
    const result: QueryResult = {
      columns: [col('v', 'text')],
      rows: [['two\nlines'], ['cr\rhere'], [' leading space'], ['trailing space '], ['\\.'], ['']],
    };
    expect(render(result, 'csv')).toBe(
      lines('v', '"two\nlines"', '"cr\rhere"', '" leading space"', 'trailing space ', '"\\."', ''),
    );
  });

  it('uses a one-character separator: ;', () => {
    const result: QueryResult = {
      columns: [col('a', 'text'), col('b', 'float8')],
      rows: [
        ['x;y', 1.5],
        ['p,q', 2],
      ],
    };
    expect(render(result, 'csv', { separator: ';' })).toBe(lines('a;b', '"x;y";1.5', 'p,q;2'));
  });

  it('uses a tab separator', () => {
    const result: QueryResult = {
      columns: [col('a', 'text'), col('b', 'text')],
      rows: [
        ['x\ty', 'z'],
        ['unicode ✓', '東京'],
      ],
    };
    expect(render(result, 'csv', { separator: '\t' })).toBe(lines('a\tb', '"x\ty"\tz', 'unicode ✓\t東京'));
  });

  it('does not humanise integers and keeps duplicate names as given', () => {
    const result: QueryResult = {
      columns: [col('a', 'int8'), col('a', 'int8')],
      rows: [[1234567, 12345678901234567890n]],
    };
    expect(render(result, 'csv')).toBe(lines('a,a', '1234567,12345678901234567890'));
  });

  it('writes only the header for zero rows', () => {
    expect(render({ columns: [col('a', 'text')], rows: [] }, 'csv')).toBe('a\n');
    expect(render({ columns: [col('a', 'text')], rows: [] }, 'csv', { header: false })).toBe('');
  });

  it('rejects a separator Go would reject', () => {
    const result: QueryResult = { columns: [col('a', 'text')], rows: [] };
    for (const separator of ['', '"', '\n']) {
      expect(() => render(result, 'csv', { separator })).toThrow(UserError);
    }
  });

  it('writes 100k rows in bounded chunks', () => {
    const rows = Array.from({ length: 100_000 }, (_, index) => [index, `name-${index}`]);
    const sink = new CaptureSink();
    writeResult(
      sink,
      { columns: [col('i', 'int4'), col('n', 'text')], rows },
      {
        format: 'csv',
        header: true,
        separator: ',',
      },
    );
    expect(sink.chunks.length).toBeGreaterThan(10);
    expect(Math.max(...sink.chunks.map((chunk) => chunk.length))).toBeLessThan(70_000);
    expect(sink.text.split('\n')[100_000]).toBe('99999,name-99999');
  });
});
