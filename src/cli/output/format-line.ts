/**
 * line output, Steampipe's psql-`\x`-like records:
 *
 * -[ RECORD 1  ]---------------------------------------------------------------------------
 * name  | alice
 * notes | first line  +
 *       | second line
 *
 * Exactly Steampipe's layout (`-[ RECORD %-2d ]` + 75 dashes, names padded to the longest, a
 * multi-line value's lines padded to the record's widest value line with ` +` after all but the
 * last). One difference: padding counts terminal cells, not runes, so wide characters line up.
 */

import { type TextOptions, valueText, valueType } from '../../format/values.js';
import { ChunkedWriter, type OutputSink } from './chunked-writer.js';
import { maxLineWidth, padEndToWidth } from './text-width.js';
import type { QueryResult } from './types.js';

const LINE_TEXT: TextOptions = { nullText: '<null>', humanizeIntegers: true };
const RECORD_RULE = '-'.repeat(75);

export function recordHeader(recordNumber: number): string {
  return `-[ RECORD ${String(recordNumber).padEnd(2)} ]${RECORD_RULE}\n`;
}

function fieldLines(name: string, value: string, nameWidth: number, valueWidth: number): string {
  const lines = value.split('\n');
  if (lines.length === 1) return `${padEndToWidth(name, nameWidth)} | ${value}\n`;
  return lines
    .map((line, index) => {
      const label = padEndToWidth(index === 0 ? name : '', nameWidth);
      const end = index < lines.length - 1 ? ' +\n' : '\n';
      return `${label} | ${padEndToWidth(line, valueWidth)}${end}`;
    })
    .join('');
}

export function writeLine(sink: OutputSink, result: QueryResult): void {
  const names = result.columns.map((column) => column.name);
  const types = result.columns.map((column) => valueType(column.dataType));
  const nameWidth = Math.max(0, ...names.map(maxLineWidth));
  const out = new ChunkedWriter(sink);
  result.rows.forEach((row, rowIndex) => {
    const values = types.map((type, index) => valueText(row[index], type, LINE_TEXT));
    const valueWidth = Math.max(0, ...values.map(maxLineWidth));
    out.write(recordHeader(rowIndex + 1));
    for (const [index, value] of values.entries()) {
      out.write(fieldLines(names[index]!, value, nameWidth, valueWidth));
    }
  });
  out.flush();
}
