import type { Row } from './cache.js';
import type { PlannedScan } from './planner-options.js';
import { MAX_PUSHED_VALUES } from './planner-quals.js';
import type { Qual } from './quals.js';
import { neededHydrates } from './scan.js';
import {
  allColumns,
  type HydrateDef,
  type ListRequests,
  type RequestTarget,
  type TableDef,
} from './table.js';

/**
 * How many objects a collection is assumed to hold when reading a dependent scan by keys is
 * weighed against reading it whole: the API does not say how many there are before they are
 * listed. See docs/joins.md for why 1,000.
 */
export const ASSUMED_COLLECTION_SIZE = 1000;

/** A list's page size when its requests are not described. */
const DEFAULT_PAGE_SIZE = 100;

/**
 * The most keys worth pushing into a read of `table` by `column` (docs/joins.md): past it, reading
 * the table whole costs fewer requests. Keys that go in one API filter cost one listing of fewer
 * items than the whole, so only the filter's length bounds them (MAX_PUSHED_VALUES); keys read one
 * by one (a get, a sub-list per parent) cost a request each, plus the per-row hydrates a get brings.
 */
export function keyLimit(table: TableDef, column: string, columns: ReadonlySet<string> | 'all'): number {
  const requests = table.list.requests;
  const subListKey = requests?.kind === 'fan-out' && requests.keys.some((key) => key.column === column);
  const getKey = table.get?.keyColumn === column;
  const filter = table.columns.some(
    (candidate) => candidate.name === column && candidate.filter !== undefined,
  );
  if (filter && !getKey && !subListKey) return MAX_PUSHED_VALUES;
  const hydrates = [...neededHydrates(table, columns)].map((name) => table.hydrates?.[name]);
  const perKey = 1 + (getKey ? hydrates.filter((hydrate) => hydrate && !hydrate.sameAsGet).length : 0);
  const whole = wholeScanCost(table, hydrates);
  return Math.max(1, Math.min(MAX_PUSHED_VALUES, Math.floor(whole / perKey)));
}

/** The requests of a whole scan of a collection of ASSUMED_COLLECTION_SIZE objects. */
function wholeScanCost(
  table: TableDef,
  hydrates: ReadonlyArray<HydrateDef<unknown, unknown> | undefined>,
): number {
  let cost = listCost(table.list.requests);
  for (const hydrate of hydrates) {
    // A hydrate of several endpoints (one per kind of row) pages like its first.
    const target = [hydrate?.requests ?? []].flat()[0];
    cost += hydrate?.batch ? pages(target) : ASSUMED_COLLECTION_SIZE;
  }
  return cost;
}

const pages = (target: RequestTarget | undefined) =>
  Math.ceil(ASSUMED_COLLECTION_SIZE / (target?.pageSize ?? DEFAULT_PAGE_SIZE));

function listCost(requests: ListRequests | undefined): number {
  switch (requests?.kind) {
    case 'fan-out':
      return pages(requests.parents) + ASSUMED_COLLECTION_SIZE; // the parents, then one sub-list each
    case 'union':
      return Object.values(requests.parts).reduce((sum, part) => sum + listCost(part), 0);
    default:
      return pages(requests);
  }
}

/**
 * The qual a dependent scan is read by: its column among the distinct non-null keys of the
 * driver's rows (those of them that pass `driverQuals`' equalities, the driver's quals: rows from
 * a cached or shared whole scan are more than the driver's), or undefined when there are more than `keyLimit` (then it is
 * read as planned, without them). No keys make an empty `IN`: the scan reads nothing.
 */
export function joinKeysQual(
  scan: PlannedScan,
  driverRows: readonly Row[],
  driverQuals: readonly Qual[],
): Qual | undefined {
  const dependency = scan.dependency;
  if (!dependency) return undefined;
  const passes = equalityTest(dependency.driver.table, driverQuals);
  const keys = new Set<unknown>();
  const limit = keyLimit(scan.table, dependency.column, scan.columns);
  for (const row of driverRows) {
    const key = row[dependency.driverColumn];
    if (key === null || key === undefined || typeof key === 'object' || !passes(row)) continue;
    keys.add(key);
    if (keys.size > limit) return undefined;
  }
  return { column: dependency.column, operator: '=', values: [...keys] };
}

const SCALAR_TYPES = new Set(['string', 'int', 'double', 'bool']);

/** Whether a row passes the `=`/IN quals on the table's scalar columns, as SQL's `=` would. */
function equalityTest(table: TableDef, quals: readonly Qual[]): (row: Row) => boolean {
  const scalar = new Set(
    allColumns(table)
      .filter((column) => SCALAR_TYPES.has(column.type))
      .map((column) => column.name),
  );
  const tests = quals
    .filter((qual) => qual.operator === '=' && scalar.has(qual.column))
    .map((qual) => ({ column: qual.column, values: new Set(qual.values.map(String)) }));
  return (row) =>
    tests.every(({ column, values }) => {
      const value = row[column];
      return value !== null && value !== undefined && values.has(String(value));
    });
}
