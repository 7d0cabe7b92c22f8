import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { jcsqlHome } from '../../engines/home.js';

/** As many entries as Steampipe keeps. */
export const HISTORY_SIZE = 500;

/** `JCSQL_HISTORY_FILE`, else `<jcsql home>/history`. */
export const historyFile = (env: NodeJS.ProcessEnv): string =>
  env.JCSQL_HISTORY_FILE || join(jcsqlHome(env), 'history');

/**
 * Adds an entry to a newest-first list, as Steampipe does: no blank entries, no consecutive
 * duplicates, at most `size` entries. Returns whether the list changed.
 */
export function addEntry(entries: string[], entry: string, size = HISTORY_SIZE): boolean {
  if (entry.trim() === '' || entries[0] === entry) return false;
  entries.unshift(entry);
  if (entries.length > size) entries.length = size;
  return true;
}

/**
 * The shell's history, kept across runs in a file of one JSON string per line, oldest first
 * (JSON, because an entry may hold a newline: a string literal that spans lines).
 */
export class History {
  /** Newest first, as readline's `history` option wants it; readline navigates this very array. */
  readonly entries: string[];
  #warned = false;

  private constructor(
    readonly file: string,
    entries: string[],
    private readonly warn: (message: string) => void,
  ) {
    this.entries = entries;
  }

  /** Reads the file; a missing or unreadable file is an empty history, and bad lines are skipped. */
  static load(file: string, warn: (message: string) => void): History {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {}
    const entries: string[] = [];
    for (const line of text.split('\n')) {
      try {
        const entry: unknown = JSON.parse(line);
        if (typeof entry === 'string') addEntry(entries, entry, Number.POSITIVE_INFINITY);
      } catch {}
    }
    return new History(file, entries.slice(0, HISTORY_SIZE), warn);
  }

  /** Adds an entry and saves the file (a failure to save is a warning, once). */
  add(entry: string): void {
    if (!addEntry(this.entries, entry)) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const lines = [...this.entries].reverse().map((item) => `${JSON.stringify(item)}\n`);
      writeFileSync(this.file, lines.join(''), { mode: 0o600 });
    } catch (error) {
      if (this.#warned) return;
      this.#warned = true;
      this.warn(`could not save the history to ${this.file}: ${(error as Error).message}`);
    }
  }
}
