import {
  type EndpointRef,
  type GraphConnection,
  type JumpCloudClient,
  type ListEndpoint,
  type PathParams,
  pathParams,
} from '../client/index.js';
import {
  type ColumnDef,
  col,
  defineTable,
  type HydrateDef,
  type ScanContext,
  type TableDef,
  TableDefinitionError,
} from '../sdk/index.js';

export type Ctx = ScanContext<JumpCloudClient>;

/**
 * `organization_id`: the organization of the connection that read the row (config or env); a
 * qual on it picks the connections to read.
 */
export const organizationIdColumn = <Item>(): ColumnDef<Item> =>
  col.string('organization_id', 'Specifies the ID of the organization.', {
    connectionValue: (connection) => connection.orgId,
  });

export const titleColumn = <Item>(from: string): ColumnDef<Item> =>
  col.string('title', 'Title of the resource.', { from });

/** A `from` for a column that is its hydrate's whole result (a string `from` reads a path of it). */
export const hydrated = (_item: unknown, result: unknown): unknown => result;

/** A JumpCloud table described as data: where its rows are listed and where one is read by id. */
export interface ApiTable<Item> extends Omit<TableDef<Item, JumpCloudClient>, 'list' | 'get'> {
  /**
   * The list endpoint and its paging. Equality quals on columns that declare `filter` become API
   * filters; a v1 list is asked only for the fields the query's columns read.
   */
  list: ListEndpoint & Pick<TableDef['list'], 'keyColumns'>;
  /** The object endpoint, its one `{…}` placeholder filled by `id`: `id = …` / `IN (…)` read it. */
  get?: EndpointRef;
}

/** The SDK table of an ApiTable: its list, get and hydrate functions all call the generic client. */
export function apiTable<Item>(table: ApiTable<Item>): TableDef<Item, JumpCloudClient> {
  const { list, get, ...rest } = table;
  const { keyColumns, ...endpoint } = list;
  return defineTable<Item, JumpCloudClient>({
    ...rest,
    list: {
      ...(keyColumns && { keyColumns }),
      fields: endpoint.paging === 'v1',
      run: (ctx) =>
        ctx.connection.client.list<Item>(endpoint, {
          filters: ctx.filters,
          fields: ctx.fields,
          limit: ctx.limit,
          signal: ctx.signal,
        }),
    },
    ...(get && { get: { keyColumn: 'id', run: getById<Item>(get) } }),
  });
}

function getById<Item>(get: EndpointRef) {
  const params = paramsOf(get);
  return (id: string, ctx: Ctx) => ctx.connection.client.get<Item>(get, params(id), ctx.signal);
}

/**
 * The hydrate that reads each item's object (`get`, filled with the item's `idField`), for columns
 * the list does not carry; when the row was read by id it already is that object.
 */
export function detailHydrate<Item extends ApiObject>(
  get: EndpointRef,
  idField: keyof Item & string,
): HydrateDef<Item, JumpCloudClient> {
  const params = paramsOf(get);
  return {
    run: (item, ctx) => ctx.connection.client.get(get, params(String(item[idField])), ctx.signal),
    sameAsGet: true,
  };
}

/**
 * The hydrate that reads each item's v2 sub-list (its associations or members: `path`, filled with
 * the item's `idField`), all its pages; `pick` maps each entry (a member list's `to`).
 */
export function associationHydrate<Item extends ApiObject, Entry = GraphConnection>(
  path: string,
  idField: keyof Item & string,
  pick: (entry: Entry) => unknown = (entry) => entry,
): HydrateDef<Item, JumpCloudClient> {
  const params = paramsOf(path);
  return {
    run: async (item, ctx) =>
      (await ctx.connection.client.all<Entry>(path, params(String(item[idField])), ctx.signal)).map(pick),
  };
}

type ApiObject = Record<string, unknown>;

/** The params of a path with exactly one `{…}` placeholder, from its value; checked when a table loads. */
function paramsOf(endpoint: EndpointRef): (value: string) => PathParams {
  const path = typeof endpoint === 'string' ? endpoint : endpoint.path;
  const names = pathParams(path);
  if (names.length !== 1)
    throw new TableDefinitionError(`${path}: expected one {…} placeholder, found ${names.length}`);
  const name = names[0]!;
  return (value) => ({ [name]: value });
}

/** The hydrate of a group's direct members (`path`: its v2 members list): each member's `to` object. */
export const groupMembersHydrate = <Item extends ApiObject & { id: string }>(path: string) =>
  associationHydrate<Item>(path, 'id', (member: GraphConnection) => member.to);
