/**
 * Result formatters: Steampipe's `table`, `json`, `csv` and `line` output shapes
 * (reference/steampipe-engines.md §1.3), byte for byte where Steampipe is well defined.
 * Where jcsql deliberately differs, the formatter's comment says so.
 */

import type { OutputSink } from './chunked-writer.js';
import { writeCsv } from './format-csv.js';
import { writeJson } from './format-json.js';
import { writeLine } from './format-line.js';
import { writeTable } from './format-table.js';
import { terminalSafe } from './terminal-safe.js';
import type { OutputOptions, QueryResult } from './types.js';

export type { OutputSink } from './chunked-writer.js';
export { PAGER_ENVIRONMENT, Pager, type PagerIO, printThrough, type TerminalHandOver } from './pager.js';
export {
  formatTiming,
  type ScanTiming,
  TIMING_MODES,
  type TimingInfo,
  type TimingMode,
  timingMetadata,
} from './timing.js';
export type { OutputFormat, OutputOptions, QueryResult, ResultColumn } from './types.js';

export const DEFAULT_OUTPUT_OPTIONS: OutputOptions = { format: 'table', header: true, separator: ',' };

/**
 * Writes one result set. Writes in chunks (never the whole of a large csv/json/line output as
 * one string); the table format holds at most its 10,000 displayed rows.
 * Throws a UserError for a csv separator Go's csv would reject (empty, `"`, CR, LF).
 */
export function writeResult(sink: OutputSink, result: QueryResult, options: OutputOptions): void {
  const out = options.terminal && options.format !== 'table' ? terminalSafe(sink, options.format) : sink;
  switch (options.format) {
    case 'table':
      writeTable(out, result, options);
      return;
    case 'csv':
      writeCsv(out, result, options);
      return;
    case 'json':
      writeJson(out, result);
      return;
    case 'line':
      writeLine(out, result);
      return;
  }
}

/** Between result sets of a multi-statement run: Steampipe prints a blank line, except csv with header=false. */
export function resultSeparator(options: OutputOptions): string {
  return options.format === 'csv' && !options.header ? '' : '\n';
}
