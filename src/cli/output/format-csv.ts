/**
 * csv as Steampipe writes it with Go's encoding/csv: header line unless `--header=false`, NULL
 * as an empty field, `\n` line ends, and Go's quoting rules (RFC 4180 plus two of Go's own: a
 * field starting with whitespace and the field `\.` are quoted too).
 */

import { UserError } from '../../errors.js';
import { ChunkedWriter, type OutputSink } from './chunked-writer.js';
import type { OutputOptions, QueryResult } from './types.js';
import { type TextOptions, valueText, valueType } from './values.js';

const CSV_TEXT: TextOptions = { nullText: '', humanizeIntegers: false };

/** Go's `unicode.IsSpace`, which encoding/csv checks on a field's first character. */
const LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** The separator Steampipe uses: the first character of `--separator`, if Go's csv accepts it. */
export function csvSeparator(separator: string): string {
  const first = [...separator][0];
  if (
    first === undefined ||
    first === '"' ||
    first === '\r' ||
    first === '\n' ||
    first === '\0' ||
    first === '\ufffd'
  ) {
    throw new UserError(`invalid csv separator ${JSON.stringify(separator)}`, {
      hint: 'Use one character other than a double quote or a line break, e.g. --separator ";"',
    });
  }
  return first;
}

function needsQuotes(field: string, separator: string): boolean {
  if (field === '') return false;
  if (field === '\\.') return true;
  return (
    field.includes(separator) ||
    field.includes('"') ||
    field.includes('\n') ||
    field.includes('\r') ||
    LEADING_SPACE.test(field)
  );
}

export function csvField(field: string, separator: string): string {
  return needsQuotes(field, separator) ? `"${field.replace(/"/g, '""')}"` : field;
}

function csvLine(fields: readonly string[], separator: string): string {
  return `${fields.map((field) => csvField(field, separator)).join(separator)}\n`;
}

export function writeCsv(sink: OutputSink, result: QueryResult, options: OutputOptions): void {
  const separator = csvSeparator(options.separator);
  const types = result.columns.map((column) => valueType(column.dataType));
  const out = new ChunkedWriter(sink);
  if (options.header)
    out.write(
      csvLine(
        result.columns.map((column) => column.name),
        separator,
      ),
    );
  for (const row of result.rows) {
    out.write(
      csvLine(
        types.map((type, index) => valueText(row[index], type, CSV_TEXT)),
        separator,
      ),
    );
  }
  out.flush();
}
