import type { CacheLookup, Row, ScanCache } from './cache.js';
import { mapConcurrent } from './concurrency.js';
import { equalValues, matchesQual, type Qual } from './quals.js';
import {
  allColumns,
  type ColumnDef,
  type ConnectionInfo,
  type PagedIterable,
  type ScanContext,
  type TableDef,
} from './table.js';
import { converterFor, readFlag, readPath } from './values.js';

export interface ConnectionHandle<Client = unknown> extends ConnectionInfo<Client> {
  cache: ScanCache;
}

/** The connections a session queries: the default set (one, or an aggregator's members) and each by name. */
export interface SessionConnections {
  default: ConnectionHandle[];
  byName: ReadonlyMap<string, ConnectionHandle[]>;
  /** A running count of HTTP requests sent (retries included), for `API calls: N`. */
  requests: { count: number };
}

export interface ScanRequest {
  quals: readonly Qual[];
  /** The columns the query uses; hydrates run only for these. */
  columns: ReadonlySet<string> | 'all';
  /** Rows needed per connection, when the planner proved a LIMIT safe to push. */
  limit?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Where a table tells the user, in one line, how it read (a default window it applied, say). */
  notice?: ((message: string) => void) | undefined;
  /** The scan's clock (ms since epoch); default: when the scan starts. */
  now?: number | undefined;
}

/** One connection's part of a scan, for `--timing verbose` (a row of Steampipe's scan metadata). */
export interface ScanRecord {
  table: string;
  connection: string;
  cacheHit: boolean;
  rowsFetched: number;
  hydrateCalls: number;
  /** `performance.now()` and `Date.now()` when the scan started. */
  started: { at: number; wallClock: number };
  durationMs: number;
  /** The columns the scan was asked for. */
  columns: readonly string[];
  /** The rows the scan needed, when the planner pushed a LIMIT down. */
  limit: number | undefined;
  quals: readonly Qual[];
}

/** What scans did, for `--timing`. API calls are counted by the client. */
export class ScanStats {
  readonly connections = new Set<string>();
  /** Each connection's scan, as Steampipe counts scans: an aggregator's scan is one per member. */
  readonly records: ScanRecord[] = [];

  get scans(): number {
    return this.records.length;
  }

  /** Rows fetched from the API (not from the cache). */
  get rowsFetched(): number {
    return this.#sum((record) => (record.cacheHit ? 0 : record.rowsFetched));
  }

  get cachedRowsFetched(): number {
    return this.#sum((record) => (record.cacheHit ? record.rowsFetched : 0));
  }

  get hydrateCalls(): number {
    return this.#sum((record) => record.hydrateCalls);
  }

  #sum(of: (record: ScanRecord) => number): number {
    let total = 0;
    for (const record of this.records) total += of(record);
    return total;
  }
}

/** How many hydrate calls (per-item or batched) may run at once per scan; the HTTP client bounds requests. */
const HYDRATE_CONCURRENCY = 20;
/** Up to this many items, a hydrate with a batch form still runs per item. */
export const BATCH_THRESHOLD = 10;
/** How many get calls (for `id IN (…)`) may run at once. */
const GET_CONCURRENCY = 20;

/**
 * Scans a table on one or more connections, pruning connections by the connection's own columns
 * (`sp_connection_name`, and columns that declare `connectionValue`).
 * Rows come a page at a time (an API page, or a cached result whole): one await a page, not a row.
 * A page handed out is the consumer's to read, never to change (it may be the cache's).
 */
export async function* scan(
  table: TableDef,
  connections: readonly ConnectionHandle[],
  request: ScanRequest,
  stats: ScanStats = new ScanStats(),
): AsyncGenerator<readonly Row[]> {
  const connectionColumns = connectionValues(table);
  const picked = await Promise.all(
    connections.map(async (connection) => {
      for (const qual of request.quals) {
        if (qual.column === 'sp_connection_name') {
          if (!matchesQual(connection.name, qual)) return false;
          continue;
        }
        const connectionValue = connectionColumns.get(qual.column);
        const value = connectionValue && (await connectionValue(connection));
        // Unknown: the connection is read and the engine's WHERE tests its rows.
        if (value !== undefined && !matchesQual(value, qual)) return false;
      }
      return true;
    }),
  );
  const chosen = connections.filter((_connection, index) => picked[index]);
  const told = new Set<string>();
  const tell = request.notice;
  const once: ScanRequest = {
    ...request,
    now: request.now ?? Date.now(),
    notice:
      tell &&
      ((message) => {
        if (told.has(message)) return;
        told.add(message);
        tell(message);
      }),
  };
  yield* merge(chosen.map((connection) => scanConnection(table, connection, once, stats)));
}

type ConnectionValue = NonNullable<ColumnDef<unknown>['connectionValue']>;
const connectionValuesByTable = new WeakMap<TableDef, ReadonlyMap<string, ConnectionValue>>();

/** The table's columns whose value is the connection's, by name. */
function connectionValues(table: TableDef): ReadonlyMap<string, ConnectionValue> {
  let values = connectionValuesByTable.get(table);
  if (!values) {
    values = new Map(
      table.columns.flatMap((column) =>
        column.connectionValue ? [[column.name, column.connectionValue] as const] : [],
      ),
    );
    connectionValuesByTable.set(table, values);
  }
  return values;
}

async function* scanConnection(
  table: TableDef,
  connection: ConnectionHandle,
  request: ScanRequest,
  stats: ScanStats,
): AsyncGenerator<readonly Row[]> {
  stats.connections.add(connection.name);
  const record: ScanRecord = {
    table: table.name,
    connection: connection.name,
    cacheHit: false,
    rowsFetched: 0,
    hydrateCalls: 0,
    started: { at: performance.now(), wallClock: Date.now() },
    durationMs: 0,
    columns:
      request.columns === 'all' ? allColumns(table).map((column) => column.name) : [...request.columns],
    limit: request.limit,
    quals: request.quals,
  };
  stats.records.push(record);
  try {
    const { hydrates, fetched, lookup } = scanLookup(table, connection, request);
    const cacheable = connection.cache.enabled && table.cache !== false;
    let cached = cacheable ? connection.cache.get(lookup) : undefined;
    // A fetch of the same rows in flight (another `serve` client's, say) is waited for:
    // identical statements at once cost one fetch, not one each. The check and the mark below run
    // with no await between them, so two scans started together never both fetch.
    for (let inFlight = cacheable && !cached && connection.cache.inFlight(lookup); inFlight; ) {
      await untilEnded(inFlight, request.signal);
      cached = connection.cache.get(lookup);
      // Not kept (failed, stopped early, too large for the cache): another waiter may have taken over.
      inFlight = !cached && connection.cache.inFlight(lookup);
    }
    if (cached) {
      record.cacheHit = true;
      record.rowsFetched = cached.length;
      yield cached;
      return;
    }
    // Rows are kept for the cache only when it is on: a streaming export of 100,000 rows keeps none.
    const rows: Row[] | undefined = cacheable ? [] : undefined;
    const fill = connectionFill(table, connection, request.columns);
    const countHydrate = () => {
      record.hydrateCalls++;
    };
    const kept = { ...lookup, fields: fetched };
    const ended = rows ? connection.cache.fetching(kept) : undefined;
    try {
      for await (const page of fetchRows(table, connection, request, hydrates, fetched, countHydrate)) {
        await fill(page);
        if (rows) for (const row of page) rows.push(row);
        record.rowsFetched += page.length;
        yield page;
      }
      if (rows) connection.cache.set(kept, rows);
    } finally {
      ended?.();
    }
  } finally {
    record.durationMs = performance.now() - record.started.at;
  }
}

/** Waits for a fetch in flight to end; this scan's own cancel or timeout stops the wait. */
function untilEnded(ended: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return ended;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void ended.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/**
 * What a scan of one connection needs: the hydrates its columns need, the item fields it fetches,
 * and the cache lookup that would serve it (a plan asks the cache the same question).
 */
export function scanLookup(
  table: TableDef,
  connection: ConnectionHandle,
  request: Pick<ScanRequest, 'quals' | 'columns' | 'limit'>,
): { hydrates: Set<string>; fetched: readonly string[] | undefined; lookup: CacheLookup } {
  const hydrates = neededHydrates(table, request.columns);
  // Lists that can return some fields never fetch those no column reads; with the cache on, they
  // fetch every column's fields so the cached rows serve later queries, else just the query's.
  const fields = table.list.fields ? itemFields(table, request.columns) : undefined;
  const fetched = connection.cache.enabled && fields ? itemFields(table, 'all') : fields;
  const lookup: CacheLookup = {
    table: table.name,
    quals: request.quals,
    hydrates,
    fields,
    limit: request.limit,
  };
  return { hydrates, fetched, lookup };
}

/**
 * Fills the selected columns that have a connection's value into the rows that read none from
 * their item; the value is asked for only when a row needs it, and once per scan.
 */
function connectionFill(
  table: TableDef,
  connection: ConnectionHandle,
  columns: ReadonlySet<string> | 'all',
): (page: Row[]) => Promise<void> {
  const filled = table.columns.filter(
    (column) => column.connectionValue && (columns === 'all' || columns.has(column.name)),
  );
  if (filled.length === 0) return async () => {};
  const values = new Map<string, Promise<unknown>>();
  return async (page) => {
    for (const column of filled) {
      if (!page.some((row) => row[column.name] === null)) continue;
      let value = values.get(column.name);
      if (!value) {
        const convert = converterFor(column.type, column);
        value = Promise.resolve(column.connectionValue!(connection)).then(convert);
        values.set(column.name, value);
      }
      const resolved = await value;
      for (const row of page) if (row[column.name] === null) row[column.name] = resolved;
    }
  };
}

async function* fetchRows(
  table: TableDef,
  connection: ConnectionHandle,
  request: ScanRequest,
  hydrates: ReadonlySet<string>,
  fields: readonly string[] | undefined,
  countHydrate: () => void,
): AsyncGenerator<Row[]> {
  const ctx = scanContext(table, connection, request, fields);
  // Contradictory equalities (a = 'x' and a = 'y') select nothing: no call at all.
  const equalityColumns = new Set(
    request.quals.filter((qual) => qual.operator === '=').map((qual) => qual.column),
  );
  if ([...equalityColumns].some((column) => ctx.equals(column)?.length === 0)) return;

  const getKeys = table.get ? ctx.equals(table.get.keyColumn) : undefined;
  const getMode = table.get !== undefined && getKeys !== undefined;
  const pages: AsyncIterable<unknown[]> = getMode
    ? singletons(fetchByKeys(table, ctx, getKeys.map(String)))
    : pagesOf(table.list.run(ctx));

  const active = Object.entries(table.hydrates ?? {}).filter(([name]) => hydrates.has(name));
  if (active.length === 0) {
    for await (const page of pages) yield page.map((item) => buildRow(table, connection, item, {}));
    return;
  }

  // A batch hydrate (one listing for all items) needs every item first, and pays off only for
  // more than a few items; for a handful, per-item calls cost fewer requests.
  let batched = getMode ? [] : active.filter(([, hydrate]) => hydrate.batch);
  let source: AsyncIterable<unknown> = flatten(pages);
  const lookups: Record<string, (item: unknown) => unknown> = {};
  if (batched.length > 0) {
    const all: unknown[] = [];
    for await (const page of pages) for (const item of page) all.push(item);
    if (all.length <= BATCH_THRESHOLD) batched = [];
    for (const [name, hydrate] of batched) {
      countHydrate();
      lookups[name] = await hydrate.batch!(all, ctx);
    }
    source = toAsync(all);
  }
  const perItem = active.filter(([name]) => !batched.some(([batchedName]) => batchedName === name));
  // Hydrated rows come one by one, as their calls end: the calls, not the awaits, cost here.
  yield* singletons(
    mapConcurrent(source, HYDRATE_CONCURRENCY, async (item) => {
      const results: Record<string, unknown> = {};
      for (const [name, lookup] of Object.entries(lookups)) results[name] = lookup(item);
      await Promise.all(
        perItem.map(async ([name, hydrate]) => {
          if (getMode && hydrate.sameAsGet) {
            results[name] = item;
            return;
          }
          countHydrate();
          results[name] = await hydrate.run(item, ctx);
        }),
      );
      return buildRow(table, connection, item, results);
    }),
  );
}

/** A list's items a page at a time: its own pages if it has them, else each item as a page. */
function pagesOf<T>(items: AsyncIterable<T> | PagedIterable<T>): AsyncIterable<T[]> {
  return 'pages' in items && typeof items.pages === 'function' ? items.pages() : singletons(items);
}

async function* singletons<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const item of items) yield [item];
}

async function* flatten<T>(pages: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const page of pages) yield* page;
}

async function* fetchByKeys(
  table: TableDef,
  ctx: ScanContext<unknown>,
  keys: string[],
): AsyncGenerator<unknown> {
  const distinct = [...new Set(keys)].filter((key) => key !== '');
  for await (const item of mapConcurrent(distinct, GET_CONCURRENCY, (key) => table.get!.run(key, ctx))) {
    if (item !== null && item !== undefined) yield item;
  }
}

function scanContext(
  table: TableDef,
  connection: ConnectionHandle,
  request: ScanRequest,
  fields: readonly string[] | undefined,
): ScanContext<unknown> {
  const filters = table.columns.flatMap((column) => {
    const values = column.filter ? equalValues(request.quals, column.name) : undefined;
    if (!column.filter || !values || values.length === 0) return [];
    return [{ field: column.filter, values: values.map((value) => filterValue(column, value)) }];
  });
  return {
    connection,
    quals: request.quals,
    equals: (column) => equalValues(request.quals, column),
    filters,
    limit: request.limit,
    signal: request.signal,
    fields,
    notice: request.notice ?? (() => {}),
    now: request.now ?? Date.now(),
  };
}

/**
 * The item fields the query's columns read: the first step of each column's path, or what a
 * function column declares. Undefined (whole items) when a function column declares nothing.
 */
function itemFields(table: TableDef, columns: ReadonlySet<string> | 'all'): string[] | undefined {
  const fields = new Set<string>();
  for (const column of table.columns) {
    if (
      column.hydrate ||
      (column.connectionValue && column.from === undefined) ||
      (columns !== 'all' && !columns.has(column.name))
    )
      continue;
    if (typeof column.from === 'function') {
      if (!column.fields) return undefined;
      for (const field of column.fields) fields.add(field);
    } else {
      fields.add((column.from ?? column.name).split('.')[0]!);
    }
  }
  return [...fields];
}

/** Qual constants arrive as text; API filters want the field's own type. */
function filterValue(column: ColumnDef<unknown>, value: unknown): string | number | boolean {
  if (column.type === 'bool') return value === true || value === 'true' || value === 't';
  if (column.type === 'int' || column.type === 'double') return Number(value);
  return String(value);
}

function buildRow(
  table: TableDef,
  connection: ConnectionInfo<unknown>,
  item: unknown,
  hydrated: Record<string, unknown>,
): Row {
  const row: Row = {};
  for (const read of rowReaders(table)) read(row, item, hydrated, connection);
  const ctx = connectionContext(connection);
  row.sp_connection_name = connection.name;
  row.sp_ctx = ctx;
  row._ctx = ctx;
  return row;
}

const contexts = new WeakMap<ConnectionInfo<unknown>, Readonly<Record<string, unknown>>>();

/** `sp_ctx`: one frozen object per connection, shared by its rows rather than made for each. */
function connectionContext(connection: ConnectionInfo<unknown>): Readonly<Record<string, unknown>> {
  let ctx = contexts.get(connection);
  if (!ctx) {
    ctx = Object.freeze({ connection_name: connection.name, ...connection.context });
    contexts.set(connection, ctx);
  }
  return ctx;
}

type ColumnReader = (
  row: Row,
  item: unknown,
  hydrated: Record<string, unknown>,
  connection: ConnectionInfo<unknown>,
) => void;

const readersByTable = new WeakMap<TableDef, ColumnReader[]>();

/**
 * One reader per column, decided once per table rather than per row and column: a scan of
 * 10,000 users builds 400,000 values, and the per-value branching showed in profiles.
 */
function rowReaders(table: TableDef): ColumnReader[] {
  let readers = readersByTable.get(table);
  if (!readers) {
    readers = table.columns.map(columnReader);
    readersByTable.set(table, readers);
  }
  return readers;
}

function columnReader(column: ColumnDef<unknown>): ColumnReader {
  const { name, hydrate, from, connectionValue } = column;
  const convert = converterFor(column.type, column);
  // Without a `from`, the value is the connection's alone: the scan fills it (connectionFill).
  if (connectionValue && from === undefined)
    return (row) => {
      row[name] = null;
    };
  if (typeof from === 'function') {
    if (!hydrate)
      return (row, item, _h, connection) => {
        row[name] = convert(from(item, undefined, connection));
      };
    return (row, item, hydrated, connection) => {
      row[name] = hydrate in hydrated ? convert(from(item, hydrated[hydrate], connection)) : null;
    };
  }
  const path = from ?? name;
  const read = column.type === 'bool' ? readFlag : readPath;
  if (hydrate)
    return (row, _item, hydrated) => {
      row[name] = hydrate in hydrated ? convert(read(hydrated[hydrate], path)) : null;
    };
  if (!path.includes('.') && column.type !== 'bool')
    return (row, item) => {
      row[name] = convert(
        item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[path] : undefined,
      );
    };
  return (row, item) => {
    row[name] = convert(read(item, path));
  };
}

/** The hydrates a scan of these columns runs. */
export function neededHydrates(table: TableDef, columns: ReadonlySet<string> | 'all'): Set<string> {
  const needed = new Set<string>();
  for (const column of table.columns) {
    if (column.hydrate && (columns === 'all' || columns.has(column.name))) needed.add(column.hydrate);
  }
  return needed;
}

async function* toAsync<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** Interleaves several async generators, reading them concurrently; an error in one ends all. */
async function* merge<T>(sources: AsyncGenerator<T>[]): AsyncGenerator<T> {
  if (sources.length === 1) {
    yield* sources[0]!;
    return;
  }
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<T> }>>();
  const pull = (index: number) =>
    pending.set(
      index,
      sources[index]!.next().then((result) => ({ index, result })),
    );
  for (let index = 0; index < sources.length; index++) pull(index);
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done) pending.delete(index);
      else {
        pull(index);
        yield result.value;
      }
    }
  } finally {
    // Not awaited: a source waiting on a stalled request would hold up the error (or the early
    // stop) until that request timed out; the statement's signal aborts what it still runs.
    for (const promise of pending.values()) promise.catch(() => {});
    for (const source of sources) source.return(undefined).catch(() => {});
  }
}
