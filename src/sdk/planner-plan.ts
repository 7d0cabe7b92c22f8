import type { Node, RangeVar, SelectStmt } from '@pgsql/types';
import { nodeOf, stringOf, walk } from './planner-ast.js';
import { guardStatement } from './planner-guard.js';
import { applyJoinEdges, type JoinEdge, joinEdges } from './planner-joins.js';
import { type PlannedScan, type PlannerOptions, resolveRelation } from './planner-options.js';
import {
  constantOf,
  extractQual,
  extractTimeQuals,
  flattenAnd,
  isExact,
  type Occurrence,
  type Scope,
  scopeOf,
} from './planner-quals.js';
import { allColumns } from './table.js';

/** Finds every one of the tables a statement reads, with the constant quals and limit it can push. */
export function planStatement(stmt: Node, options: PlannerOptions): PlannedScan[] {
  const pushdown = options.pushdown ?? true;
  const now = options.now ?? Date.now();
  const cteNames = collectCteNames(stmt);
  guardStatement(stmt, options);
  const occurrences = new Map<RangeVar, Occurrence>();
  walk(stmt, (kind, node) => {
    if (kind !== 'RangeVar') return;
    const resolved = resolveRelation(node, options, cteNames);
    if (resolved)
      occurrences.set(node, {
        ...resolved,
        alias: node.alias?.aliasname ?? node.relname ?? '',
        quals: [],
        columns: new Set(),
      });
  });
  if (occurrences.size === 0) return [];

  markUsedColumns(stmt, occurrences);
  const top = nodeOf(stmt, 'SelectStmt');
  let limitCandidate: { occurrence: Occurrence; limit: number } | undefined;
  const edges: JoinEdge[] = [];
  const scopeOfSelect = (select: SelectStmt) => scopeOf(select, occurrences, options.params ?? [], now);
  walk(stmt, (kind, node) => {
    if (kind !== 'SelectStmt') return;
    const scope = scopeOfSelect(node);
    markStarColumns(node, scope);
    if (!pushdown) return;
    const conjuncts = [...flattenAnd(node.whereClause), ...scope.innerJoinQuals];
    let allPushed = true;
    for (const conjunct of conjuncts) {
      edges.push(...joinEdges(conjunct, scope, scopeOfSelect));
      const range = extractTimeQuals(conjunct, scope);
      if (range) {
        range.occurrence.quals.push(...range.quals);
        allPushed = false; // a range only narrows: the engine's WHERE decides, so no LIMIT
        continue;
      }
      const found = extractQual(conjunct, scope);
      if (found) found.occurrence.quals.push(found.qual);
      if (!found || !isExact(found.occurrence.table, found.qual)) allPushed = false;
    }
    if (node === top && allPushed) {
      const limit = safeLimit(node, scope, occurrences.size);
      if (limit !== undefined) limitCandidate = { occurrence: scope.occurrences[0]!, limit };
    }
  });
  if (pushdown) applyJoinEdges([...occurrences.values()], edges);
  return assembleScans([...occurrences.values()], limitCandidate, pushdown);
}

/**
 * Occurrences of one table (and connection) share its loaded rows: one scan if any of them is
 * unrestricted (no quals, no dependency), else one scan per distinct qual set and dependency,
 * unioned by the engine. A dependency then names the scan that holds its driver's rows.
 */
function assembleScans(
  occurrences: readonly Occurrence[],
  limitCandidate: { occurrence: Occurrence; limit: number } | undefined,
  pushdown: boolean,
): PlannedScan[] {
  const groups = new Map<string, Occurrence[]>();
  for (const occurrence of occurrences) {
    const key = `${occurrence.connection ?? ''}.${occurrence.table.name}`;
    groups.set(key, [...(groups.get(key) ?? []), occurrence]);
  }
  const scans: PlannedScan[] = [];
  const scanOf = new Map<Occurrence, PlannedScan>();
  const wholeScans = new Set<PlannedScan>();
  const index = new Map(occurrences.map((occurrence, position) => [occurrence, position]));
  for (const group of groups.values()) {
    const columns = pushdown ? mergeColumns(group) : 'all';
    const { table, connection } = group[0]!;
    const limit =
      limitCandidate && group.length === 1 && limitCandidate.occurrence === group[0]
        ? limitCandidate.limit
        : undefined;
    if (group.some((occurrence) => occurrence.quals.length === 0 && !occurrence.dependency)) {
      const whole: PlannedScan = { table, connection, quals: [], columns, limit };
      wholeScans.add(whole);
      scans.push(whole);
      for (const occurrence of group) scanOf.set(occurrence, whole);
      continue;
    }
    const seen = new Map<string, PlannedScan>();
    for (const occurrence of group) {
      const { dependency } = occurrence;
      const key = JSON.stringify([
        occurrence.quals,
        dependency && [dependency.column, index.get(dependency.driver), dependency.driverColumn],
      ]);
      let planned = seen.get(key);
      if (!planned) {
        planned = { table, connection, quals: occurrence.quals, columns, limit };
        seen.set(key, planned);
        scans.push(planned);
      }
      scanOf.set(occurrence, planned);
    }
  }
  for (const [occurrence, planned] of scanOf) {
    const { dependency } = occurrence;
    const driver = dependency && scanOf.get(dependency.driver);
    if (dependency && driver && !wholeScans.has(planned))
      planned.dependency = {
        column: dependency.column,
        driver,
        driverColumn: dependency.driverColumn,
        driverQuals: dependency.driver.quals,
      };
  }
  return scans;
}

/** See StatementPlan.selectsColumns; a set operation's columns are its left side's. */
export function selectsColumns(stmt: Node | undefined): boolean {
  let select = nodeOf(stmt, 'SelectStmt');
  while (select?.larg) select = select.larg;
  if (!select || select.intoClause) return false;
  if ((select.valuesLists?.length ?? 0) > 0) return true;
  const isStar = (target: Node) =>
    nodeOf(nodeOf(target, 'ResTarget')?.val, 'ColumnRef')?.fields?.some(
      (field) => nodeOf(field, 'A_Star') !== undefined,
    ) === true;
  return (select.targetList ?? []).some((target) => !isStar(target));
}

/** LIMIT (+ OFFSET) of a plain single-table select, when fetching that many rows cannot change the answer. */
function safeLimit(select: SelectStmt, scope: Scope, occurrenceCount: number): number | undefined {
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
  walk(select.targetList, (kind, _node) => {
    if (kind === 'FuncCall' || kind === 'SubLink' || kind === 'A_Indirection') complex = true;
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

function markUsedColumns(stmt: Node, occurrences: ReadonlyMap<RangeVar, Occurrence>): void {
  const names = new Set<string>();
  const wholeRow = new Set<string>();
  walk(stmt, (kind, node) => {
    if (kind !== 'ColumnRef') return;
    const fields = node.fields ?? [];
    const last = stringOf(fields[fields.length - 1]);
    if (last) names.add(last);
    if (fields.length === 1 && last) wholeRow.add(last);
    // `row_to_json(u.*)`: a qualified star inside an expression is the whole row too.
    const qualifier = stringOf(fields[fields.length - 2]);
    if (nodeOf(fields[fields.length - 1], 'A_Star') && qualifier) wholeRow.add(qualifier);
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
function markStarColumns(select: SelectStmt, scope: Scope): void {
  for (const target of select.targetList ?? []) {
    const fields = nodeOf(nodeOf(target, 'ResTarget')?.val, 'ColumnRef')?.fields ?? [];
    if (!nodeOf(fields[fields.length - 1], 'A_Star')) continue;
    const qualifier = fields.length > 1 ? stringOf(fields[fields.length - 2]) : undefined;
    for (const occurrence of scope.occurrences)
      if (!qualifier || occurrence.alias === qualifier) occurrence.columns = 'all';
  }
}

function mergeColumns(group: readonly Occurrence[]): Set<string> | 'all' {
  const merged = new Set<string>();
  for (const { columns } of group) {
    if (columns === 'all') return 'all';
    for (const column of columns) merged.add(column);
  }
  return merged;
}

function collectCteNames(stmt: Node): Set<string> {
  const names = new Set<string>();
  walk(stmt, (kind, node) => {
    if (kind === 'CommonTableExpr' && node.ctename) names.add(node.ctename);
  });
  return names;
}
