import { describe, expect, it } from 'vitest';
import { uniqueJsonColumns } from '../../src/cli/output/format-json.js';
import { type QueryResult, writeResult } from '../../src/cli/output/index.js';
import { CaptureSink, col, lines, render, sample } from './capture.js';

describe('json output', () => {
  it('writes columns in query order and rows with sorted keys, one-space indent, nested jsonb', () => {
    expect(render(sample, 'json')).toBe(
      lines(
        '{',
        ' "columns": [',
        '  {',
        '   "name": "id",',
        '   "data_type": "int8"',
        '  },',
        '  {',
        '   "name": "name",',
        '   "data_type": "text"',
        '  },',
        '  {',
        '   "name": "active",',
        '   "data_type": "bool"',
        '  },',
        '  {',
        '   "name": "attrs",',
        '   "data_type": "jsonb"',
        '  },',
        '  {',
        '   "name": "created_at",',
        '   "data_type": "timestamptz"',
        '  }',
        ' ],',
        ' "rows": [',
        '  {',
        '   "active": true,',
        '   "attrs": {',
        '    "a": "x,y",',
        '    "b": 1',
        '   },',
        '   "created_at": "2024-01-15T10:30:45Z",',
        '   "id": 10000,',
        '   "name": "alice"',
        '  },',
        '  {',
        '   "active": false,',
        '   "attrs": null,',
        '   "created_at": null,',
        '   "id": 9007199254740993,',
        '   "name": null',
        '  },',
        '  {',
        '   "active": null,',
        '   "attrs": [',
        '    "<b>",',
        '    2.5',
        '   ],',
        '   "created_at": "2023-12-31T23:59:59Z",',
        '   "id": -5,',
        '   "name": "say \\"hi\\", bob"',
        '  }',
        ' ]',
        '}',
      ),
    );
  });

  it('writes an empty result as columns and an empty rows list', () => {
    const result: QueryResult = { columns: [col('a', 'text')], rows: [] };
    expect(render(result, 'json')).toBe(
      lines(
        '{',
        ' "columns": [',
        '  {',
        '   "name": "a",',
        '   "data_type": "text"',
        '  }',
        ' ],',
        ' "rows": []',
        '}',
      ),
    );
  });

  it('renames duplicate columns deterministically and keeps original_name', () => {
    const result: QueryResult = {
      columns: [col('a', 'int4'), col('b', 'text'), col('a', 'text'), col('a', 'bool')],
      rows: [[1, 'x', 'second', true]],
    };
    expect(render(result, 'json')).toBe(
      lines(
        '{',
        ' "columns": [',
        '  {',
        '   "name": "a",',
        '   "data_type": "int4"',
        '  },',
        '  {',
        '   "name": "b",',
        '   "data_type": "text"',
        '  },',
        '  {',
        '   "name": "a_9294",',
        '   "data_type": "text",',
        '   "original_name": "a"',
        '  },',
        '  {',
        '   "name": "a_8df1",',
        '   "data_type": "bool",',
        '   "original_name": "a"',
        '  }',
        ' ],',
        ' "rows": [',
        '  {',
        '   "a": 1,',
        '   "a_8df1": true,',
        '   "a_9294": "second",',
        '   "b": "x"',
        '  }',
        ' ]',
        '}',
      ),
    );
  });

  it('skips a generated name that another column already has', () => {
    // a_9294 is what the duplicate at position 2 would get (sha256 of "a", NUL, "2", NUL, "0").
    expect(uniqueJsonColumns([col('a', 'text'), col('a_9294', 'text'), col('a', 'text')])).toEqual([
      { name: 'a', data_type: 'text' },
      { name: 'a_9294', data_type: 'text' },
      { name: 'a_5690', data_type: 'text', original_name: 'a' },
    ]);
  });

  it('writes numbers natively (bigint and numeric digits intact), other types as their text', () => {
    const result: QueryResult = {
      columns: [
        col('big', 'int8'),
        col('num', 'numeric'),
        col('f', 'float8'),
        col('tiny', 'float8'),
        col('nan', 'float8'),
        col('d', 'date'),
        col('ts', 'timestamp'),
        col('tags', '_text'),
        col('s', 'jsonb'),
        col('u', 'text'),
      ],
      rows: [
        [
          12345678901234567890n,
          '123456789012345678901234.5600',
          1e21,
          1e-7,
          Number.NaN,
          new Date('2024-02-29T00:00:00Z'),
          new Date('2024-01-15T10:30:45Z'),
          ['a', null],
          'plain string',
          'ünï \u2028 <&> 🚀 \u0001',
        ],
      ],
    };
    expect(render(result, 'json').split(' "rows": ')[1]).toBe(
      lines(
        '[',
        '  {',
        '   "big": 12345678901234567890,',
        '   "d": "2024-02-29",',
        '   "f": 1e+21,',
        '   "nan": "NaN",',
        '   "num": 123456789012345678901234.5600,',
        '   "s": "plain string",',
        '   "tags": [',
        '    "a",',
        '    null',
        '   ],',
        '   "tiny": 1e-7,',
        '   "ts": "2024-01-15 10:30:45",',
        '   "u": "ünï \\u2028 <&> 🚀 \\u0001"',
        '  }',
        ' ]',
        '}',
      ),
    );
  });

  it('sorts nested jsonb keys by code point at every level, with empty containers compact', () => {
    const result: QueryResult = {
      columns: [col('j', 'jsonb')],
      rows: [[{ z: { b: [], a: {} }, B: 1, é: 2, '\u{1F600}': 3, '\uFF5E': 4 }]],
    };
    expect(render(result, 'json').split(' "rows": ')[1]).toBe(
      lines(
        '[',
        '  {',
        '   "j": {',
        '    "B": 1,',
        '    "z": {',
        '     "a": {},',
        '     "b": []',
        '    },',
        '    "é": 2,',
        '    "～": 4,',
        '    "😀": 3',
        '   }',
        '  }',
        ' ]',
        '}',
      ),
    );
  });

  it('streams 100k rows in bounded chunks that form one valid document', () => {
    const rows = Array.from({ length: 100_000 }, (_, index) => [index, { k: index }]);
    const sink = new CaptureSink();
    writeResult(
      sink,
      { columns: [col('i', 'int4'), col('j', 'jsonb')], rows },
      { format: 'json', header: true, separator: ',' },
    );
    expect(sink.chunks.length).toBeGreaterThan(50);
    expect(Math.max(...sink.chunks.map((chunk) => chunk.length))).toBeLessThan(70_000);
    const parsed = JSON.parse(sink.text) as { rows: { i: number; j: { k: number } }[] };
    expect(parsed.rows).toHaveLength(100_000);
    expect(parsed.rows[99_999]).toEqual({ i: 99_999, j: { k: 99_999 } });
  });
});
