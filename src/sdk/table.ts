import { ColumnType } from './column-type.js';
import type { Qual } from './quals.js';
import type { ZeroValues } from './values.js';

/** What a table's functions see of the connection they run on. `Client` is whatever the tables talk to. */
export interface ConnectionInfo<Client> {
  name: string;
  /** The organization the connection reads (from config or env), when known. */
  orgId: string | undefined;
  client: Client;
  /**
   * What the rows' `sp_ctx` says after `connection_name` (whoever builds the connection names
   * itself here, e.g. its version); frozen, as rows share it.
   */
  context?: Readonly<Record<string, unknown>>;
}

export interface ScanContext<Client> {
  connection: ConnectionInfo<Client>;
  quals: readonly Qual[];
  /** Values of `=`/IN quals on a column, or undefined when the query has none. */
  equals(column: string): unknown[] | undefined;
  /** API filters derived from quals on columns that declare `filter`. */
  filters: Array<{ field: string; values: Array<string | number | boolean> }>;
  limit: number | undefined;
  signal: AbortSignal | undefined;
  /**
   * The item fields the query's columns read, for a list that declares `fields: true` and can
   * ask the API for just those (v1 `fields`); undefined when whole items are needed.
   */
  fields: readonly string[] | undefined;
  /**
   * Tells the user one line about how the table read (stderr in the CLI); ignored where there is
   * no one to tell. A scan over several connections tells each distinct line once.
   */
  notice: (message: string) => void;
  /** The scan's clock (ms), the same for every connection it reads: defaults relative to now agree. */
  now: number;
}

export interface ColumnDef<Item> extends ZeroValues {
  name: string;
  type: ColumnType;
  description: string;
  /**
   * Where the value comes from: a dotted path into the API item (the default is the column's
   * name), or a function of the item, the named hydrate's result and the connection.
   */
  from?: string | ((item: Item, hydrated: unknown, connection: ConnectionInfo<unknown>) => unknown);
  /** The hydrate that supplies this column; it runs only when the column is selected. */
  hydrate?: string;
  /** The API field that an `=`/IN qual on this column can filter on server-side (exactly). */
  filter?: string;
  /**
   * A timestamp column whose range the list can narrow by: the planner evaluates the constants of
   * `<`, `<=`, `>`, `>=` and BETWEEN conditions on it (`now() - interval '7 days'`, dates) and hands
   * them over as quals with RFC 3339 values, widened where the engine's own now() may differ.
   * They only narrow what is read: the engine's WHERE still decides.
   */
  rangeQuals?: boolean;
  /**
   * A JSON column's keys whose text (`col->>'key'`, SQLite's `json_extract(col, '$.key')`) the
   * planner hands over when compared with constants, as quals on the column `pathQualColumn(col,
   * key)`. They only narrow what is read: the engine's WHERE still decides.
   */
  pathQuals?: readonly string[];
  /**
   * The connection's value of the column (it may take a call, made once and only when needed):
   * a qual on the column picks the connections a scan reads by it, and a row whose `from` gives
   * nothing (or that has no `from`) takes it. A connection whose value is unknown (undefined) is
   * read, and its rows decide.
   */
  connectionValue?: (connection: ConnectionInfo<unknown>) => string | undefined | Promise<string | undefined>;
  /**
   * The item fields a function `from` reads, so the list can fetch only what the query uses.
   * A function without it makes such a query fetch whole items.
   */
  fields?: readonly string[];
}

export interface HydrateDef<Item, Client> {
  /**
   * Where its call goes, for plans made without calling (`plan`): descriptive only. A list: the
   * call goes to one of these endpoints, chosen by the row (or to none).
   */
  requests?: RequestTarget | readonly RequestTarget[];
  /** One call for one item. */
  run: (item: Item, ctx: ScanContext<Client>) => Promise<unknown>;
  /** Optional: one call for many items (e.g. one listing instead of N gets); returns a lookup. */
  batch?: (items: Item[], ctx: ScanContext<Client>) => Promise<(item: Item) => unknown>;
  /** In get mode the item already is what this hydrate would fetch (Steampipe's Get-as-hydrate). */
  sameAsGet?: boolean;
}

/** Items that can also be read a page at a time: one await a page instead of one an item. */
export interface PagedIterable<Item> extends AsyncIterable<Item> {
  pages(): AsyncIterable<Item[]>;
}

// A registry holds tables of different item and client types; their functions take those types as
// parameters, which only `any` lets a TableDef<X, Y> be used where a TableDef is expected.
// biome-ignore lint/suspicious/noExplicitAny: see above
export interface TableDef<Item = any, Client = any> {
  name: string;
  description: string;
  columns: ColumnDef<Item>[];
  list: {
    /** Columns whose `=`/IN quals the list function uses exactly (e.g. device_id). */
    keyColumns?: string[];
    /** The list honours `ctx.fields`, returning only those fields (and the id) of each item. */
    fields?: boolean;
    /** The items; a list that can also hand them out a page at a time (`pages()`) is read so. */
    run: (ctx: ScanContext<Client>) => AsyncIterable<Item> | PagedIterable<Item>;
    /** Where its requests go, for plans made without making them (`plan`): descriptive only. */
    requests?: ListRequests;
  };
  get?: {
    keyColumn: string;
    /** Where a get goes, for plans (`plan`): descriptive only. */
    requests?: RequestTarget;
    run: (key: string, ctx: ScanContext<Client>) => Promise<Item | null>;
  };
  hydrates?: Record<string, HydrateDef<Item, Client>>;
  /**
   * false: rows are never kept in the scan cache, for a table whose unqualified scan is not the
   * whole table (a default time window) and so could not answer another query's quals.
   */
  cache?: boolean;
}

/** One endpoint a table's function calls, as the API names it (`GET /things/{id}`). */
export interface RequestTarget {
  endpoint: string;
  /** A list read whole, a page of up to this many items a request (absent: one request). */
  pageSize?: number;
}

/** A sub-list read for each `=`/IN value of a key column (a parent's members, a command's results). */
export type KeyedRequests = { column: string } & Required<RequestTarget>;

/**
 * Where a list's requests go:
 * - a paged list; with `keys`, the first key column with `=`/IN values reads one sub-list per value
 *   instead; `readsNothing` tells the conditions under which it sends no request at all (a time
 *   window that cannot hold a row);
 * - a fan-out: a sub-list per parent, by the first key column with `=`/IN values, else every
 *   parent listed, then each one's sub-list by `scanKey`;
 * - a union: the rows of several lists, one per value of `column`; `=`/IN on it reads only those.
 */
export type ListRequests =
  | ({
      kind: 'list';
      keys?: KeyedRequests[];
      readsNothing?: (quals: readonly Qual[]) => boolean;
    } & Required<RequestTarget>)
  | {
      kind: 'fan-out';
      parents: Required<RequestTarget>;
      keys: KeyedRequests[];
      scanKey: string;
    }
  | { kind: 'union'; column: string; parts: Readonly<Record<string, ListRequests>> };

/** The columns every table gets after its own, as Steampipe's SDK adds them. */
export const CONNECTION_COLUMNS: ReadonlyArray<Pick<ColumnDef<unknown>, 'name' | 'type' | 'description'>> = [
  { name: 'sp_connection_name', type: 'string', description: 'Steampipe connection name.' },
  { name: 'sp_ctx', type: 'json', description: 'Steampipe context in JSON form.' },
  { name: '_ctx', type: 'json', description: 'Steampipe context in JSON form (deprecated: use sp_ctx).' },
];

export class TableDefinitionError extends Error {
  override name = 'TableDefinitionError';
}

const SNAKE = /^[a-z_][a-z0-9_]*$/;
const RESERVED = new Set(CONNECTION_COLUMNS.map((column) => column.name));

/** Checks a table once, at load: names, types, key columns and hydrate references. */
export function defineTable<Item, Client>(table: TableDef<Item, Client>): TableDef<Item, Client> {
  const fail = (what: string) => {
    throw new TableDefinitionError(`table ${table.name}: ${what}`);
  };
  if (!SNAKE.test(table.name)) fail('name must be snake_case');
  const names = new Set<string>();
  const types = new Set<string>(Object.values(ColumnType));
  for (const column of table.columns) {
    if (!SNAKE.test(column.name)) fail(`column ${column.name}: name must be snake_case`);
    if (names.has(column.name)) fail(`column ${column.name} is declared twice`);
    if (RESERVED.has(column.name)) fail(`column ${column.name} is reserved`);
    if (!types.has(column.type)) fail(`column ${column.name}: unknown type ${column.type}`);
    if (!column.description) fail(`column ${column.name} has no description`);
    if (column.connectionValue && column.hydrate !== undefined)
      fail(`column ${column.name}: a connection's value has no hydrate`);
    if (column.rangeQuals && column.type !== 'timestamp')
      fail(`column ${column.name}: only a timestamp column takes range quals`);
    if (column.pathQuals && column.type !== 'json')
      fail(`column ${column.name}: only a JSON column takes path quals`);
    if (column.hydrate && !table.hydrates?.[column.hydrate])
      fail(`column ${column.name}: no hydrate ${column.hydrate}`);
    names.add(column.name);
  }
  for (const key of table.list.keyColumns ?? [])
    if (!names.has(key)) fail(`list key column ${key} is not a column`);
  if (table.get && !names.has(table.get.keyColumn))
    fail(`get key column ${table.get.keyColumn} is not a column`);
  return Object.freeze(table);
}

/** Every column of a table as engines see it: its own, then the connection columns. */
export function allColumns(
  table: TableDef,
): Array<Pick<ColumnDef<unknown>, 'name' | 'type' | 'description'>> {
  return [...table.columns, ...CONNECTION_COLUMNS];
}
