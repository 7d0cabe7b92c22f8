/**
 * `--where` flags as predicates over a table's rows: each is checked against the table's
 * columns and the column type's operators, its literal converted to the column's type, and
 * turned into a typed test (which export applies to every row, since `scan()` does not filter)
 * and, where the SDK can use it, a `Qual` to push down.
 */

import { type ColumnType, isExact, likeMatcher, type Qual, type TableDef } from '../../sdk/index.js';
import { MAX_PUSHED_VALUES } from '../../sdk/planner.js';
import { findColumn } from './columns.js';
import { type Comparable, compareValues, TYPE_RULES } from './typed-values.js';
import { parseCondition, type WhereOperator, whereError } from './where-grammar.js';

export interface Predicate {
  /** The flag as given, for messages. */
  source: string;
  column: string;
  /** Whether a row's value passes. NULL fails every test but `is null`. */
  matches(value: unknown): boolean;
  /** The same condition for `scan()`, when the SDK can push it (text, number, bool; a timestamp's range). */
  qual: Qual | undefined;
  /** Whether the API applies it exactly, so a limit may be pushed with it. */
  exact: boolean;
}

/** The operators `--where` accepts on a column of this type. */
export function operatorsFor(type: ColumnType): WhereOperator[] {
  const rules = TYPE_RULES[type];
  const nulls: WhereOperator[] = ['is null', 'is not null'];
  if (type === 'json') return nulls;
  const equality: WhereOperator[] = ['=', '!=', '<>', 'in'];
  const order: WhereOperator[] = rules.ordered ? ['<', '<=', '>', '>='] : [];
  const patterns: WhereOperator[] = rules.text ? ['like', 'ilike', 'not like', 'not ilike'] : [];
  return [...equality, ...order, ...patterns, ...nulls];
}

const QUAL_OPERATOR: Partial<Record<WhereOperator, Qual['operator']>> = {
  '=': '=',
  in: '=',
  '!=': '<>',
  '<>': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  like: '~~',
  ilike: '~~*',
  'not like': '!~~',
  'not ilike': '!~~*',
};

/** The column types whose quals the SDK understands (the planner pushes the same ones). */
const PUSHABLE = new Set<ColumnType>(['string', 'int', 'double', 'bool']);
/** A timestamp's range, which a table may send as a time window (as the planner pushes it). */
const TIME_RANGE = new Set<WhereOperator>(['<', '<=', '>', '>=']);

/** Compiles one `--where` flag against a table; a UserError says what is wrong and what is allowed. */
export function compileWhere(source: string, table: TableDef): Predicate {
  const parsed = parseCondition(source);
  const column = findColumn(table, parsed.column, `--where ${JSON.stringify(source)}`);
  const allowed = operatorsFor(column.type);
  if (!allowed.includes(parsed.operator))
    throw whereError(
      source,
      `${parsed.operator} does not apply to ${column.name}, a ${column.type} column`,
      `Operators for ${column.name}: ${allowed.join(', ')}`,
    );
  const rules = TYPE_RULES[column.type];
  const values = parsed.values.map((text) => {
    const value = column.type === 'string' || parsed.operator.includes('like') ? text : rules.parse(text);
    if (value === undefined || !representable(column.type, value))
      throw whereError(source, `'${text}' is not a ${column.type} value`, `Write ${rules.expected}`);
    return value;
  });
  const test = valueTest(parsed.operator, values);
  const fromRow = rules.fromRow;
  const qualOperator = QUAL_OPERATOR[parsed.operator];
  // As the planner does, an `in` list too long to push is applied to the listed rows instead.
  const pushed =
    PUSHABLE.has(column.type) && values.length <= MAX_PUSHED_VALUES
      ? values
      : column.type === 'timestamp' && TIME_RANGE.has(parsed.operator)
        ? values.map((ms) => new Date(ms as number).toISOString())
        : undefined;
  const qual =
    qualOperator && pushed ? { column: column.name, operator: qualOperator, values: pushed } : undefined;
  return {
    source,
    column: column.name,
    qual,
    exact: qual !== undefined && isExact(table, qual),
    matches(value) {
      if (parsed.operator === 'is null') return value === null || value === undefined;
      if (parsed.operator === 'is not null') return value !== null && value !== undefined;
      if (value === null || value === undefined) return false;
      const comparable = fromRow(value);
      return comparable !== undefined && test(comparable);
    },
  };
}

/** The widest epoch milliseconds a Date holds (±100,000,000 days: the years -271821 to 275760). */
const MAX_TIME_MS = 8.64e15;

/**
 * Whether a parsed literal is one the column can hold, as Postgres would accept it: a finite
 * number (no `1e999`), a whole one within 2^53 for an int, and a time a Date can hold.
 */
function representable(type: ColumnType, value: Comparable): boolean {
  if (typeof value !== 'number') return true;
  if (type === 'int') return Number.isSafeInteger(value);
  if (type === 'timestamp') return Math.abs(value) <= MAX_TIME_MS;
  return Number.isFinite(value);
}

/** The test of a non-NULL comparable against the flag's literals. */
function valueTest(operator: WhereOperator, values: Comparable[]): (value: Comparable) => boolean {
  const first = values[0]!;
  const pattern = String(first);
  switch (operator) {
    case '=':
    case 'in':
      return (value) => values.some((candidate) => compareValues(value, candidate) === 0);
    case '!=':
    case '<>':
      return (value) => compareValues(value, first) !== 0;
    case '<':
      return (value) => compareValues(value, first) < 0;
    case '<=':
      return (value) => compareValues(value, first) <= 0;
    case '>':
      return (value) => compareValues(value, first) > 0;
    case '>=':
      return (value) => compareValues(value, first) >= 0;
    case 'like':
    case 'ilike': {
      const matches = likeMatcher(pattern, operator === 'ilike');
      return (value) => matches(String(value));
    }
    case 'not like':
    case 'not ilike': {
      const matches = likeMatcher(pattern, operator === 'not ilike');
      return (value) => !matches(String(value));
    }
    case 'is null':
    case 'is not null':
      return () => false; // decided before any value is compared
  }
}
