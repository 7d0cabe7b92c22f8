/**
 * The export formats, as text pieces: a start, one piece per row, an end. Every format gives a
 * valid document for zero rows (csv: the header; json: `[]`; jsonl: nothing). Values follow
 * `jcsql query`'s rules (src/format/values.ts), except that JSON columns always nest as real
 * JSON and timestamps keep their ISO-8601 text with milliseconds.
 */

import { csvField } from '../../format/csv.js';
import { goJson, jsonString } from '../../format/go-json.js';
import { jsonValue, type TextOptions, type ValueType, valueText } from '../../format/values.js';
import type { ColumnType, Row } from '../../sdk/index.js';
import type { ExportColumn } from './columns.js';

export const EXPORT_FORMATS = ['csv', 'json', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RowWriter {
  start(): string;
  row(row: Row): string;
  end(): string;
}

/** How the output helpers see each column type; timestamps are already ISO-8601 text. */
const VALUE_TYPE: Record<ColumnType, ValueType> = {
  string: { kind: 'other', element: 'other' },
  int: { kind: 'integer', element: 'other' },
  double: { kind: 'float', element: 'other' },
  bool: { kind: 'bool', element: 'other' },
  json: { kind: 'json', element: 'other' },
  timestamp: { kind: 'other', element: 'other' },
  inet: { kind: 'other', element: 'other' },
};

/** NULL is an empty field, never `<nil>`; JSON is compact JSON text. */
const CSV_TEXT: TextOptions = { nullText: '', humanizeIntegers: false };

export function rowWriter(format: ExportFormat, columns: readonly ExportColumn[]): RowWriter {
  switch (format) {
    case 'csv':
      return csvWriter(columns);
    case 'json':
      return jsonArrayWriter(columns);
    case 'jsonl':
      return { start: () => '', row: objectWriter(columns), end: () => '' };
  }
}

/** RFC 4180 quoting (and Go's two extra cases), `,` between fields, `\n` after each record. */
function csvWriter(columns: readonly ExportColumn[]): RowWriter {
  const line = (fields: string[]) => `${fields.map((field) => csvField(field, ',')).join(',')}\n`;
  const types = columns.map((column) => VALUE_TYPE[column.type]);
  return {
    start: () => line(columns.map((column) => column.name)),
    row: (row) => line(columns.map((column, index) => valueText(row[column.name], types[index]!, CSV_TEXT))),
    end: () => '',
  };
}

/** One array: `[` then one compact object a line, `]`; `[]` for no rows. */
function jsonArrayWriter(columns: readonly ExportColumn[]): RowWriter {
  const object = objectWriter(columns);
  let rows = 0;
  return {
    start: () => '[',
    row: (row) => `${rows++ === 0 ? '\n' : ',\n'}${object(row).slice(0, -1)}`,
    end: () => (rows === 0 ? ']\n' : '\n]\n'),
  };
}

/** One compact JSON object and a newline, keys in column order. */
function objectWriter(columns: readonly ExportColumn[]): (row: Row) => string {
  const keys = columns.map((column) => `${jsonString(column.name)}:`);
  const types = columns.map((column) => VALUE_TYPE[column.type]);
  return (row) =>
    `{${columns.map((column, index) => keys[index] + goJson(jsonValue(row[column.name], types[index]!))).join(',')}}\n`;
}
