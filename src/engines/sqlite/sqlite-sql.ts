/**
 * A careful scan of SQLite SQL for what the Postgres parser cannot read: statement boundaries,
 * the identifiers a statement names, and the tables it would write. It knows SQLite's lexical
 * rules (quotes, brackets, backticks, comments, blobs), not its grammar: it only ever finds
 * more names than a statement uses, so a plan built on it fetches more, never less.
 */

export interface Token {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'punct';
  /** Identifiers lower-cased and unquoted (SQLite names are case-insensitive); other tokens as written. */
  text: string;
}

export interface ScannedStatement {
  sql: string;
  tokens: Token[];
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const CLOSING: Record<string, string> = { '"': '"', '`': '`', '[': ']' };

/** Splits a script into statements (at top-level semicolons) with each one's tokens. */
export function scanStatements(sql: string): ScannedStatement[] {
  const statements: ScannedStatement[] = [];
  let tokens: Token[] = [];
  let start = 0;
  let i = 0;
  const finish = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (tokens.length > 0) statements.push({ sql: text, tokens });
    tokens = [];
    start = end + 1;
  };
  while (i < sql.length) {
    const char = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(char)) i++;
    else if (char === '-' && next === '-') i = endOf(sql, '\n', i + 2);
    else if (char === '/' && next === '*') i = endOf(sql, '*/', i + 2);
    else if (char === "'") {
      const end = quotedEnd(sql, "'", i);
      tokens.push({ kind: 'string', text: sql.slice(i, end) });
      i = end;
    } else if (char in CLOSING) {
      const end = quotedEnd(sql, CLOSING[char]!, i);
      const body = sql.slice(i + 1, end - 1);
      const quote = CLOSING[char]!;
      tokens.push({
        kind: 'quoted',
        text: body
          .split(quote + quote)
          .join(quote)
          .toLowerCase(),
      });
      i = end;
    } else if (WORD_START.test(char)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end]!)) end++;
      tokens.push({ kind: 'word', text: sql.slice(i, end).toLowerCase() });
      i = end;
    } else if (/[0-9]/.test(char) || (char === '.' && next !== undefined && /[0-9]/.test(next))) {
      let end = i + 1;
      while (end < sql.length && /[0-9A-Za-z_.]/.test(sql[end]!)) end++;
      tokens.push({ kind: 'number', text: sql.slice(i, end) });
      i = end;
    } else if (char === ';' && !insideTriggerBody(tokens)) {
      finish(i);
      i++;
    } else {
      tokens.push({ kind: 'punct', text: char });
      i++;
    }
  }
  finish(sql.length);
  return statements;
}

/** The index just past `terminator` (or the end of the text). */
function endOf(sql: string, terminator: string, from: number): number {
  const at = sql.indexOf(terminator, from);
  return at < 0 ? sql.length : at + terminator.length;
}

/** The index just past a quoted token that starts at `from`; a doubled quote is an escaped one. */
function quotedEnd(sql: string, quote: string, from: number): number {
  let i = from + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (quote !== ']' && sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** CREATE TRIGGER … BEGIN …; …; END: the semicolons inside the body do not end the statement. */
function insideTriggerBody(tokens: Token[]): boolean {
  const words = tokens.filter((token) => token.kind === 'word').map((token) => token.text);
  if (words[0] !== 'create' || !words.slice(1, 4).includes('trigger')) return false;
  const begins = words.filter((word) => word === 'begin').length;
  const ends = words.filter((word) => word === 'end').length;
  return begins === 0 || ends < begins || words[words.length - 1] !== 'end';
}

/** The identifiers of a statement (words and quoted names), lower-cased. */
export function identifiers(tokens: readonly Token[]): Set<string> {
  return new Set(
    tokens.filter((token) => token.kind === 'word' || token.kind === 'quoted').map((token) => token.text),
  );
}

const CONFLICT = new Set(['rollback', 'abort', 'replace', 'fail', 'ignore']);
/** What may follow the table of UPDATE t: SET, AS alias, INDEXED BY, NOT INDEXED. */
const UPDATE_FOLLOWERS = new Set(['set', 'as', 'indexed', 'not']);

/**
 * The tables a statement would write, alter or drop: INSERT [OR …] INTO t, REPLACE INTO t,
 * UPDATE [OR …] t, DELETE FROM t, DROP TABLE [IF EXISTS] t, ALTER TABLE t (schema-qualified or not).
 */
/** A relation a statement writes to or alters; `created`: it makes one of that name (which would hide a JumpCloud table). */
export interface WriteTarget {
  name: string;
  created: boolean;
}

export function writeTargets(tokens: readonly Token[]): WriteTarget[] {
  const targets: WriteTarget[] = [];
  const word = (index: number) => (tokens[index]?.kind === 'word' ? tokens[index]!.text : undefined);
  const nameAt = (index: number): string | undefined => {
    const first = tokens[index];
    if (!first || (first.kind !== 'word' && first.kind !== 'quoted')) return undefined;
    const dotted = tokens[index + 1]?.text === '.' ? tokens[index + 2] : undefined;
    return dotted && (dotted.kind === 'word' || dotted.kind === 'quoted') ? dotted.text : first.text;
  };
  const skipConflict = (index: number) =>
    word(index) === 'or' && CONFLICT.has(word(index + 1) ?? '') ? index + 2 : index;
  const afterIfNotExists = (index: number) =>
    word(index) === 'if' && word(index + 1) === 'not' && word(index + 2) === 'exists' ? index + 3 : index;
  for (let i = 0; i < tokens.length; i++) {
    if (word(i) === 'create') {
      let at = i + 1;
      while (['temp', 'temporary', 'unique', 'virtual'].includes(word(at) ?? '')) at++;
      const kind = word(at);
      if (kind === 'table' || kind === 'view') {
        const name = nameAt(afterIfNotExists(at + 1));
        if (name) targets.push({ name, created: true });
      } else if (kind === 'trigger' || kind === 'index') {
        // CREATE TRIGGER t … ON table …, CREATE INDEX i ON table (…): the table follows ON.
        let on = at + 1;
        while (on < tokens.length && word(on) !== 'on' && tokens[on]?.text !== ';') on++;
        const name = word(on) === 'on' ? nameAt(on + 1) : undefined;
        if (name) targets.push({ name, created: false });
      }
      continue;
    }
    const target = (() => {
      switch (word(i)) {
        case 'insert': {
          const at = skipConflict(i + 1);
          return word(at) === 'into' ? nameAt(at + 1) : undefined;
        }
        case 'replace':
          return word(i + 1) === 'into' ? nameAt(i + 2) : undefined;
        case 'update': {
          const at = skipConflict(i + 1);
          const after = tokens[at + 1]?.text === '.' ? at + 3 : at + 1;
          return UPDATE_FOLLOWERS.has(word(after) ?? '') ? nameAt(at) : undefined;
        }
        case 'delete':
          return word(i + 1) === 'from' ? nameAt(i + 2) : undefined;
        case 'drop':
        case 'alter': {
          if (word(i + 1) !== 'table') return undefined;
          const at = word(i + 2) === 'if' && word(i + 3) === 'exists' ? i + 4 : i + 2;
          return nameAt(at);
        }
        default:
          return undefined;
      }
    })();
    if (target) targets.push({ name: target, created: false });
  }
  return targets;
}
