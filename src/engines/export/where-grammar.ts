/**
 * The syntax of one `--where` flag, steampipe_export's grammar and a little more:
 *
 *   condition := column operator value | column 'in' '(' value {',' value} ')' | column 'is' ['not'] 'null'
 *   operator  := '=' | '!=' | '<>' | '<' | '<=' | '>' | '>=' | ['not'] 'like' | ['not'] 'ilike'
 *   value     := 'text' ('' inside is a quote) | "text" ("" inside is a quote) | the rest of the flag, trimmed
 *
 * One comparison per flag; several flags are ANDed. The parse is text only: the column and the
 * value are checked against the table in where.ts, and nothing is ever turned into SQL.
 */

import { EXIT, UserError } from '../../errors.js';

export const WHERE_OPERATORS = [
  '=',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  'like',
  'ilike',
  'not like',
  'not ilike',
  'in',
  'is null',
  'is not null',
] as const;
export type WhereOperator = (typeof WHERE_OPERATORS)[number];

export interface ParsedCondition {
  column: string;
  operator: WhereOperator;
  /** The literal texts, unquoted: one, several for `in`, none for `is [not] null`. */
  values: string[];
}

const COLUMN = /^\s*(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_]*))\s*/;
/** Longest first, so `<=` is not read as `<`; words need a word boundary. */
const OPERATOR =
  /^(<=|>=|<>|!=|=|<|>|not\s+ilike\b|not\s+like\b|ilike\b|like\b|in\b|is\s+not\s+null\b|is\s+null\b)\s*/i;
const BOOLEAN_WORDS = /^\s*(and|or)\b|\s(and|or)\s/i;

/** A UserError about one `--where` flag, with what is allowed. */
export function whereError(source: string, problem: string, hint?: string): UserError {
  return new UserError(`--where ${JSON.stringify(source)}: ${problem}`, { exitCode: EXIT.badInput, hint });
}

export function parseCondition(source: string): ParsedCondition {
  const column = COLUMN.exec(source);
  if (!column)
    throw whereError(
      source,
      'expected a column name first',
      'Write one comparison, e.g. --where "username = \'alice\'"',
    );
  const name = column[1]?.replace(/""/g, '"') ?? column[2]!;
  let rest = source.slice(column[0].length);
  const operator = OPERATOR.exec(rest);
  if (!operator)
    throw whereError(
      source,
      `expected an operator after ${name}${rest.trim() ? `, found '${rest.trim().split(/\s+/)[0]}'` : ''}`,
      `Operators: ${WHERE_OPERATORS.join(', ')}`,
    );
  const op = operator[1]!.toLowerCase().replace(/\s+/g, ' ') as WhereOperator;
  rest = source.slice(column[0].length + operator[0].length);
  if (op === 'is null' || op === 'is not null') {
    if (rest.trim() !== '') throw unexpected(source, rest);
    return { column: name, operator: op, values: [] };
  }
  const values = op === 'in' ? parseList(source, rest) : [parseValue(source, rest)];
  return { column: name, operator: op, values };
}

/** `('a', 'b', 3)`: quoted or bare items, at least one. */
function parseList(source: string, text: string): string[] {
  const body = /^\(\s*([\s\S]*?)\s*\)\s*$/.exec(text);
  if (!body || body[1] === '')
    throw whereError(
      source,
      'in needs a parenthesised list of values',
      "e.g. --where \"department in ('Sales', 'IT')\"",
    );
  const values: string[] = [];
  let rest = body[1]!;
  for (;;) {
    const item = /^\s*(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)"|([^,'"]*?))\s*(,|$)/.exec(rest);
    if (!item || item[3] === '') throw unexpected(source, rest);
    values.push(unquote(item));
    rest = rest.slice(item[0].length);
    if (item[4] === '') return values;
  }
}

/** One value: a quoted string (nothing may follow it) or the rest of the flag. */
function parseValue(source: string, text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw whereError(source, 'expected a value after the operator');
  const quoted = /^(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)")\s*/.exec(trimmed);
  if (quoted) {
    if (quoted[0].length !== trimmed.length) throw unexpected(source, trimmed.slice(quoted[0].length));
    return unquote(quoted);
  }
  if (/^['"]/.test(trimmed)) throw whereError(source, 'the quoted value has no closing quote');
  // `username == 'a'`, `created => '2024'`: an operator mistyped, not a value; a value may be quoted.
  if (/^[=<>!]/.test(trimmed))
    throw whereError(
      source,
      `unexpected '${trimmed}' after the operator`,
      `Operators: ${WHERE_OPERATORS.join(', ')}`,
    );
  if (BOOLEAN_WORDS.test(` ${trimmed}`)) throw oneComparison(source);
  return trimmed;
}

const oneComparison = (source: string) =>
  whereError(
    source,
    'one --where takes one comparison',
    'Repeat --where for each condition (they are ANDed); use jcsql query for OR',
  );

function unquote(match: RegExpExecArray): string {
  if (match[1] !== undefined) return match[1].replace(/''/g, "'");
  if (match[2] !== undefined) return match[2].replace(/""/g, '"');
  return match[3]!;
}

function unexpected(source: string, rest: string): UserError {
  if (BOOLEAN_WORDS.test(` ${rest}`)) return oneComparison(source);
  return whereError(
    source,
    `unexpected '${rest.trim()}'`,
    'One comparison per --where (repeat the flag for AND); quote values with spaces',
  );
}
