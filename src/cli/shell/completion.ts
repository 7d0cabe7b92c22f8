/**
 * Tab completion: meta-commands and their arguments; in SQL, table names after FROM/JOIN,
 * column names of the tables the statement names (`alias.` or `table.` for one table's), and
 * SQL keywords. Pure: the shell hands in what the user has typed and what there is to offer.
 */
import { allColumns, type TableDef } from '../../sdk/index.js';
import { scanSql } from './statements.js';

/** What completion offers. */
export interface CompletionSources {
  tables: readonly TableDef[];
  /** Connection and aggregator names: schemas a table can be qualified with, `.connection` arguments. */
  connections: readonly string[];
  metaCommands: ReadonlyArray<MetaCommandCompletion>;
}

export interface MetaCommandCompletion {
  name: string;
  /** The values its argument takes, when they are known. */
  argumentValues?: (sources: CompletionSources) => readonly string[];
}

export interface CompletionInput {
  /** The unfinished statement's earlier lines ('' at the start of a statement). */
  pending: string;
  /** The current line up to the cursor. */
  before: string;
  /** The current line after the cursor. */
  after?: string;
}

/** readline's completer result: the candidates, and the text before the cursor they replace. */
export type Completion = [string[], string];

// biome-ignore format: a word list reads best packed
export const SQL_KEYWORDS: readonly string[] = [
  'all', 'and', 'as', 'asc', 'between', 'by', 'case', 'cast', 'coalesce', 'count', 'cross', 'desc',
  'distinct', 'else', 'end', 'except', 'exists', 'explain', 'false', 'from', 'full', 'group', 'having',
  'ilike', 'in', 'inner', 'intersect', 'is', 'join', 'lateral', 'left', 'like', 'limit', 'not', 'null',
  'offset', 'on', 'or', 'order', 'outer', 'right', 'select', 'then', 'true', 'union', 'using', 'values',
  'when', 'where', 'with',
];

/** What a statement starts with. */
const STATEMENT_KEYWORDS: readonly string[] = ['explain', 'select', 'values', 'with'];
/** Keywords after which a table name comes. */
const TABLE_KEYWORDS = new Set(['from', 'join', 'table', 'update', 'into']);
/** Keywords that start a clause: a comma after FROM's tables still expects a table, one after WHERE's does not. */
const CLAUSE_KEYWORDS = new Set([
  ...TABLE_KEYWORDS,
  'select',
  'where',
  'on',
  'using',
  'group',
  'order',
  'having',
  'limit',
  'offset',
  'set',
  'values',
  'returning',
]);
const KEYWORDS = new Set(SQL_KEYWORDS);

const TOKEN = /[A-Za-z0-9_$.]+|"[^"]*"|[^\sA-Za-z0-9_$."]/g;
const WORD_BEFORE_CURSOR = /[A-Za-z0-9_$.]*$/;

export function complete(input: CompletionInput, sources: CompletionSources): Completion {
  if (input.pending.trim() === '' && input.before.trimStart().startsWith('.'))
    return completeMetaCommand(input.before.trimStart(), sources);
  return completeSql(input, sources);
}

function completeMetaCommand(line: string, sources: CompletionSources): Completion {
  const space = line.search(/\s/);
  if (space < 0) {
    const names = sources.metaCommands.map((command) => command.name);
    return [matching(names, line), line];
  }
  const name = line.slice(0, space).toLowerCase();
  const argument = line.slice(space).trimStart();
  if (/\s/.test(argument)) return [[], argument];
  const command = sources.metaCommands.find((candidate) => candidate.name === name);
  const values = command?.argumentValues?.(sources) ?? [];
  return [matching(values, argument), argument];
}

function completeSql(input: CompletionInput, sources: CompletionSources): Completion {
  const before = `${input.pending}${input.pending ? '\n' : ''}${input.before}`;
  // Only the statement the cursor is in.
  const { terminators } = scanSql(before);
  const start = terminators.length > 0 ? terminators[terminators.length - 1]! + 1 : 0;
  const statementBefore = before.slice(start);
  const statement = `${statementBefore}${restOfStatement(input.after ?? '')}`;
  const word = WORD_BEFORE_CURSOR.exec(statementBefore)?.[0] ?? '';
  const tokens = (statementBefore.slice(0, statementBefore.length - word.length).match(TOKEN) ?? []).map(
    (token) => token.toLowerCase(),
  );
  const named = namedTables(statement, sources);

  const dot = word.lastIndexOf('.');
  if (dot >= 0) {
    const qualifier = word.slice(0, dot).toLowerCase();
    const table = named.get(qualifier) ?? sources.tables.find((candidate) => candidate.name === qualifier);
    const names = table
      ? allColumns(table).map((column) => column.name)
      : sources.connections.includes(qualifier)
        ? sources.tables.map((candidate) => candidate.name)
        : [];
    return [matching(names, word.slice(dot + 1)).map((name) => `${word.slice(0, dot)}.${name}`), word];
  }
  if (tokens.length === 0) return [inCaseOf(word, matching(STATEMENT_KEYWORDS, word)), word];
  if (expectsTable(tokens)) {
    const names = [...sources.tables.map((table) => table.name), ...sources.connections.map((c) => `${c}.`)];
    return [matching(names, word), word];
  }
  const columns = [...new Set([...named.values()].flatMap((table) => allColumns(table).map((c) => c.name)))];
  if (word === '') return [columns.sort(), word];
  return [[...matching(columns, word), ...inCaseOf(word, matching(SQL_KEYWORDS, word))], word];
}

/** The current line after the cursor, up to the end of its statement. */
function restOfStatement(after: string): string {
  const [end] = scanSql(after).terminators;
  return end === undefined ? after : after.slice(0, end);
}

/** Right after FROM/JOIN (or a comma in a FROM list). */
function expectsTable(tokens: readonly string[]): boolean {
  const last = tokens[tokens.length - 1]!;
  if (TABLE_KEYWORDS.has(last)) return true;
  if (last !== ',') return false;
  for (let i = tokens.length - 2; i >= 0; i--) {
    const token = tokens[i]!;
    if (token === '(' || token === ')') return false;
    if (CLAUSE_KEYWORDS.has(token)) return TABLE_KEYWORDS.has(token);
  }
  return false;
}

/** The tables a statement names, by table name and by alias (`from jumpcloud_user u`, `c.jumpcloud_user as u`). */
export function namedTables(statement: string, sources: CompletionSources): Map<string, TableDef> {
  const byName = new Map(sources.tables.map((table) => [table.name, table]));
  const tokens = (statement.match(TOKEN) ?? []).map((token) => token.toLowerCase().replace(/"/g, ''));
  const named = new Map<string, TableDef>();
  tokens.forEach((token, index) => {
    const table = byName.get(token.slice(token.lastIndexOf('.') + 1));
    if (!table) return;
    named.set(table.name, table);
    let next = tokens[index + 1];
    if (next === 'as') next = tokens[index + 2];
    if (next && /^[a-z_][a-z0-9_$]*$/.test(next) && !KEYWORDS.has(next)) named.set(next, table);
  });
  return named;
}

/** Candidates that start with the typed prefix (ignoring case), sorted, without duplicates. */
function matching(candidates: readonly string[], prefix: string): string[] {
  const lower = prefix.toLowerCase();
  return [...new Set(candidates.filter((candidate) => candidate.toLowerCase().startsWith(lower)))].sort();
}

/** Keywords in upper case when the user types them so. */
function inCaseOf(word: string, keywords: string[]): string[] {
  const upper = word !== '' && word === word.toUpperCase() && /[A-Z]/.test(word);
  return upper ? keywords.map((keyword) => keyword.toUpperCase()) : keywords;
}
