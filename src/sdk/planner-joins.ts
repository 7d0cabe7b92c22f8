import type { Node, SelectStmt } from '@pgsql/types';
import type { ColumnType } from './column-type.js';
import { keyLimit } from './join-keys.js';
import { nodeOf, stringOf } from './planner-ast.js';
import { type Occurrence, resolveColumn, type Scope } from './planner-quals.js';
import { equalValues } from './quals.js';
import type { TableDef } from './table.js';

/**
 * Key pushdown through joins (docs/joins.md). An equality between two of the tables' columns, in
 * an inner join's ON or a WHERE conjunct (`a.device_id = d.id`), or `a.device_id IN (select d.id
 * from d …)`, means the rows of `a` that can count are those whose `device_id` is among the `id`s
 * of the rows of `d` that can count. When `a.device_id` is a column `a` reads by (a get key, a
 * list key, an API filter), `a` can be read by those keys: by the constants `d.id` is compared
 * with, when it is (`d.id = 'x'`), else by the keys of `d`'s fetched rows (a dependency the
 * engine resolves: it fetches `d` first). Each side's fetched rows are a superset of the rows
 * that count, so the keys are too: the database still applies every condition.
 */

/** `dependent.column` takes its values from `driver.driverColumn` (one direction of an equality). */
export interface JoinEdge {
  dependent: Occurrence;
  column: string;
  driver: Occurrence;
  driverColumn: string;
}

/**
 * The edges one conjunct of a scope gives: both directions of `x.a = y.b`, and `a.k IN (select
 * d.c …)` (also `= ANY (select …)` and `= (select …)`) from the subquery's column to `a.k`.
 * `scopeOfSelect` gives a subquery's own scope.
 */
export function joinEdges(
  conjunct: Node,
  scope: Scope,
  scopeOfSelect: (select: SelectStmt) => Scope,
): JoinEdge[] {
  const expr = nodeOf(conjunct, 'A_Expr');
  const sublink = nodeOf(conjunct, 'SubLink');
  if (expr?.kind === 'AEXPR_OP' && expr.name?.length === 1 && stringOf(expr.name[0]) === '=') {
    const left = columnOf(expr.lexpr, scope);
    const right = columnOf(expr.rexpr, scope);
    if (left && right) return bothWays(left, right);
    const inner = nodeOf(expr.rexpr, 'SubLink');
    if (left && inner?.subLinkType === 'EXPR_SUBLINK')
      return fromSubquery(left, inner.subselect, scopeOfSelect);
    return [];
  }
  if (sublink?.subLinkType === 'ANY_SUBLINK') {
    const operator = sublink.operName?.length === 1 ? stringOf(sublink.operName[0]) : '=';
    const left = columnOf(sublink.testexpr, scope);
    if (operator !== '=' || !left) return [];
    return fromSubquery(left, sublink.subselect, scopeOfSelect);
  }
  return [];
}

type SideColumn = NonNullable<ReturnType<typeof resolveColumn>>;

/** Keys are ids and names: text or integers (a join on a boolean or a float narrows little). */
const KEY_TYPES: ReadonlySet<ColumnType> = new Set<ColumnType>(['string', 'int']);

function columnOf(node: Node | undefined, scope: Scope): SideColumn | undefined {
  const ref = nodeOf(node, 'ColumnRef');
  const target = ref && resolveColumn(ref, scope);
  return target && KEY_TYPES.has(target.type) ? target : undefined;
}

function bothWays(a: SideColumn, b: SideColumn): JoinEdge[] {
  if (a.occurrence === b.occurrence || a.type !== b.type) return [];
  return [
    { dependent: a.occurrence, column: a.column, driver: b.occurrence, driverColumn: b.column },
    { dependent: b.occurrence, column: b.column, driver: a.occurrence, driverColumn: a.column },
  ];
}

/** The subquery's one output column, when it is a column of one of its tables (no set operation). */
function fromSubquery(
  outer: SideColumn,
  subselect: Node | undefined,
  scopeOfSelect: (select: SelectStmt) => Scope,
): JoinEdge[] {
  const select = nodeOf(subselect, 'SelectStmt');
  if (!select || (select.op && select.op !== 'SETOP_NONE') || select.targetList?.length !== 1) return [];
  const target = columnOf(nodeOf(select.targetList[0], 'ResTarget')?.val, scopeOfSelect(select));
  if (!target || target.occurrence === outer.occurrence || target.type !== outer.type) return [];
  return [
    {
      dependent: outer.occurrence,
      column: outer.column,
      driver: target.occurrence,
      driverColumn: target.column,
    },
  ];
}

/** A column the table reads by: its get key, a list key, or an API filter. */
export function isKeyColumn(table: TableDef, column: string): boolean {
  if (table.get?.keyColumn === column || table.list.keyColumns?.includes(column)) return true;
  return table.columns.some((candidate) => candidate.name === column && candidate.filter !== undefined);
}

/** Already read by a constant key: an `=`/IN qual on a column it reads by. */
const pinned = (occurrence: Occurrence) =>
  occurrence.quals.some((qual) => qual.operator === '=' && isKeyColumn(occurrence.table, qual.column));

/**
 * Applies the statement's join edges: first the constants (`a.device_id = d.id and d.id = 'x'`
 * gives `a.device_id = 'x'`, repeatedly, so chains follow; no more than `keyLimit` of them), then
 * the dependencies. A dependency goes from a driver that is narrowed (a constant qual, or a
 * dependency of its own) to an occurrence not pinned by a constant key; pinned drivers are taken
 * first, and an occurrence that has driven is never made dependent, so there is no cycle.
 */
export function applyJoinEdges(occurrences: readonly Occurrence[], edges: readonly JoinEdge[]): void {
  const usable = edges.filter(
    (edge) => edge.dependent !== edge.driver && isKeyColumn(edge.dependent.table, edge.column),
  );
  const propagated = new Set<JoinEdge>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const edge of usable) {
      if (propagated.has(edge) || equalValues(edge.dependent.quals, edge.column)) continue;
      const values = equalValues(edge.driver.quals, edge.driverColumn);
      const { table, columns } = edge.dependent;
      if (!values || values.length > keyLimit(table, edge.column, columns)) continue;
      edge.dependent.quals.push({ column: edge.column, operator: '=', values });
      propagated.add(edge);
      changed = true;
    }
  }

  const queue = [
    ...occurrences.filter(pinned),
    ...occurrences.filter((occurrence) => !pinned(occurrence) && occurrence.quals.length > 0),
  ];
  const driven = new Set<Occurrence>();
  while (queue.length > 0) {
    const driver = queue.shift()!;
    if (driven.has(driver)) continue;
    driven.add(driver);
    for (const edge of usable) {
      const { dependent } = edge;
      if (edge.driver !== driver || driven.has(dependent) || dependent.dependency || pinned(dependent))
        continue;
      dependent.dependency = { column: edge.column, driver, driverColumn: edge.driverColumn };
      queue.push(dependent);
    }
  }
}
