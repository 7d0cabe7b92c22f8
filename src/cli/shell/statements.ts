/**
 * Where statements end in what the user has typed: at a `;` outside quotes, quoted identifiers,
 * comments and dollar quotes, as psql and Steampipe's multi-line mode decide it; with SQLite's
 * rules for `--engine sqlite` (`[…]` and backtick identifiers, no dollar quotes, flat comments).
 */

export type Dialect = 'postgres' | 'sqlite';

/** What the text ends inside: `code` when nothing is open. */
export type OpenAt = 'code' | 'string' | 'identifier' | 'line-comment' | 'block-comment' | 'dollar-quote';

export interface SqlScan {
  /** Offsets of the `;` that end statements. */
  terminators: number[];
  openAt: OpenAt;
  /** True when something other than whitespace and comments is present. */
  hasCode: boolean;
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;
const DOLLAR_TAG = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y;

/** Scans SQL text once, left to right (the dialect's lexical rules, enough to find statement ends). */
export function scanSql(text: string, dialect: Dialect = 'postgres'): SqlScan {
  const sqlite = dialect === 'sqlite';
  const terminators: number[] = [];
  let hasCode = false;
  let i = 0;
  const at = (offset: number) => text[i + offset] ?? '';
  const previousIsIdentifier = () => i > 0 && IDENTIFIER_CHAR.test(text[i - 1]!);
  while (i < text.length) {
    const c = text[i]!;
    if (c === '-' && at(1) === '-') {
      const end = text.indexOf('\n', i);
      if (end < 0) return { terminators, openAt: 'line-comment', hasCode };
      i = end + 1;
      continue;
    }
    if (c === '/' && at(1) === '*') {
      const end = sqlite ? flatCommentEnd(text, i) : blockCommentEnd(text, i);
      if (end < 0) return { terminators, openAt: 'block-comment', hasCode };
      i = end;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    hasCode = true;
    if (c === "'") {
      const escapes =
        !sqlite && i > 0 && /[eE]/.test(text[i - 1]!) && !(i > 1 && IDENTIFIER_CHAR.test(text[i - 2]!));
      const end = quotedEnd(text, i, "'", escapes);
      if (end < 0) return { terminators, openAt: 'string', hasCode };
      i = end;
    } else if (c === '"') {
      const end = quotedEnd(text, i, '"', false);
      if (end < 0) return { terminators, openAt: 'identifier', hasCode };
      i = end;
    } else if (sqlite && (c === '`' || c === '[')) {
      // A backtick doubles to stay inside; a bracket identifier has no escape and ends at `]`.
      const end = c === '`' ? quotedEnd(text, i, '`', false) : text.indexOf(']', i + 1) + 1 || -1;
      if (end < 0) return { terminators, openAt: 'identifier', hasCode };
      i = end;
    } else if (c === '$' && !sqlite && !previousIsIdentifier()) {
      DOLLAR_TAG.lastIndex = i;
      const tag = DOLLAR_TAG.exec(text)?.[0];
      if (tag === undefined) {
        i++;
        continue;
      }
      const close = text.indexOf(tag, i + tag.length);
      if (close < 0) return { terminators, openAt: 'dollar-quote', hasCode };
      i = close + tag.length;
    } else {
      if (c === ';') terminators.push(i);
      i++;
    }
  }
  return { terminators, openAt: 'code', hasCode };
}

/** The offset just after a (nested) block comment that starts at `start`, or -1 when it is still open. */
function blockCommentEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return -1;
}

/** The offset just after a block comment that does not nest (SQLite's), or -1 when it is still open. */
function flatCommentEnd(text: string, start: number): number {
  const end = text.indexOf('*/', start + 2);
  return end < 0 ? -1 : end + 2;
}

/** The offset just after a quoted run that opens at `start` (a doubled quote stays inside), or -1. */
function quotedEnd(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === quote && text[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return -1;
}

/** Only whitespace and finished comments (a line comment ends with the text). */
export function isBlank(text: string, dialect: Dialect = 'postgres'): boolean {
  const { hasCode, openAt } = scanSql(text, dialect);
  return !hasCode && (openAt === 'code' || openAt === 'line-comment');
}

/**
 * The complete statements in the text (each with its `;`; empty ones dropped) and the unfinished
 * rest ('' when it is only whitespace and comments).
 */
export function splitStatements(
  text: string,
  dialect: Dialect = 'postgres',
): { statements: string[]; rest: string } {
  const { terminators } = scanSql(text, dialect);
  const statements: string[] = [];
  let start = 0;
  for (const end of terminators) {
    const statement = text.slice(start, end + 1).trim();
    if (!isBlank(statement.slice(0, -1), dialect)) statements.push(statement);
    start = end + 1;
  }
  const rest = text.slice(start);
  return { statements, rest: isBlank(rest, dialect) ? '' : rest.trim() };
}

/**
 * The lines of one multi-line input as one history entry: joined with a space where that keeps
 * the meaning, with a newline where a line ends inside a string, quote or comment.
 */
export function historyEntry(lines: readonly string[], dialect: Dialect = 'postgres'): string {
  let entry = '';
  for (const line of lines) {
    if (entry === '') entry = line.trim();
    else if (scanSql(entry, dialect).openAt === 'code') entry = `${entry.trimEnd()} ${line.trim()}`;
    else entry = `${entry}\n${line}`;
  }
  return entry;
}
