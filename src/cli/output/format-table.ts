/**
 * table output: go-pretty's StyleDefault as Steampipe configures it (headers keep their case,
 * everything left-aligned because every value is text by then):
 *
 * +----+---------------+
 * | id | name          |
 * +----+---------------+
 * | 7  | <null>        |
 * +----+---------------+
 *
 * - A cell may span several lines (its own line breaks, or wrapping at 1024 cells); the row is
 *   as tall as its tallest cell, shorter cells are padded below.
 * - Zero rows: header, separator and bottom border (go-pretty draws exactly that). Zero rows
 *   with `--header=false`: nothing at all, as go-pretty renders an empty table as nothing.
 * - Only the first 10,000 rows are drawn (the table must be measured before it is drawn, so it
 *   is held in memory, as in Steampipe). Past that, a footer line follows the table.
 */

import { humanizeCount } from '../../format/numbers.js';
import { type TextOptions, valueText, valueType } from '../../format/values.js';
import { ChunkedWriter, type OutputSink } from './chunked-writer.js';
import { displayWidth, hardWrap, padEndToWidth, sanitizeCell } from './text-width.js';
import type { OutputOptions, QueryResult } from './types.js';

export const MAX_TABLE_ROWS = 10_000;
/** Steampipe's `constants.MaxColumnWidth`: longer cell lines wrap. */
export const MAX_COLUMN_WIDTH = 1024;

const TABLE_TEXT: TextOptions = { nullText: '<null>', humanizeIntegers: true };

/** A cell as the lines it is drawn on. */
type Cell = string[];

function cellLines(text: string): Cell {
  return sanitizeCell(text)
    .split('\n')
    .flatMap((line) => hardWrap(line, MAX_COLUMN_WIDTH));
}

function columnWidths(rows: readonly Cell[][], columnCount: number): number[] {
  const widths = new Array<number>(columnCount).fill(0);
  for (const row of rows) {
    row.forEach((cell, column) => {
      for (const line of cell) widths[column] = Math.max(widths[column]!, displayWidth(line));
    });
  }
  return widths;
}

function borderLine(widths: readonly number[]): string {
  return `+${widths.map((width) => '-'.repeat(width + 2)).join('+')}+\n`;
}

function rowLines(row: readonly Cell[], widths: readonly number[]): string {
  const height = Math.max(1, ...row.map((cell) => cell.length));
  let text = '';
  for (let lineIndex = 0; lineIndex < height; lineIndex++) {
    const parts = row.map((cell, column) => padEndToWidth(cell[lineIndex] ?? '', widths[column]!));
    text += `| ${parts.join(' | ')} |\n`;
  }
  return text;
}

/**
 * The footer when rows were cut. Wording of Steampipe v2.3 (PR #4675, from issue #4674), which
 * prints it in batch mode too. Within the cap, batch mode prints no row count (Steampipe only
 * shows `N rows` under a paged table in the interactive shell, pipe-fittings #638), and exactly
 * 10,000 rows is not "cut", so no footer either.
 */
export function truncationFooter(totalRows: number): string {
  const cap = humanizeCount(MAX_TABLE_ROWS);
  return `${humanizeCount(totalRows)} rows (${cap} shown). Table output is limited to ${cap} rows. Use json/csv/line to view all the rows.\n`;
}

export function writeTable(sink: OutputSink, result: QueryResult, options: OutputOptions): void {
  const columnCount = result.columns.length;
  const shownRows = result.rows.slice(0, MAX_TABLE_ROWS);
  if (columnCount === 0 || (!options.header && shownRows.length === 0)) return;

  const types = result.columns.map((column) => valueType(column.dataType));
  const header: Cell[] = result.columns.map((column) => cellLines(column.name));
  const body: Cell[][] = shownRows.map((row) =>
    types.map((type, index) => cellLines(valueText(row[index], type, TABLE_TEXT))),
  );
  const widths = columnWidths(options.header ? [header, ...body] : body, columnCount);
  const border = borderLine(widths);

  const out = new ChunkedWriter(sink);
  out.write(border);
  if (options.header) out.write(rowLines(header, widths) + border);
  for (const row of body) out.write(rowLines(row, widths));
  out.write(border);
  if (result.rows.length > MAX_TABLE_ROWS) out.write(truncationFooter(result.rows.length));
  out.flush();
}
