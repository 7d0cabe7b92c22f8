/**
 * csv as Steampipe writes it with Go's encoding/csv: header line unless `--header=false`, NULL
 * as an empty field, `\n` line ends, and Go's quoting rules (RFC 4180 plus two of Go's own: a
 * field starting with whitespace and the field `\.` are quoted too).
 */

import { EXIT, UserError } from '../../errors.js';
import { csvField } from '../../format/csv.js';
import { type TextOptions, valueText, valueType } from '../../format/values.js';
import { ChunkedWriter, type OutputSink } from './chunked-writer.js';
import type { OutputOptions, QueryResult } from './types.js';

const CSV_TEXT: TextOptions = { nullText: '', humanizeIntegers: false };

/**
 * The csv separator: one character Go's csv accepts. Steampipe silently keeps only the first
 * character of a longer `--separator`; jcsql refuses it rather than write a file the user did not ask for.
 */
export function csvSeparator(separator: string): string {
  const characters = [...separator];
  const first = characters[0];
  if (characters.length > 1) {
    throw new UserError(`the csv separator must be one character, got ${characters.length}`, {
      hint: 'Pass a single character, e.g. --separator ";" or --separator "|"',
      exitCode: EXIT.badInput,
    });
  }
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
      exitCode: EXIT.badInput,
    });
  }
  return first;
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
