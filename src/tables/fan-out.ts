import {
  type EndpointRef,
  type FieldFilter,
  isNotFound,
  type JumpCloudClient,
  type ListEndpoint,
  pathParams,
} from '../client/index.js';
import {
  defineTable,
  mapConcurrent,
  type PagedIterable,
  readPath,
  type ScanContext,
  type TableDef,
  TableDefinitionError,
} from '../sdk/index.js';

import { listTarget } from './common.js';

type Ctx = ScanContext<JumpCloudClient>;
type ApiObject = Record<string, unknown>;

/** How many parents' sub-lists a full scan reads at once (the HTTP client bounds requests too). */
const PARENT_CONCURRENCY = 10;

/** The parent a sub-list belongs to: its id, and its listed object when a full scan listed it. */
export interface ParentRef {
  id: string;
  item?: ApiObject;
}

/** A way in: `column = …` / `IN (…)` reads only those parents' sub-lists. */
export interface FanOutKey<Row> {
  column: string;
  /** The parent's sub-list; its one `{…}` placeholder is filled with the parent's id. */
  list: ListEndpoint;
  /** Extra query parameters the sub-list needs (e.g. an associations list's `targets`). */
  query?: Readonly<Record<string, string>>;
  /** The row of one entry of the sub-list. */
  row: (entry: ApiObject, parent: ParentRef) => Row;
}

/**
 * A table whose rows are sub-lists of other objects (a group's members, a user's devices, a
 * policy's results): rows of an object's sub-list, for every object. Equality quals on columns
 * that declare `filter` are sent to each sub-list as API filters.
 */
export interface FanOutTable<Row> extends Omit<TableDef<Row, JumpCloudClient>, 'list' | 'get'> {
  /** The ways in, tried in order: the first whose column has `=`/IN values is read. */
  keys: Array<FanOutKey<Row>>;
  /**
   * Without a key: list every parent (`list`, its ids in `idField`, v1 lists asked for `fields`
   * only), then read each one's sub-list through the key named by `key`, a few at a time.
   */
  scan: {
    key: string;
    list: ListEndpoint;
    idField: string;
    fields?: readonly string[];
    /** API filters on the parents' list (`/directories` of one kind). */
    filters?: FieldFilter[];
  };
}

/**
 * The SDK table of a FanOutTable. Every key column's `=`/IN values are applied to the rows here
 * (the planner counts them exact, so a LIMIT may follow them); a parent that is gone (404) has no
 * rows, which is what its sub-list now holds.
 */
export function fanOutTable<Row extends ApiObject>(table: FanOutTable<Row>): TableDef<Row, JumpCloudClient> {
  const { keys, scan, ...rest } = table;
  for (const key of keys) {
    const names = pathParams(key.list.path);
    if (names.length !== 1)
      throw new TableDefinitionError(`${key.list.path}: expected one {…} placeholder, found ${names.length}`);
  }
  const scanKey = keys.find((key) => key.column === scan.key);
  if (!scanKey) throw new TableDefinitionError(`table ${table.name}: scan key ${scan.key} is not a key`);
  return defineTable<Row, JumpCloudClient>({
    ...rest,
    list: {
      keyColumns: keys.map((key) => key.column),
      run: (ctx) => fanOut(ctx, keys, scan, scanKey),
      requests: {
        kind: 'fan-out',
        parents: listTarget(scan.list),
        keys: keys.map((key) => ({ column: key.column, ...listTarget(key.list) })),
        scanKey: scan.key,
      },
    },
  });
}

function fanOut<Row extends ApiObject>(
  ctx: Ctx,
  keys: Array<FanOutKey<Row>>,
  scan: FanOutTable<Row>['scan'],
  scanKey: FanOutKey<Row>,
): PagedIterable<Row> {
  const wanted = keys.flatMap((key) => {
    const values = ctx.equals(key.column);
    return values ? [{ key, values: new Set(values.map(String)) }] : [];
  });
  const keep = (row: Row) => wanted.every(({ key, values }) => values.has(String(row[key.column])));
  const pages = async function* (): AsyncGenerator<Row[]> {
    const chosen = wanted[0];
    const parents: AsyncIterable<ParentRef> | Iterable<ParentRef> = chosen
      ? [...chosen.values].filter((id) => id !== '').map((id) => ({ id }))
      : listParents(ctx, scan);
    const key = chosen?.key ?? scanKey;
    let left = ctx.limit ?? Number.POSITIVE_INFINITY;
    for await (const rows of mapConcurrent(parents, PARENT_CONCURRENCY, (parent) =>
      subList(ctx, key, parent),
    )) {
      const kept = rows.filter(keep).slice(0, left);
      left -= kept.length;
      if (kept.length > 0) yield kept;
      if (left <= 0) return;
    }
  };
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page;
    },
  };
}

async function* listParents(ctx: Ctx, scan: FanOutTable<ApiObject>['scan']): AsyncGenerator<ParentRef> {
  const parents = ctx.connection.client.list<ApiObject>(scan.list, {
    fields: scan.list.paging === 'v1' ? (scan.fields ?? []) : undefined,
    filters: scan.filters,
    signal: ctx.signal,
  });
  for await (const item of parents) yield { id: String(readPath(item, scan.idField)), item };
}

async function subList<Row>(ctx: Ctx, key: FanOutKey<Row>, parent: ParentRef): Promise<Row[]> {
  const name = pathParams(key.list.path)[0]!;
  const rows: Row[] = [];
  try {
    const entries = ctx.connection.client.list<ApiObject>(key.list, {
      params: { [name]: parent.id },
      filters: ctx.filters,
      query: key.query,
      signal: ctx.signal,
    });
    for await (const page of entries.pages()) for (const entry of page) rows.push(key.row(entry, parent));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return rows;
}

const gets = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Reads an object by id at most once per scan, however many rows ask for it (a group's name on
 * each of its members, when the rows were read by the group's id and the group was not listed).
 */
export function getOncePerScan(get: EndpointRef, id: string, ctx: Ctx): Promise<unknown> {
  const path = typeof get === 'string' ? get : get.path;
  const [name] = pathParams(path);
  if (name === undefined) throw new TableDefinitionError(`${path}: expected one {…} placeholder`);
  let byId = gets.get(ctx);
  if (!byId) {
    byId = new Map();
    gets.set(ctx, byId);
  }
  const key = `${path} ${id}`;
  let pending = byId.get(key);
  if (!pending) {
    pending = ctx.connection.client.get(get, { [name]: id }, ctx.signal);
    byId.set(key, pending);
  }
  return pending;
}
