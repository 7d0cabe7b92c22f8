/**
 * Output bound for a terminal: a value from the API (a device or app name) may carry escape
 * sequences that move the cursor, retitle the window or worse. The table format strips such
 * characters as Steampipe does; the others, on a terminal, show them escaped instead (`\x1b`, in
 * json `\u001b`), keeping only line breaks and tabs. Written to a pipe or a file, every byte
 * stays as it is: that is data.
 */

import type { OutputSink } from './chunked-writer.js';
import type { OutputFormat } from './types.js';

/** C0 controls but tab and line feed, DEL, and the C1 controls (U+0080–U+009F). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

const hex = (char: string) => char.charCodeAt(0).toString(16).padStart(2, '0');

/** `format`'s escape for one control character; json's keeps the document valid JSON. */
function escapeControl(format: OutputFormat): (char: string) => string {
  return format === 'json' ? (char) => `\\u00${hex(char)}` : (char) => `\\x${hex(char)}`;
}

/** A sink that escapes control characters before they reach `out`. */
export function terminalSafe(out: OutputSink, format: OutputFormat): OutputSink {
  const escaped = escapeControl(format);
  return { write: (chunk: string) => out.write(chunk.replace(CONTROL, escaped)) };
}
