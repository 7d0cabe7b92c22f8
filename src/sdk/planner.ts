import { loadModule, parseSync } from 'libpg-query';
import { UserError } from '../errors.js';
import type { ColumnType } from './column-type.js';
import type { Qual } from './quals.js';
import { allColumns, type TableDef } from './table.js';

/** One scan the engine must load before running a statement. */
export interface PlannedScan {
  table: TableDef;
  /** Set when the query names the table through a connection's schema (`jc_prod.jumpcloud_user`). */
  connection: string | undefined;
  quals: Qual[];
  columns: Set<string> | 'all';
  limit: number | undefined;
}

export interface StatementPlan {
  /** The statement's own text (a file may hold several). */
  sql: string;
  /** Every distinct scan; several for one table when its occurrences want different rows. */
  scans: PlannedScan[];
  /**
   * A SELECT (or VALUES) whose result has columns whatever the data: a target other than `*`.
   * An engine that answers it with no columns at all has failed without saying so.
   */
  selectsColumns?: boolean;
}

export interface PlannerOptions {
  tables: ReadonlyMap<string, TableDef>;
  /** Schemas that stand for a connection (connection and aggregator names). */
  connectionSchemas?: ReadonlySet<string>;
  /**
   * false: fetch everything (no quals, no limit, whole items with every hydrate) — for the
   * differential tests and `--no-pushdown`.
   */
  pushdown?: boolean;
  /** Values of `$1`, `$2`, … (text, as a Bind message carries them); unknown ones are not pushed. */
  params?: readonly unknown[];
}

// biome-ignore lint/suspicious/noExplicitAny: libpg-query's AST is a tree of tagged unions walked generically
type Node = any;

let loaded: Promise<void> | undefined;
/** libpg-query's WASM must be loaded once before parseSync. */
export const loadParser = (): Promise<void> => {
  loaded ??= loadModule();
  return loaded;
};

/** Parses a script into statements and plans each; a syntax error becomes a UserError with its position. */
export function planScript(sql: string, options: PlannerOptions): StatementPlan[] {
  let parsed: { stmts: Array<{ stmt: Node; stmt_location?: number; stmt_len?: number }> };
  try {
    parsed = parseSync(sql) as typeof parsed;
  } catch (error) {
    throw syntaxError(sql, error);
  }
  return parsed.stmts.map(({ stmt, stmt_location = 0, stmt_len }) => {
    const text = (
      stmt_len === undefined || stmt_len === 0
        ? sql.slice(stmt_location)
        : sql.slice(stmt_location, stmt_location + stmt_len)
    ).trim();
    return { sql: text, scans: planStatement(stmt, options), selectsColumns: selectsColumns(stmt) };
  });
}

/** See StatementPlan.selectsColumns; a set operation's columns are its left side's. */
function selectsColumns(stmt: Node): boolean {
  let select = stmt?.SelectStmt;
  while (select?.larg) select = select.larg;
  if (!select || select.intoClause) return false;
  if (select.valuesLists?.length > 0) return true;
  const isStar = (target: Node) =>
    target?.ResTarget?.val?.ColumnRef?.fields?.some((field: Node) => field?.A_Star !== undefined) === true;
  return (select.targetList ?? []).some((target: Node) => !isStar(target));
}

/** SQL the parser refused; Postgres itself would refuse it too. */
export class SqlSyntaxError extends UserError {
  override name = 'SqlSyntaxError';
}

function syntaxError(sql: string, error: unknown): UserError {
  const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
  const message = error instanceof Error ? error.message : String(error);
  if (details?.cursorPosition === undefined) return new SqlSyntaxError(`SQL error: ${message}`);
  const before = sql.slice(0, details.cursorPosition);
  const line = before.split('\n').length;
  const column = details.cursorPosition - before.lastIndexOf('\n');
  return new SqlSyntaxError(`SQL error: ${message} (line ${line}, column ${column})`);
}

interface Occurrence {
  table: TableDef;
  connection: string | undefined;
  alias: string;
  quals: Qual[];
  columns: Set<string> | 'all';
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

/** Finds every JumpCloud table a statement reads, with the constant quals and limit it can push. */
export function planStatement(stmt: Node, options: PlannerOptions): PlannedScan[] {
  const pushdown = options.pushdown ?? true;
  const cteNames = collectCteNames(stmt);
  for (const target of writeTargetsOf(stmt)) {
    const written = resolveRangeVar(target, options, new Set());
    if (written) throw target.created ? shadowError(written.table.name) : readOnlyError(written.table.name);
  }
  const inBody = tableInBody(stmt, options.tables);
  if (inBody) throw bodyError(inBody);
  if (copiesFromClient(stmt)) throw copyFromClientError();
  const occurrences = new Map<Node, Occurrence>();
  walk(stmt, (node, key) => {
    if (key !== 'RangeVar') return;
    const occurrence = resolveRangeVar(node, options, cteNames);
    if (occurrence) occurrences.set(node, occurrence);
  });
  if (occurrences.size === 0) return [];

  markUsedColumns(stmt, occurrences);
  let limitCandidate: { occurrence: Occurrence; limit: number } | undefined;
  walk(stmt, (node, key) => {
    if (key !== 'SelectStmt') return;
    const scope = scopeOf(node, occurrences, options.params ?? []);
    markStarColumns(node, scope);
    if (!pushdown) return;
    const conjuncts = [...flattenAnd(node.whereClause), ...scope.innerJoinQuals];
    let allPushed = true;
    for (const conjunct of conjuncts) {
      const found = extractQual(conjunct, scope);
      if (found) found.occurrence.quals.push(found.qual);
      if (!found || !isExact(found.occurrence.table, found.qual)) allPushed = false;
    }
    if (node === stmt.SelectStmt && allPushed) {
      const limit = safeLimit(node, scope, occurrences.size);
      if (limit !== undefined) limitCandidate = { occurrence: scope.occurrences[0]!, limit };
    }
  });

  // Occurrences of one table (and connection) share its loaded rows: one scan if any of them is
  // unrestricted, else one scan per distinct qual set, unioned by the engine.
  const groups = new Map<string, Occurrence[]>();
  for (const occurrence of occurrences.values()) {
    const key = `${occurrence.connection ?? ''}.${occurrence.table.name}`;
    groups.set(key, [...(groups.get(key) ?? []), occurrence]);
  }
  const scans: PlannedScan[] = [];
  for (const group of groups.values()) {
    const columns = pushdown ? mergeColumns(group) : 'all';
    const { table, connection } = group[0]!;
    const candidate = limitCandidate as { occurrence: Occurrence; limit: number } | undefined;
    const limit =
      candidate && group.length === 1 && candidate.occurrence === group[0] ? candidate.limit : undefined;
    if (group.some((occurrence) => occurrence.quals.length === 0)) {
      scans.push({ table, connection, quals: [], columns, limit });
      continue;
    }
    const seen = new Set<string>();
    for (const occurrence of group) {
      const key = JSON.stringify(occurrence.quals);
      if (seen.has(key)) continue;
      seen.add(key);
      scans.push({ table, connection, quals: occurrence.quals, columns, limit });
    }
  }
  return scans;
}

export const readOnlyError = (table: string) =>
  new UserError(`${table} is read-only: jcsql never writes to JumpCloud`, {
    sqlState: '25006', // read_only_sql_transaction
    hint: `Copy the rows into a table of your own first (create temp table t as select … from ${table})`,
  });

export const shadowError = (table: string) =>
  new UserError(`${table} is a JumpCloud table: a table or view of that name would hide it`, {
    sqlState: '42P07', // duplicate_table
    hint: 'Choose another name (create temp table my_users as select … from jumpcloud_user)',
  });

const copyFromClientError = () =>
  new UserError('COPY … FROM STDIN is not supported: the embedded Postgres cannot take COPY data', {
    sqlState: '0A000', // feature_not_supported
    hint: 'Use INSERT … VALUES, or create temp table … as select',
  });

/** COPY … FROM STDIN anywhere in the statement: PGlite ends the session on COPY data from a client. */
function copiesFromClient(stmt: Node): boolean {
  let found = false;
  walk(stmt, (node, kind) => {
    if (kind === 'CopyStmt' && node.is_from && !node.filename) found = true;
  });
  return found;
}

const bodyError = (table: string) =>
  new UserError(
    `${table} cannot be used inside a DO block or a function: jcsql fetches JumpCloud rows for the statements that name them`,
    {
      sqlState: '0A000', // feature_not_supported
      hint: `Query ${table} directly, or copy it first (create temp table t as select … from ${table}) and use the copy`,
    },
  );

function resolveRangeVar(node: Node, options: PlannerOptions, cteNames: Set<string>): Occurrence | undefined {
  const table = options.tables.get(node.relname);
  if (!table) return undefined;
  const schema: string | undefined = node.schemaname;
  if (schema === undefined && cteNames.has(node.relname)) return undefined;
  let connection: string | undefined;
  if (schema !== undefined && schema !== 'public') {
    if (!options.connectionSchemas?.has(schema)) return undefined;
    connection = schema;
  }
  return { table, connection, alias: node.alias?.aliasname ?? node.relname, quals: [], columns: new Set() };
}

interface Scope {
  occurrences: Occurrence[];
  params: readonly unknown[];
  /** FROM items that are not JumpCloud tables (subqueries, functions, other tables): their columns are unknown. */
  hasOtherItems: boolean;
  innerJoinQuals: Node[];
}

function scopeOf(select: Node, occurrences: Map<Node, Occurrence>, params: readonly unknown[]): Scope {
  const scope: Scope = { occurrences: [], params, hasOtherItems: false, innerJoinQuals: [] };
  const visit = (item: Node) => {
    if (item.RangeVar) {
      const occurrence = occurrences.get(item.RangeVar);
      if (occurrence) scope.occurrences.push(occurrence);
      else scope.hasOtherItems = true;
    } else if (item.JoinExpr) {
      const join = item.JoinExpr;
      visit(join.larg);
      visit(join.rarg);
      if (join.jointype === 'JOIN_INNER' && join.quals) scope.innerJoinQuals.push(...flattenAnd(join.quals));
      if (join.usingClause || join.isNatural) scope.hasOtherItems = true; // merged columns: keep it simple
    } else scope.hasOtherItems = true;
  };
  for (const item of select.fromClause ?? []) visit(item);
  return scope;
}

function flattenAnd(node: Node): Node[] {
  if (!node) return [];
  if (node.BoolExpr?.boolop === 'AND_EXPR') return node.BoolExpr.args.flatMap(flattenAnd);
  return [node];
}

function extractQual(node: Node, scope: Scope): { occurrence: Occurrence; qual: Qual } | undefined {
  // `activated` and `not suspended`: boolean columns compared with true / false.
  const bare = node.ColumnRef ? { ref: node.ColumnRef, value: true } : undefined;
  const negated =
    node.BoolExpr?.boolop === 'NOT_EXPR' && node.BoolExpr.args[0]?.ColumnRef
      ? { ref: node.BoolExpr.args[0].ColumnRef, value: false }
      : undefined;
  const boolean = bare ?? negated;
  if (boolean) {
    const target = resolveColumn(boolean.ref, scope);
    if (target?.type !== 'bool') return undefined;
    return {
      occurrence: target.occurrence,
      qual: { column: target.column, operator: '=', values: [boolean.value] },
    };
  }

  const expr = node.A_Expr;
  if (!expr) return undefined;
  const operator: string | undefined = expr.name?.length === 1 ? expr.name[0].String?.sval : undefined;
  if (!operator) return undefined;
  let columnSide: Node;
  let values: unknown[] | undefined;
  let qualOperator: Qual['operator'] | undefined;
  switch (expr.kind) {
    case 'AEXPR_OP':
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE': {
      if (!COMPARISON_OPERATORS.has(operator)) return undefined;
      const right = constantOf(expr.rexpr, scope.params);
      const left = constantOf(expr.lexpr, scope.params);
      if (expr.lexpr?.ColumnRef && right !== undefined) {
        columnSide = expr.lexpr.ColumnRef;
        values = [right];
        qualOperator = operator as Qual['operator'];
      } else if (expr.rexpr?.ColumnRef && left !== undefined && FLIPPED[operator]) {
        columnSide = expr.rexpr.ColumnRef;
        values = [left];
        qualOperator = FLIPPED[operator];
      } else return undefined;
      break;
    }
    case 'AEXPR_IN': {
      if (operator !== '=' || !expr.lexpr?.ColumnRef) return undefined;
      const items: Node[] = expr.rexpr?.List?.items ?? [];
      const constants = items.map((item) => constantOf(item, scope.params));
      if (constants.length === 0 || constants.some((value) => value === undefined)) return undefined;
      columnSide = expr.lexpr.ColumnRef;
      values = constants;
      qualOperator = '=';
      break;
    }
    case 'AEXPR_OP_ANY': {
      if (operator !== '=' || !expr.lexpr?.ColumnRef) return undefined;
      const array = arrayConstantOf(expr.rexpr, scope.params);
      if (!array) return undefined;
      columnSide = expr.lexpr.ColumnRef;
      values = array;
      qualOperator = '=';
      break;
    }
    default:
      return undefined;
  }
  // Too many values to ask for one by one (or in one filter): the table is listed instead.
  if (values.length > MAX_PUSHED_VALUES) return undefined;
  const target = resolveColumn(columnSide, scope);
  if (!target || !PUSHABLE_TYPES.has(target.type) || values.some((value) => value === null)) return undefined;
  const normalised = values.map((value) => normalise(target.type, value));
  if (normalised.some((value) => value === undefined)) return undefined;
  return {
    occurrence: target.occurrence,
    qual: { column: target.column, operator: qualOperator, values: normalised },
  };
}

/** A column reference's occurrence, column and type, when it can only mean one JumpCloud column. */
function resolveColumn(
  ref: Node,
  scope: Scope,
): { occurrence: Occurrence; column: string; type: ColumnType } | undefined {
  const fields: string[] = (ref.fields ?? []).map((field: Node) => field.String?.sval);
  if (fields.some((field) => field === undefined)) return undefined;
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
function constantOf(node: Node, params: readonly unknown[]): unknown {
  if (!node) return undefined;
  if (node.TypeCast) {
    // '…'::text and friends keep their literal; casts to arrays or other shapes are not constants here.
    return node.TypeCast.typeName?.arrayBounds ? undefined : constantOf(node.TypeCast.arg, params);
  }
  if (node.ParamRef) return params[(node.ParamRef.number ?? 0) - 1];
  const constant = node.A_Const;
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
function arrayConstantOf(node: Node, params: readonly unknown[]): unknown[] | undefined {
  if (node?.A_ArrayExpr) {
    const values = (node.A_ArrayExpr.elements ?? []).map((element: Node) => constantOf(element, params));
    return values.some((value: unknown) => value === undefined) ? undefined : values;
  }
  // `= ANY($1)` with an array parameter, or `= ANY('{a,b}'::text[])`.
  const literal = node?.TypeCast?.arg?.ParamRef
    ? params[(node.TypeCast.arg.ParamRef.number ?? 0) - 1]
    : node?.TypeCast?.arg?.A_Const?.sval?.sval;
  if (typeof literal !== 'string' || !node.TypeCast.typeName?.arrayBounds) return undefined;
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

/** Quals the table applies exactly (so a LIMIT may follow them): its get key, list keys, API filters, connection name. */
export function isExact(table: TableDef, qual: Qual): boolean {
  if (qual.operator !== '=') return false;
  if (qual.column === 'sp_connection_name') return true;
  if (table.get?.keyColumn === qual.column) return true;
  if (table.list.keyColumns?.includes(qual.column)) return true;
  return table.columns.some((column) => column.name === qual.column && column.filter !== undefined);
}

/** LIMIT (+ OFFSET) of a plain single-table select, when fetching that many rows cannot change the answer. */
function safeLimit(select: Node, scope: Scope, occurrenceCount: number): number | undefined {
  if (occurrenceCount !== 1 || scope.occurrences.length !== 1 || scope.hasOtherItems) return undefined;
  if (select.op && select.op !== 'SETOP_NONE') return undefined;
  if (select.sortClause || select.groupClause || select.distinctClause || select.havingClause)
    return undefined;
  if (select.windowClause || select.withClause || select.limitOption === 'LIMIT_OPTION_WITH_TIES')
    return undefined;
  if (select.lockingClause || select.intoClause) return undefined;
  // Any function call or sub-select in the output could aggregate, or return a set (and so change
  // how many rows one fetched row makes): only plain expressions are allowed.
  let complex = false;
  walk(select.targetList, (_node, key) => {
    if (key === 'FuncCall' || key === 'SubLink' || key === 'A_Indirection') complex = true;
  });
  if (complex) return undefined;
  const count = numeric(constantOf(select.limitCount, scope.params));
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return undefined;
  const offset = select.limitOffset ? numeric(constantOf(select.limitOffset, scope.params)) : 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return undefined;
  return count + offset;
}

/** A LIMIT or OFFSET value: a number, or a parameter's text. */
const numeric = (value: unknown) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

function markUsedColumns(stmt: Node, occurrences: Map<Node, Occurrence>): void {
  const names = new Set<string>();
  const wholeRow = new Set<string>();
  walk(stmt, (node, key) => {
    if (key !== 'ColumnRef') return;
    const fields: Node[] = node.fields ?? [];
    const last = fields[fields.length - 1]?.String?.sval;
    if (last) names.add(last);
    if (fields.length === 1 && last) wholeRow.add(last);
    // `row_to_json(u.*)`: a qualified star inside an expression is the whole row too.
    const qualifier = fields[fields.length - 2]?.String?.sval;
    if (fields[fields.length - 1]?.A_Star && qualifier) wholeRow.add(qualifier);
  });
  for (const occurrence of occurrences.values()) {
    if (occurrence.columns === 'all') continue;
    if (wholeRow.has(occurrence.alias)) {
      occurrence.columns = 'all';
      continue;
    }
    for (const column of allColumns(occurrence.table))
      if (names.has(column.name)) occurrence.columns.add(column.name);
  }
}

/** `select *` and `select u.*` use every column of the tables they cover. */
function markStarColumns(select: Node, scope: Scope): void {
  for (const target of select.targetList ?? []) {
    const fields: Node[] = target.ResTarget?.val?.ColumnRef?.fields ?? [];
    if (!fields[fields.length - 1]?.A_Star) continue;
    const qualifier = fields.length > 1 ? fields[fields.length - 2]?.String?.sval : undefined;
    for (const occurrence of scope.occurrences)
      if (!qualifier || occurrence.alias === qualifier) occurrence.columns = 'all';
  }
}

function mergeColumns(group: Occurrence[]): Set<string> | 'all' {
  if (group.some((occurrence) => occurrence.columns === 'all')) return 'all';
  return new Set(group.flatMap((occurrence) => [...(occurrence.columns as Set<string>)]));
}

function collectCteNames(stmt: Node): Set<string> {
  const names = new Set<string>();
  walk(stmt, (node, key) => {
    if (key === 'CommonTableExpr' && node.ctename) names.add(node.ctename);
  });
  return names;
}

/** The relations a statement writes to or alters (INSERT/UPDATE/DELETE/MERGE/TRUNCATE/ALTER/…). */
function writeTargetsOf(stmt: Node): Node[] {
  const targets: Node[] = [];
  // Anywhere in the tree: writable CTEs, PREPARE, EXPLAIN ANALYZE and CREATE … AS run their writes too.
  walk(stmt, (node, kind) => {
    switch (kind) {
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt':
      case 'MergeStmt':
      case 'AlterTableStmt':
      case 'CreateTrigStmt':
      case 'RuleStmt':
      case 'IndexStmt':
      case 'RenameStmt':
        if (node.relation) targets.push(node.relation);
        break;
      case 'CreateStmt':
        if (node.relation) targets.push(created(node.relation));
        break;
      case 'CreatePolicyStmt':
      case 'AlterPolicyStmt':
        if (node.table) targets.push(node.table);
        break;
      case 'ViewStmt':
        if (node.view) targets.push(created(node.view));
        break;
      case 'CreateTableAsStmt': // CREATE TABLE … AS
        if (node.into?.rel) targets.push(created(node.into.rel));
        break;
      case 'CopyStmt':
        if (node.is_from && node.relation) targets.push(node.relation);
        break;
      case 'TruncateStmt':
      case 'LockStmt':
        for (const item of node.relations ?? []) if (item.RangeVar) targets.push(item.RangeVar);
        break;
      case 'GrantStmt':
        if (node.objtype === 'OBJECT_TABLE')
          for (const item of node.objects ?? []) if (item.RangeVar) targets.push(item.RangeVar);
        break;
      case 'SelectStmt':
        if (node.intoClause?.rel) targets.push(created(node.intoClause.rel)); // SELECT … INTO
        // FOR UPDATE / SHARE locks rows in order to change them: of the named tables, or of all.
        if ((node.lockingClause ?? []).length > 0) targets.push(...lockedRelations(node));
        break;
      case 'CommentStmt':
        if (['OBJECT_TABLE', 'OBJECT_COLUMN', 'OBJECT_VIEW'].includes(node.objtype))
          targets.push(...qualifiedNames([node.object], node.objtype === 'OBJECT_COLUMN'));
        break;
      case 'DropStmt':
        if (['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_FOREIGN_TABLE'].includes(node.removeType))
          targets.push(...qualifiedNames(node.objects ?? [], false));
        break;
    }
  });
  return targets;
}

/** A relation the statement creates: of a JumpCloud table's name, it would hide that table. */
const created = (relation: Node): Node => ({ ...relation, created: true });

function lockedRelations(select: Node): Node[] {
  const from: Node[] = [];
  walk(select.fromClause ?? [], (node, kind) => {
    if (kind === 'RangeVar') from.push(node);
  });
  const clauses = select.lockingClause as Node[];
  // `FOR UPDATE` alone locks every table; `FOR UPDATE OF u` names FROM items by alias or name.
  if (clauses.some((clause) => (clause.LockingClause?.lockedRels ?? []).length === 0)) return from;
  const named = new Set<string>(
    clauses.flatMap((clause) =>
      clause.LockingClause.lockedRels.map((item: Node) => item.RangeVar?.relname as string),
    ),
  );
  return from.filter((node) => named.has(node.alias?.aliasname ?? node.relname));
}

/** `a.b` names (lists of strings) as RangeVar-like nodes; a column's name drops its last part. */
function qualifiedNames(objects: Node[], isColumn: boolean): Node[] {
  return objects.flatMap((object) => {
    const names: string[] = (object?.List?.items ?? []).map((item: Node) => item.String?.sval);
    if (isColumn) names.pop();
    if (names.length === 0) return [];
    return [
      names.length > 1
        ? { schemaname: names[names.length - 2], relname: names[names.length - 1] }
        : { relname: names[0] },
    ];
  });
}

/**
 * DO blocks and function bodies run SQL the planner cannot see: it would meet JumpCloud tables
 * unfetched (stale or empty) and could change them. The first JumpCloud table a body names.
 */
function tableInBody(stmt: Node, tables: ReadonlyMap<string, TableDef>): string | undefined {
  let found: string | undefined;
  walk(stmt, (node, kind) => {
    if (found || (kind !== 'DoStmt' && kind !== 'CreateFunctionStmt')) return;
    const options: Node[] = kind === 'DoStmt' ? node.args : node.options;
    const body = JSON.stringify(options ?? []).toLowerCase();
    found = body.match(/jumpcloud_[a-z_]+/g)?.find((name) => tables.has(name));
  });
  return found;
}

/** Depth-first walk calling `visit(node, key)` for every tagged node (`{ SelectStmt: {…} }` → key SelectStmt). */
export function walk(root: Node, visit: (node: Node, key: string) => void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (child && typeof child === 'object') {
          if (/^[A-Z]/.test(key) && !Array.isArray(child)) visit(child, key);
          stack.push(child);
        }
      }
    }
  }
}
