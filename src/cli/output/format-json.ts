/**
 * json as Steampipe writes it (`json.Encoder` with a one-space indent and HTML escaping off):
 *
 * {
 *  "columns": [ {"name", "data_type"[, "original_name"]}, ... ]   in query order
 *  "rows": [ {...}, ... ]                                         keys in byte order (Go maps)
 *  "metadata": { "duration_ms", "scans", … }                      with timing on only (a Go struct: members in order)
 * }
 *
 * Rows are written one at a time through a ChunkedWriter, so 100k rows never become one string.
 */

import { createHash } from 'node:crypto';
import { compareCodePoints, goJson, jsonString } from '../../format/go-json.js';
import { jsonValue, valueType } from '../../format/values.js';
import { ChunkedWriter, type OutputSink } from './chunked-writer.js';
import type { QueryResult, ResultColumn } from './types.js';

const INDENT = ' ';

export interface JsonColumn {
  name: string;
  data_type: string;
  original_name?: string;
}

/**
 * A deterministic 4-hex-digit suffix for the `n`th column (0-based) named `name`:
 * the first 4 hex digits of sha256(`name`, NUL, position, NUL, attempt). Deterministic so that
 * the same query always yields the same keys (scripts can rely on them); the attempt counter
 * only moves on if that name is already taken by another column.
 */
function suffixFor(name: string, position: number, attempt: number): string {
  return createHash('sha256').update(`${name}\0${position}\0${attempt}`).digest('hex').slice(0, 4);
}

/**
 * Steampipe (#4317) keeps the first column of a name and renames later duplicates to
 * `name_xxxx`, recording `original_name`. Row objects are keyed by these unique names.
 */
export function uniqueJsonColumns(columns: readonly ResultColumn[]): JsonColumn[] {
  const taken = new Set(columns.map((column) => column.name));
  const seen = new Set<string>();
  return columns.map((column, position) => {
    const dataType = column.dataType.toLowerCase();
    if (!seen.has(column.name)) {
      seen.add(column.name);
      return { name: column.name, data_type: dataType };
    }
    let attempt = 0;
    let unique = `${column.name}_${suffixFor(column.name, position, attempt)}`;
    while (taken.has(unique)) unique = `${column.name}_${suffixFor(column.name, position, ++attempt)}`;
    taken.add(unique);
    return { name: unique, data_type: dataType, original_name: column.name };
  });
}

function columnJson(column: JsonColumn): string {
  const depth2 = INDENT.repeat(2);
  const depth3 = INDENT.repeat(3);
  const fields = [
    `${depth3}"name": ${jsonString(column.name)}`,
    `${depth3}"data_type": ${jsonString(column.data_type)}`,
  ];
  if (column.original_name !== undefined)
    fields.push(`${depth3}"original_name": ${jsonString(column.original_name)}`);
  return `${depth2}{\n${fields.join(',\n')}\n${depth2}}`;
}

/** Go's encoder writes `[]` for an empty list, else one element per line. */
function columnsJson(columns: readonly JsonColumn[]): string {
  if (columns.length === 0) return `${INDENT}"columns": []`;
  return `${INDENT}"columns": [\n${columns.map(columnJson).join(',\n')}\n${INDENT}]`;
}

/** Writes the json document for one result set, row by row. */
export function writeJson(sink: OutputSink, result: QueryResult): void {
  const columns = uniqueJsonColumns(result.columns);
  const types = result.columns.map((column) => valueType(column.dataType));
  // Same key order for every row: sort the column positions once by their unique names.
  const keyOrder = columns
    .map((_, index) => index)
    .sort((a, b) => compareCodePoints(columns[a]!.name, columns[b]!.name));
  const keys = keyOrder.map((index) => `${INDENT.repeat(3)}${jsonString(columns[index]!.name)}: `);
  const out = new ChunkedWriter(sink);

  out.write(`{\n${columnsJson(columns)},\n${INDENT}"rows": [`);
  result.rows.forEach((row, rowIndex) => {
    const members = keyOrder.map(
      (index, k) => keys[k] + goJson(jsonValue(row[index], types[index]!), { unit: INDENT, depth: 3 }),
    );
    const body = members.length === 0 ? '{}' : `{\n${members.join(',\n')}\n${INDENT.repeat(2)}}`;
    out.write(`${rowIndex === 0 ? '\n' : ',\n'}${INDENT.repeat(2)}${body}`);
  });
  out.write(result.rows.length === 0 ? ']' : `\n${INDENT}]`);
  if (result.metadata) out.write(`,\n${INDENT}"metadata": ${structJson(result.metadata, 1)}`);
  out.write('\n}\n');
  out.flush();
}

/**
 * Go's encoder on a struct: members in their order (a Go map's would be sorted), each element on
 * its own line, `[]` and `{}` when empty; a member whose value is undefined is left out (`omitempty`).
 */
function structJson(value: unknown, depth: number): string {
  const inner = INDENT.repeat(depth + 1);
  const closing = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + structJson(item, depth + 1)).join(',\n')}\n${closing}]`;
  }
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).filter(([, member]) => member !== undefined);
    if (members.length === 0) return '{}';
    const lines = members.map(
      ([key, member]) => `${inner}${jsonString(key)}: ${structJson(member, depth + 1)}`,
    );
    return `{\n${lines.join(',\n')}\n${closing}}`;
  }
  return goJson(value);
}
