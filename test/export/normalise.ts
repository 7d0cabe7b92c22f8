/**
 * Rows from `jcsql query --output json` and from `jcsql export` in each format, brought to one
 * comparable form per column type, so a test can say "the same rows" whatever the format.
 */

import type { ExportColumn } from '../../src/engines/export/columns.js';
import { canonicalInet } from '../../src/engines/export/typed-values.js';

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') field += text[i++];
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

/** JSON with object keys sorted, so equal documents compare equal as text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** How values arrive: parsed JSON, or csv text (where an empty field is NULL, and so must '' be). */
export type Source = 'json' | 'csv-text' | 'json-for-csv';

/** One value's comparable text. Timestamps to whole seconds (query's RFC 3339 has none), inet canonical. */
function normaliseValue(value: unknown, column: ExportColumn, source: Source): string {
  if (value === null || value === undefined || (source !== 'json' && value === '')) return 'NULL';
  const text = typeof value === 'string' ? value : '';
  switch (column.type) {
    case 'json':
      return canonicalJson(source === 'csv-text' ? JSON.parse(text) : value);
    case 'timestamp':
      return String(Math.floor(Date.parse(text) / 1000));
    case 'inet':
      return canonicalInet(text) ?? `bad inet ${text}`;
    case 'int':
    case 'double':
      return String(Number(value));
    default:
      return String(value);
  }
}

/** Rows as sorted lines of normalised values, for an order-independent comparison. */
export function normaliseRows(
  rows: Array<Record<string, unknown>>,
  columns: ExportColumn[],
  source: Source = 'json',
): string[] {
  return rows
    .map((row) => columns.map((column) => normaliseValue(row[column.name], column, source)).join(' | '))
    .sort();
}

/** Objects from a csv export (header first), a json array or jsonl lines. */
export function exportedObjects(
  format: 'csv' | 'json' | 'jsonl',
  text: string,
): Array<Record<string, unknown>> {
  if (format === 'json') return JSON.parse(text);
  if (format === 'jsonl')
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
  const [header = [], ...records] = parseCsv(text);
  return records.map((record) => Object.fromEntries(header.map((name, index) => [name, record[index]])));
}
