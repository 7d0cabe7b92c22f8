import { keyLimit } from './join-keys.js';
import type { JoinDependency, PlannedScan } from './planner-options.js';
import { isExact } from './planner-quals.js';
import { equalValues, matchesQual, type Qual, qualsKey } from './quals.js';
import { BATCH_THRESHOLD, type ConnectionHandle, type SessionConnections, scanLookup } from './scan.js';
import type { KeyedRequests, ListRequests, RequestTarget, TableDef } from './table.js';

/**
 * What a statement's scans would ask of the API, worked out without asking: the same decisions
 * `scan` makes (the cache, contradictory equalities, get by key, list, fan-out, hydrates), over
 * the endpoints the tables describe (`requests`). A count is exact where the query alone decides
 * it; where it depends on the data (how many rows a list holds) it is an estimate, and says so.
 */

/** Requests to one endpoint for one scan on one connection. */
export interface PlannedRequests {
  endpoint: string;
  /** How many requests; a lower bound or a guess unless `exact`. */
  count: number;
  exact: boolean;
  /** Why that many, in a few words. */
  basis: string;
  /** Each request goes to one of these endpoints, chosen by the row (`endpoint` names them all). */
  oneOf?: string[];
}

/** One scan on one connection: what is pushed to the API and the requests it makes. */
export interface ScanRequestPlan {
  table: string;
  connection: string;
  /** How the rows are read: from the cache, by key, listed, or not at all. */
  mode: 'cache' | 'get' | 'list' | 'fan-out' | 'none';
  /** Conditions the API (or the choice of what to read) applies exactly; the engine re-applies every one. */
  pushed: string[];
  /** Conditions that only the engine applies, to the rows fetched. */
  notPushed: string[];
  limit: number | undefined;
  /** The columns the scan fetches ('all' for `select *`). */
  columns: string[] | 'all';
  requests: PlannedRequests[];
}

export interface StatementRequestPlan {
  scans: ScanRequestPlan[];
  /** Every scan's requests added up; exact only if every count is. */
  total: { count: number; exact: boolean };
}

/** The plan of a statement's scans on the session's connections. */
export function planRequests(
  scans: readonly PlannedScan[],
  connections: SessionConnections,
): StatementRequestPlan {
  const planned: ScanRequestPlan[] = [];
  for (const scan of scans) {
    const handles = scan.connection ? connections.byName.get(scan.connection) : connections.default;
    for (const handle of handles ?? []) {
      if (!picked(handle, scan.quals)) continue;
      planned.push(planScan(scan, handle));
    }
  }
  const requests = planned.flatMap((scan) => scan.requests);
  return {
    scans: planned,
    total: {
      count: requests.reduce((sum, request) => sum + request.count, 0),
      exact: requests.every((request) => request.exact),
    },
  };
}

/** Whether a scan reads this connection: `sp_connection_name` quals prune connections by name. */
function picked(handle: ConnectionHandle, quals: readonly Qual[]): boolean {
  return quals.every((qual) => qual.column !== 'sp_connection_name' || matchesQual(handle.name, qual));
}

function planScan(scan: PlannedScan, handle: ConnectionHandle): ScanRequestPlan {
  return scan.dependency ? planDependentScan(scan, scan.dependency, handle) : planConstantScan(scan, handle);
}

/** Stands for the keys a dependent scan is read by, which are known only once its driver is read. */
const DRIVER_KEYS = '(keys of the driver)';

/**
 * A scan read by the keys of its driver's rows (docs/joins.md): planned as a read by one key,
 * every count an estimate, and the pushed condition naming where the keys come from.
 */
function planDependentScan(
  scan: PlannedScan,
  dependency: JoinDependency,
  handle: ConnectionHandle,
): ScanRequestPlan {
  const { column, driver, driverColumn } = dependency;
  const keyed = planConstantScan(
    { ...scan, quals: [...scan.quals, { column, operator: '=', values: [DRIVER_KEYS] }] },
    handle,
  );
  if (keyed.mode === 'cache' || keyed.mode === 'none') return keyed;
  const limit = keyLimit(scan.table, column, scan.columns);
  const keys = `${column} = keys of ${driver.table.name}.${driverColumn}`;
  const exact = isExact(scan.table, { column, operator: '=', values: [] });
  const others = (conditions: string[]) => conditions.filter((condition) => !condition.includes(DRIVER_KEYS));
  return {
    ...keyed,
    pushed: [...others(keyed.pushed), ...(exact ? [keys] : [])],
    notPushed: [...others(keyed.notPushed), ...(exact ? [] : [keys])],
    requests: keyed.requests.map((request) => ({
      ...request,
      exact: false,
      basis: `${request.basis.replace(`one per ${column} value`, `one per key`)}; the keys are the ${driverColumn} values of the ${driver.table.name} rows read first (past ${limit}, the table is read without them)`,
    })),
  };
}

function planConstantScan(scan: PlannedScan, handle: ConnectionHandle): ScanRequestPlan {
  const { table, quals, limit } = scan;
  const describe = (qual: Qual) => qualsKey([qual]);
  const base = {
    table: table.name,
    connection: handle.name,
    pushed: quals.filter((qual) => isExact(table, qual)).map(describe),
    notPushed: quals.filter((qual) => !isExact(table, qual)).map(describe),
    limit,
    columns: scan.columns === 'all' ? ('all' as const) : [...scan.columns].sort(),
  };
  const { hydrates, lookup } = scanLookup(table, handle, scan);
  if (handle.cache.get(lookup))
    return {
      ...base,
      mode: 'cache',
      requests: [{ endpoint: '(scan cache)', count: 0, exact: true, basis: 'these rows are cached' }],
    };
  const equals = (column: string) => equalValues(quals, column);
  const contradiction = quals.some((qual) => qual.operator === '=' && equals(qual.column)?.length === 0);
  if (contradiction)
    return {
      ...base,
      mode: 'none',
      requests: [
        { endpoint: '(none)', count: 0, exact: true, basis: 'the equalities contradict each other' },
      ],
    };

  const keys = table.get ? equals(table.get.keyColumn) : undefined;
  if (table.get && keys) {
    const distinct = [...new Set(keys.map(String))].filter((key) => key !== '');
    const requests: PlannedRequests[] = [
      {
        endpoint: endpointOf(table.get.requests, 'get by key'),
        count: distinct.length,
        exact: true,
        basis: `one per ${table.get.keyColumn} value`,
      },
    ];
    for (const name of hydrates) {
      const hydrate = table.hydrates?.[name];
      if (!hydrate || hydrate.sameAsGet) continue;
      requests.push(hydrateRequests(name, hydrate.requests, distinct.length, 'up to one per row read'));
    }
    return { ...base, mode: 'get', requests };
  }

  const requests = listRequests(table.list.requests, quals, equals, limit);
  const rows = rowEstimate(limit);
  for (const name of hydrates) {
    const hydrate = table.hydrates?.[name];
    if (!hydrate) continue;
    if (hydrate.batch)
      requests.push({
        ...hydrateRequests(name, hydrate.requests, 1, ''),
        basis: `one per row for up to ${BATCH_THRESHOLD} rows, else one listing for all (depends on the data)`,
      });
    else requests.push(hydrateRequests(name, hydrate.requests, rows, 'one per row (depends on the data)'));
  }
  return { ...base, mode: fansOut(table.list.requests) ? 'fan-out' : 'list', requests };
}

const fansOut = (requests: ListRequests | undefined): boolean =>
  requests?.kind === 'fan-out' || (requests?.kind === 'union' && Object.values(requests.parts).some(fansOut));

/** A stand-in row count for per-row calls whose rows are not known: the limit, else at least one. */
const rowEstimate = (limit: number | undefined) => (limit === undefined ? 1 : limit);

function hydrateRequests(
  name: string,
  target: RequestTarget | readonly RequestTarget[] | undefined,
  count: number,
  basis: string,
): PlannedRequests {
  if (target && 'length' in target) {
    const endpoints = target.map((one) => one.endpoint);
    return {
      endpoint: endpoints.join(' | '),
      oneOf: endpoints,
      count,
      exact: false,
      basis: `${basis}, to one of ${endpoints.length} endpoints chosen by the row (or to none)`,
    };
  }
  const paged = target?.pageSize ? `, more for a list over ${target.pageSize}` : '';
  return {
    endpoint: endpointOf(target, `hydrate ${name}`),
    count,
    exact: false,
    basis: `${basis}${paged}`,
  };
}

function listRequests(
  requests: ListRequests | undefined,
  quals: readonly Qual[],
  equals: (column: string) => unknown[] | undefined,
  limit: number | undefined,
): PlannedRequests[] {
  if (!requests)
    return [{ endpoint: '(list)', count: 1, exact: false, basis: 'at least one (depends on the data)' }];
  switch (requests.kind) {
    case 'list': {
      const keyed = keyedRequests(requests.keys ?? [], equals, limit);
      if (keyed) return keyed;
      if (requests.readsNothing?.(quals))
        return [
          {
            endpoint: requests.endpoint,
            count: 0,
            exact: true,
            basis: 'the conditions select nothing the API could hold',
          },
        ];
      return [pagedList(requests, limit)];
    }
    case 'union': {
      const { column, parts } = requests;
      const values = equals(column)?.map(String);
      const names = Object.keys(parts).filter((name) => !values || values.includes(name));
      if (names.length === 0)
        return [{ endpoint: '(none)', count: 0, exact: true, basis: `no ${column} value names a list` }];
      if (names.length === 1) return listRequests(parts[names[0]!], quals, equals, limit);
      // Lists read one after another: a limit may be reached before the last ones are read.
      return names.flatMap((name) =>
        listRequests(parts[name], quals, equals, limit).map((request) => ({
          ...request,
          exact: request.exact && limit === undefined,
          basis: `${column} ${name}: ${request.basis}${limit === undefined ? '' : ', none once the limit is reached'}`,
        })),
      );
    }
    case 'fan-out': {
      const keyed = keyedRequests(requests.keys, equals, limit);
      if (keyed) return keyed;
      const key = requests.keys.find((candidate) => candidate.column === requests.scanKey);
      return [
        {
          ...pagedList(requests.parents, undefined),
          basis: `every parent: ${pagedList(requests.parents, undefined).basis}`,
        },
        {
          endpoint: key?.endpoint ?? '(sub-list)',
          count: 1,
          exact: false,
          basis: `one per parent listed (depends on the data), more for a list over ${key?.pageSize ?? '?'}`,
        },
      ];
    }
  }
}

/** The sub-lists of the first key column with `=`/IN values: one per value (undefined: none has values). */
function keyedRequests(
  keys: readonly KeyedRequests[],
  equals: (column: string) => unknown[] | undefined,
  limit: number | undefined,
): PlannedRequests[] | undefined {
  for (const key of keys) {
    const values = equals(key.column);
    if (!values) continue;
    const parents = new Set(values.map(String));
    parents.delete('');
    return [
      {
        endpoint: key.endpoint,
        count: parents.size,
        exact: false,
        basis: `one per ${key.column} value, more for a list over ${key.pageSize}${limit === undefined ? '' : ', fewer once the limit is reached'}`,
      },
    ];
  }
  return undefined;
}

/** A list read a page at a time: one request when a limit fits one page, else one a page. */
function pagedList(target: Required<RequestTarget>, limit: number | undefined): PlannedRequests {
  const { endpoint, pageSize } = target;
  if (limit === 0) return { endpoint, count: 0, exact: true, basis: 'LIMIT 0 reads nothing' };
  if (limit !== undefined && limit <= pageSize)
    return { endpoint, count: 1, exact: true, basis: `one page: the limit (${limit}) fits in ${pageSize}` };
  return {
    endpoint,
    count: limit === undefined ? 1 : Math.ceil(limit / (pageSize - 1)),
    exact: false,
    basis: `one per ${pageSize} rows listed (depends on the data)`,
  };
}

const endpointOf = (target: RequestTarget | undefined, what: string) => target?.endpoint ?? `(${what})`;

/** Tables whose requests no plan can name (no `requests` described): for a check that every table has them. */
export const undescribed = (table: TableDef): string[] => [
  ...(table.list.requests ? [] : ['list']),
  ...(table.get && !table.get.requests ? ['get'] : []),
  ...Object.entries(table.hydrates ?? {})
    .filter(([, hydrate]) => !hydrate.requests)
    .map(([name]) => `hydrate ${name}`),
];
