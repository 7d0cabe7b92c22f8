import type { ColumnRef, Node, RangeVar, SelectStmt } from '@pgsql/types';
import type { ColumnType } from './column-type.js';
import { nodeOf, stringOf } from './planner-ast.js';
import { NOW_SLACK_MS, timeConstantOf } from './planner-time.js';
import { pathQualColumn, type Qual } from './quals.js';
import { allColumns, type TableDef } from './table.js';

/** One place a statement names one of the tables, and what it wants of it. */
export interface Occurrence {
  table: TableDef;
  connection: string | undefined;
  alias: string;
  quals: Qual[];
  columns: Set<string> | 'all';
  /** Set by planner-joins: this occurrence's rows are read by the keys another's rows give. */
  dependency?: { column: string; driver: Occurrence; driverColumn: string };
}

/** The FROM items of one SELECT, as far as quals on them can be placed. */
export interface Scope {
  occurrences: Occurrence[];
  params: readonly unknown[];
  /** The planner's clock, for now() in time ranges. */
  now: number;
  /** FROM items that are not the tables (subqueries, functions, other tables): their columns are unknown. */
  hasOtherItems: boolean;
  innerJoinQuals: Node[];
}

const COMPARISON_OPERATORS = new Set(['=', '<>', '<', '<=', '>', '>=', '~~', '~~*', '!~~', '!~~*']);
const FLIPPED: Record<string, Qual['operator']> = {
  '=': '=',
  '<>': '<>',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};
/** Types whose constants the planner normalises and hands to tables; others are left to the engine. */
const PUSHABLE_TYPES = new Set<ColumnType>(['string', 'bool', 'int', 'double']);
/**
 * The most values one qual pushes (`IN (…)`, `= any(…)`): each can cost a GET, and a filter of
 * them all must fit in a URL. Past it, listing the table costs fewer calls for any plausible org.
 */
export const MAX_PUSHED_VALUES = 500;

export function scopeOf(
  select: SelectStmt,
  occurrences: ReadonlyMap<RangeVar, Occurrence>,
  params: readonly unknown[],
  now: number = Date.now(),
): Scope {
  const scope: Scope = { occurrences: [], params, now, hasOtherItems: false, innerJoinQuals: [] };
  const visit = (item: Node | undefined) => {
    const relation = nodeOf(item, 'RangeVar');
    const join = nodeOf(item, 'JoinExpr');
    if (relation) {
      const occurrence = occurrences.get(relation);
      if (occurrence) scope.occurrences.push(occurrence);
      else scope.hasOtherItems = true;
    } else if (join) {
      visit(join.larg);
      visit(join.rarg);
      if (join.jointype === 'JOIN_INNER' && join.quals) scope.innerJoinQuals.push(...flattenAnd(join.quals));
      if (join.usingClause || join.isNatural) scope.hasOtherItems = true; // merged columns: keep it simple
    } else scope.hasOtherItems = true;
  };
  for (const item of select.fromClause ?? []) visit(item);
  return scope;
}

/** The conjuncts of a condition: `a and (b and c)` is [a, b, c]. */
export function flattenAnd(node: Node | undefined): Node[] {
  if (!node) return [];
  const bool = nodeOf(node, 'BoolExpr');
  if (bool?.boolop === 'AND_EXPR') return (bool.args ?? []).flatMap((arg) => flattenAnd(arg));
  return [node];
}

/** A conjunct as a qual on one occurrence's column, when it compares that column with constants. */
export function extractQual(node: Node, scope: Scope): { occurrence: Occurrence; qual: Qual } | undefined {
  // `activated` and `not suspended`: boolean columns compared with true / false.
  const bare = nodeOf(node, 'ColumnRef');
  const not = nodeOf(node, 'BoolExpr');
  const negated = not?.boolop === 'NOT_EXPR' ? nodeOf(not.args?.[0], 'ColumnRef') : undefined;
  const boolean = bare ? { ref: bare, value: true } : negated ? { ref: negated, value: false } : undefined;
  if (boolean) {
    const target = resolveColumn(boolean.ref, scope);
    if (target?.type !== 'bool') return undefined;
    return {
      occurrence: target.occurrence,
      qual: { column: target.column, operator: '=', values: [boolean.value] },
    };
  }

  const expr = nodeOf(node, 'A_Expr');
  if (!expr) return undefined;
  const operator = expr.name?.length === 1 ? stringOf(expr.name[0]) : undefined;
  if (!operator) return undefined;
  const leftColumn = qualSideOf(expr.lexpr);
  let columnSide: QualSide;
  let values: unknown[];
  let qualOperator: Qual['operator'];
  switch (expr.kind) {
    case 'AEXPR_OP':
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE': {
      if (!COMPARISON_OPERATORS.has(operator)) return undefined;
      const right = constantOf(expr.rexpr, scope.params);
      const left = constantOf(expr.lexpr, scope.params);
      const rightColumn = qualSideOf(expr.rexpr);
      const flipped = FLIPPED[operator];
      if (leftColumn && right !== undefined) {
        columnSide = leftColumn;
        values = [right];
        qualOperator = operator as Qual['operator'];
      } else if (rightColumn && left !== undefined && flipped) {
        columnSide = rightColumn;
        values = [left];
        qualOperator = flipped;
      } else return undefined;
      break;
    }
    case 'AEXPR_IN': {
      if (operator !== '=' || !leftColumn) return undefined;
      const items = nodeOf(expr.rexpr, 'List')?.items ?? [];
      const constants = items.map((item) => constantOf(item, scope.params));
      if (constants.length === 0 || constants.some((value) => value === undefined)) return undefined;
      columnSide = leftColumn;
      values = constants;
      qualOperator = '=';
      break;
    }
    case 'AEXPR_OP_ANY': {
      if (operator !== '=' || !leftColumn) return undefined;
      const array = arrayConstantOf(expr.rexpr, scope.params);
      if (!array) return undefined;
      columnSide = leftColumn;
      values = array;
      qualOperator = '=';
      break;
    }
    default:
      return undefined;
  }
  // Too many values to ask for one by one (or in one filter): the table is listed instead.
  if (values.length > MAX_PUSHED_VALUES) return undefined;
  const target = resolveQualSide(columnSide, scope);
  if (!target || !PUSHABLE_TYPES.has(target.type) || values.some((value) => value === null)) return undefined;
  const normalised = values.map((value) => normalise(target.type, value));
  if (normalised.some((value) => value === undefined)) return undefined;
  return {
    occurrence: target.occurrence,
    qual: { column: target.column, operator: qualOperator, values: normalised },
  };
}

/** What a comparison is on: a column, or a key of a JSON column (`col->>'key'`). */
interface QualSide {
  ref: ColumnRef;
  key?: string;
}

/**
 * A comparison's side as a column or a JSON column's key: `col`, `col->>'key'`, and SQLite's
 * `col ->> '$.key'` and `json_extract(col, '$.key')`; undefined for anything else.
 */
function qualSideOf(node: Node | undefined): QualSide | undefined {
  const ref = nodeOf(node, 'ColumnRef');
  if (ref) return { ref };
  const arrow = nodeOf(node, 'A_Expr');
  const call = nodeOf(node, 'FuncCall');
  let column: Node | undefined;
  let path: Node | undefined;
  if (arrow?.kind === 'AEXPR_OP' && arrow.name?.length === 1 && stringOf(arrow.name[0]) === '->>') {
    [column, path] = [arrow.lexpr, arrow.rexpr];
  } else if (
    stringOf(call?.funcname?.[call.funcname.length - 1]) === 'json_extract' &&
    call?.args?.length === 2
  ) {
    [column, path] = call.args;
  } else return undefined;
  const columnRef = nodeOf(column, 'ColumnRef');
  const key = nodeOf(path, 'A_Const')?.sval?.sval?.replace(/^\$\./, '');
  return columnRef && key && /^\w+$/.test(key) ? { ref: columnRef, key } : undefined;
}

/** A comparison side's occurrence, qual column and type; a JSON key only when its column declares it. */
function resolveQualSide(
  side: QualSide,
  scope: Scope,
): { occurrence: Occurrence; column: string; type: ColumnType } | undefined {
  const target = resolveColumn(side.ref, scope);
  if (!target || side.key === undefined) return target;
  const column = target.occurrence.table.columns.find((candidate) => candidate.name === target.column);
  if (!column?.pathQuals?.includes(side.key)) return undefined;
  return { occurrence: target.occurrence, column: pathQualColumn(target.column, side.key), type: 'string' };
}

const LOWER: ReadonlySet<string> = new Set(['>', '>=']);
const UPPER: ReadonlySet<string> = new Set(['<', '<=']);

/**
 * A conjunct as range quals on a timestamp column that declares `rangeQuals`: `col > expr`,
 * `expr <= col`, `col BETWEEN a AND b`, and SQLite's `datetime(col) > datetime('now', '-7 days')`.
 * The constants are evaluated now; a bound relative to the current time is widened by
 * NOW_SLACK_MS, one on datetime(col) (whole seconds) by a second: pushed bounds only narrow.
 */
export function extractTimeQuals(
  node: Node,
  scope: Scope,
): { occurrence: Occurrence; quals: Qual[] } | undefined {
  const expr = nodeOf(node, 'A_Expr');
  if (!expr) return undefined;
  const operator = expr.name?.length === 1 ? stringOf(expr.name[0]) : undefined;
  const bounds: Array<{ side: Node | undefined; operator: string; value: Node | undefined }> = [];
  if (expr.kind === 'AEXPR_BETWEEN') {
    const [low, high] = nodeOf(expr.rexpr, 'List')?.items ?? [];
    if (!low || !high) return undefined;
    bounds.push(
      { side: expr.lexpr, operator: '>=', value: low },
      { side: expr.lexpr, operator: '<=', value: high },
    );
  } else if (expr.kind === 'AEXPR_OP' && operator && (LOWER.has(operator) || UPPER.has(operator))) {
    if (timeColumnOf(expr.lexpr, scope)) bounds.push({ side: expr.lexpr, operator, value: expr.rexpr });
    else bounds.push({ side: expr.rexpr, operator: FLIPPED[operator]!, value: expr.lexpr });
  } else return undefined;
  let occurrence: Occurrence | undefined;
  const quals: Qual[] = [];
  for (const bound of bounds) {
    const target = timeColumnOf(bound.side, scope);
    const constant = timeConstantOf(bound.value, scope.params, scope.now);
    if (!target || !constant) return undefined;
    occurrence = target.occurrence;
    const lower = LOWER.has(bound.operator);
    const slack = (constant.relative ? NOW_SLACK_MS : 0) + (target.truncated ? 1000 : 0);
    const ms = lower ? constant.ms - slack : constant.ms + slack;
    if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
    const widened = slack > 0 ? (lower ? '>=' : '<=') : (bound.operator as Qual['operator']);
    quals.push({ column: target.column, operator: widened, values: [new Date(ms).toISOString()] });
  }
  return occurrence ? { occurrence, quals } : undefined;
}

/** A timestamp column declaring `rangeQuals`, bare or in SQLite's datetime(col) (which drops the milliseconds). */
function timeColumnOf(
  node: Node | undefined,
  scope: Scope,
): { occurrence: Occurrence; column: string; truncated: boolean } | undefined {
  const call = nodeOf(node, 'FuncCall');
  const wrapped =
    call && stringOf(call.funcname?.[call.funcname.length - 1]) === 'datetime' && call.args?.length === 1
      ? nodeOf(call.args[0], 'ColumnRef')
      : undefined;
  const ref = nodeOf(node, 'ColumnRef') ?? wrapped;
  if (!ref) return undefined;
  const target = resolveColumn(ref, scope);
  if (target?.type !== 'timestamp') return undefined;
  const column = target.occurrence.table.columns.find((candidate) => candidate.name === target.column);
  if (!column?.rangeQuals) return undefined;
  return { occurrence: target.occurrence, column: target.column, truncated: wrapped !== undefined };
}

/** A column reference's occurrence, column and type, when it can only mean one column of the tables. */
export function resolveColumn(
  ref: ColumnRef,
  scope: Scope,
): { occurrence: Occurrence; column: string; type: ColumnType } | undefined {
  const fields = (ref.fields ?? []).map(stringOf);
  if (!fields.every((field): field is string => field !== undefined)) return undefined;
  const column = fields[fields.length - 1]!;
  let candidates: Occurrence[];
  if (fields.length === 1) {
    if (scope.hasOtherItems) return undefined;
    candidates = scope.occurrences.filter((occurrence) => columnType(occurrence.table, column) !== undefined);
  } else {
    const qualifier = fields[fields.length - 2]!;
    candidates = scope.occurrences.filter((occurrence) => occurrence.alias === qualifier);
  }
  if (candidates.length !== 1) return undefined;
  const occurrence = candidates[0]!;
  const type = columnType(occurrence.table, column);
  return type ? { occurrence, column, type } : undefined;
}

const columnType = (table: TableDef, name: string): ColumnType | undefined =>
  allColumns(table).find((column) => column.name === name)?.type;

/** A constant's value: text as text, numbers as numbers, booleans as booleans, NULL as null. */
export function constantOf(node: Node | undefined, params: readonly unknown[]): unknown {
  const cast = nodeOf(node, 'TypeCast');
  if (cast) {
    // '…'::text and friends keep their literal; casts to arrays or other shapes are not constants here.
    return cast.typeName?.arrayBounds ? undefined : constantOf(cast.arg, params);
  }
  const param = nodeOf(node, 'ParamRef');
  if (param) return params[(param.number ?? 0) - 1];
  const constant = nodeOf(node, 'A_Const');
  if (!constant) return undefined;
  if (constant.isnull) return null;
  if (constant.sval) return constant.sval.sval ?? '';
  if (constant.ival) return constant.ival.ival ?? 0;
  if (constant.fval) return Number(constant.fval.fval);
  if (constant.boolval) return constant.boolval.boolval ?? false;
  if ('ival' in constant) return 0;
  return undefined;
}

/** `'{a,b}'::text[]` (postgres_fdw's form) or `ARRAY['a','b']`. */
function arrayConstantOf(node: Node | undefined, params: readonly unknown[]): unknown[] | undefined {
  const array = nodeOf(node, 'A_ArrayExpr');
  if (array) {
    const values = (array.elements ?? []).map((element) => constantOf(element, params));
    return values.some((value) => value === undefined) ? undefined : values;
  }
  // `= ANY($1)` with an array parameter, or `= ANY('{a,b}'::text[])`.
  const cast = nodeOf(node, 'TypeCast');
  const param = nodeOf(cast?.arg, 'ParamRef');
  const literal = param ? params[(param.number ?? 0) - 1] : nodeOf(cast?.arg, 'A_Const')?.sval?.sval;
  if (typeof literal !== 'string' || !cast?.typeName?.arrayBounds) return undefined;
  return parseArrayLiteral(literal);
}

/** A one-dimensional Postgres array literal: {a,"b c",NULL}. */
export function parseArrayLiteral(literal: string): unknown[] | undefined {
  const text = literal.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  const body = text.slice(1, -1);
  if (body.trim() === '') return [];
  const values: unknown[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (quoted) {
      if (char === '\\') current += body[++i] ?? '';
      else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (char === '{' || char === '}') return undefined;
    else if (char === ',') {
      values.push(
        !wasQuoted && current.trim().toUpperCase() === 'NULL' ? null : wasQuoted ? current : current.trim(),
      );
      current = '';
      wasQuoted = false;
    } else current += char;
  }
  if (quoted) return undefined;
  values.push(
    !wasQuoted && current.trim().toUpperCase() === 'NULL' ? null : wasQuoted ? current : current.trim(),
  );
  return values;
}

const TRUE_WORDS = ['true', 'yes', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'off', '0'];

/** A qual constant as the column's type would read it; undefined when unsure (then it is not pushed). */
function normalise(type: ColumnType, value: unknown): unknown {
  switch (type) {
    case 'bool': {
      if (typeof value === 'boolean') return value;
      const word = String(value).trim().toLowerCase();
      // Postgres accepts any unique prefix of these words (but 'o' alone is ambiguous).
      if (word.length === 0 || word === 'o') return undefined;
      if (TRUE_WORDS.some((candidate) => candidate.startsWith(word))) return true;
      if (FALSE_WORDS.some((candidate) => candidate.startsWith(word))) return false;
      return undefined;
    }
    case 'int':
    case 'double': {
      const number = typeof value === 'number' ? value : Number(String(value).trim());
      return Number.isFinite(number) ? number : undefined;
    }
    default:
      return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  }
}

/**
 * Quals the table applies exactly (so a LIMIT may follow them): its get key, list keys, API filters
 * on booleans and numbers, connection name. An API filter on text is not exact: the API may compare
 * it otherwise than Postgres does (case, collation, wildcards), or not be able to carry the value
 * at all, so it only narrows what is listed and the engine's WHERE decides.
 */
export function isExact(table: TableDef, qual: Qual): boolean {
  if (qual.operator !== '=') return false;
  if (qual.column === 'sp_connection_name') return true;
  if (table.get?.keyColumn === qual.column) return true;
  if (table.list.keyColumns?.includes(qual.column)) return true;
  return table.columns.some(
    (column) => column.name === qual.column && column.filter !== undefined && column.type !== 'string',
  );
}
