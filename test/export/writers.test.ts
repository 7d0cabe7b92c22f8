import { describe, expect, it } from 'vitest';
import type { ExportColumn } from '../../src/engines/export/columns.js';
import { type ExportFormat, rowWriter } from '../../src/engines/export/writers.js';
import type { Row } from '../../src/sdk/index.js';

const columns: ExportColumn[] = [
  { name: 'name', type: 'string' },
  { name: 'n', type: 'int' },
  { name: 'x', type: 'double' },
  { name: 'ok', type: 'bool' },
  { name: 'doc', type: 'json' },
  { name: 'at', type: 'timestamp' },
];

const write = (format: ExportFormat, rows: Row[], cols = columns) => {
  const writer = rowWriter(format, cols);
  return writer.start() + rows.map((row) => writer.row(row)).join('') + writer.end();
};

const tricky: Row = {
  name: 'a "quoted", multi\nline',
  n: 10_000,
  x: 0.1,
  ok: false,
  doc: { b: [1, 'two'], a: null },
  at: '2024-01-02T03:04:05.678Z',
};
const nulls: Row = { name: null, n: null, x: null, ok: null, doc: null, at: null };

describe('export writers', () => {
  it('writes csv with a header, RFC 4180 quoting and NULL as an empty field', () => {
    expect(write('csv', [tricky, nulls])).toBe(
      'name,n,x,ok,doc,at\n' +
        '"a ""quoted"", multi\nline",10000,0.1,false,"{""a"":null,""b"":[1,""two""]}",2024-01-02T03:04:05.678Z\n' +
        ',,,,,\n',
    );
  });

  it('writes json as one array with real JSON columns, keys in column order', () => {
    const text = write('json', [tricky, nulls]);
    expect(text).toBe(
      '[\n' +
        '{"name":"a \\"quoted\\", multi\\nline","n":10000,"x":0.1,"ok":false,"doc":{"a":null,"b":[1,"two"]},"at":"2024-01-02T03:04:05.678Z"},\n' +
        '{"name":null,"n":null,"x":null,"ok":null,"doc":null,"at":null}\n' +
        ']\n',
    );
    expect(JSON.parse(text)[0].doc).toEqual({ a: null, b: [1, 'two'] });
  });

  it('writes jsonl as one object a line', () => {
    const lines = write('jsonl', [tricky, nulls]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual({ ...tricky, doc: { a: null, b: [1, 'two'] } });
    expect(Object.keys(JSON.parse(lines[1]!))).toEqual(columns.map((column) => column.name));
  });

  it('writes a valid empty document for zero rows', () => {
    expect(write('csv', [])).toBe('name,n,x,ok,doc,at\n');
    expect(write('json', [])).toBe('[]\n');
    expect(JSON.parse(write('json', []))).toEqual([]);
    expect(write('jsonl', [])).toBe('');
  });

  it('keeps a string that looks like JSON a string', () => {
    const text = write('jsonl', [{ name: '{"a":1}' }], [{ name: 'name', type: 'string' }]);
    expect(JSON.parse(text)).toEqual({ name: '{"a":1}' });
  });
});
