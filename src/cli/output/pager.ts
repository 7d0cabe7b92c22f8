/**
 * The pager, as in psql and Steampipe: on a terminal, a result that does not fit the screen is
 * shown through `$JCSQL_PAGER`, else `$PAGER`, else `less -SRXF`. Decided per result: one that
 * fits is printed as it is, and output to a pipe or a file is never paged.
 *
 * Only `table` and `line` output is paged: they are for reading on the screen. csv and json are
 * data for programs and for copying from the screen; a pager that chops long lines (`less -S`)
 * would make a copy lose columns. (Steampipe pages table output only.)
 */

import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { OutputSink } from './chunked-writer.js';
import { displayWidth } from './text-width.js';
import type { OutputFormat } from './types.js';

export const DEFAULT_PAGER = 'less -SRXF';
/** Where the pager command comes from, first set first; set empty, it turns paging off (as in psql and git). */
export const PAGER_ENVIRONMENT = ['JCSQL_PAGER', 'PAGER'] as const;

export interface PagerCommand {
  argv: string[];
  source: (typeof PAGER_ENVIRONMENT)[number] | 'default';
}

/** The pager to run; undefined when the environment turns paging off. */
export function pagerCommand(env: NodeJS.ProcessEnv): PagerCommand | undefined {
  for (const name of PAGER_ENVIRONMENT) {
    const value = env[name];
    if (value === undefined) continue;
    const argv = shellWords(value);
    return argv.length > 0 ? { argv, source: name } : undefined;
  }
  return { argv: shellWords(DEFAULT_PAGER), source: 'default' };
}

/**
 * A command line's words, quoted and escaped as a POSIX shell reads them (`less -S`,
 * `'my pager' -x`, `less "-P?e(END)"`); no variables, globs or pipes.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (char === '\\' && index + 1 < text.length && (!quote || '"\\$`'.includes(text[index + 1]!))) {
      word = (word ?? '') + text[++index];
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

export interface TerminalSize {
  columns: number;
  rows: number;
}

/**
 * Whether output fits the terminal: it leaves the last row for the prompt, and a table's line
 * fits only within the width (a wrapped table is unreadable), while a `line` record's long value
 * may wrap and counts the rows it wraps onto. Stops measuring at the first row that does not fit.
 */
export function fitsTerminal(chunks: readonly string[], size: TerminalSize, format: OutputFormat): boolean {
  const wraps = format !== 'table';
  let rowsUsed = 0;
  const fits = (line: string): boolean => {
    const width = displayWidth(line);
    if (!wraps && width > size.columns) return false;
    rowsUsed += Math.max(1, Math.ceil(width / size.columns));
    return rowsUsed < size.rows;
  };
  let partial = '';
  for (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      if (!fits(partial + chunk.slice(start, end))) return false;
      partial = '';
      start = end + 1;
    }
    partial += chunk.slice(start);
  }
  return partial === '' || fits(partial);
}

export interface PagerIO {
  stdout: OutputSink & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: OutputSink;
  env: NodeJS.ProcessEnv;
}

/** What the interactive shell does around a pager: hand it the keyboard, then take it back. */
export interface TerminalHandOver {
  suspend(): void;
  resume(): void;
}

const PAGED_FORMATS: ReadonlySet<OutputFormat> = new Set(['table', 'line']);

/** Errors of writing to a pager the user has left (`q` before the end): nothing left to do. */
const PAGER_GONE = new Set(['EPIPE', 'ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED']);

export class Pager {
  #showing = false;
  /** Set once the pager could not be started: print directly from then on, warned once. */
  #unavailable = false;

  constructor(
    private readonly io: PagerIO,
    private readonly handOver?: TerminalHandOver,
  ) {}

  /** A pager is on the screen: Ctrl+C is its own (less uses it to stop a search), not a cancel. */
  get showing(): boolean {
    return this.#showing;
  }

  /**
   * Prints one result (`print` writes it to the sink it is given): through the pager when stdout
   * is a terminal, the format is paged and the result does not fit; else straight to stdout.
   */
  async print(format: OutputFormat, print: (sink: OutputSink) => void): Promise<void> {
    const { stdout } = this.io;
    const size = { columns: stdout.columns ?? 0, rows: stdout.rows ?? 0 };
    const command = pagerCommand(this.io.env);
    if (
      !stdout.isTTY ||
      !PAGED_FORMATS.has(format) ||
      !command ||
      this.#unavailable ||
      size.columns <= 0 ||
      size.rows <= 0
    ) {
      print(stdout);
      return;
    }
    const chunks: string[] = [];
    print({ write: (chunk: string) => chunks.push(chunk) });
    if (fitsTerminal(chunks, size, format)) for (const chunk of chunks) stdout.write(chunk);
    else await this.#page(command, chunks);
  }

  async #page(command: PagerCommand, chunks: readonly string[]): Promise<void> {
    const [file, ...args] = command.argv as [string, ...string[]];
    const keepRunning = () => {};
    process.on('SIGINT', keepRunning);
    this.#showing = true;
    this.handOver?.suspend();
    try {
      // The output is UTF-8 whatever the locale; in the C locale less would show accents as <C3><A9>.
      const env = { LESSCHARSET: 'utf-8', ...this.io.env };
      const child = spawn(file, args, { stdio: ['pipe', 'inherit', 'inherit'], env });
      const exited = new Promise((resolve) => child.once('close', resolve));
      const failed = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        child.once('spawn', () => resolve(undefined));
        child.on('error', resolve);
      });
      if (failed) {
        this.#unavailable = true;
        if (command.source !== 'default') this.io.stderr.write(`Warning: ${cannotStart(command, failed)}\n`);
        for (const chunk of chunks) this.io.stdout.write(chunk);
        return;
      }
      await pipeline(Readable.from(chunks), child.stdin!).catch((error: NodeJS.ErrnoException) => {
        if (!PAGER_GONE.has(error.code ?? '')) throw error;
      });
      await exited;
    } finally {
      this.handOver?.resume();
      this.#showing = false;
      process.off('SIGINT', keepRunning);
    }
  }
}

function cannotStart(command: PagerCommand, error: NodeJS.ErrnoException): string {
  const what = `the pager '${command.argv[0]}' (from ${command.source})`;
  const why =
    error.code === 'ENOENT' ? 'was not found' : `could not be started (${error.code ?? error.message})`;
  return `${what} ${why}; printing without a pager (fix ${command.source}, or set it empty to turn paging off)`;
}

/** Prints one result through `pager`, or straight to `stdout` when paging is off (no pager). */
export async function printThrough(
  pager: Pager | undefined,
  stdout: OutputSink,
  format: OutputFormat,
  print: (sink: OutputSink) => void,
): Promise<void> {
  if (pager) await pager.print(format, print);
  else print(stdout);
}
