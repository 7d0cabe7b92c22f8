import {
  type EndpointRef,
  endpointOf,
  type GraphConnection,
  JumpCloudClient,
  type ListEndpoint,
  type PathParams,
  pageSizeOf,
  pathParams,
} from '../client/index.js';
import {
  type ColumnDef,
  col,
  defineTable,
  type HydrateDef,
  type RequestTarget,
  readPath,
  type ScanContext,
  type TableDef,
  TableDefinitionError,
} from '../sdk/index.js';

export type Ctx = ScanContext<JumpCloudClient>;

/** The organizations the key sees; the endpoint refuses x-org-id (403), so it is never sent. */
export const organizationsList: ListEndpoint = { path: '/api/organizations', paging: 'v1', sendOrgId: false };

const keyOrganizations = new WeakMap<JumpCloudClient, Promise<string | undefined>>();

/**
 * The organization a key without a configured org reads: the one `/api/organizations` lists (one
 * request per client, kept); unknown when the key sees several.
 */
function keyOrganization(client: JumpCloudClient): Promise<string | undefined> {
  let organization = keyOrganizations.get(client);
  if (!organization) {
    organization = (async () => {
      const seen: string[] = [];
      for await (const org of client.list<{ _id: string }>(organizationsList, { fields: [], limit: 2 }))
        seen.push(org._id);
      return seen.length === 1 ? seen[0] : undefined;
    })();
    keyOrganizations.set(client, organization);
    // A failed request is not kept: the next query asks again.
    organization.catch(() => keyOrganizations.delete(client));
  }
  return organization;
}

/**
 * `organization_id`: the organization of the connection that read the row: the configured one
 * (config or env), else the row's own (`own`, the item field that names it), else the key's
 * (`/api/organizations`, asked only when a row has no own). A qual on it picks the connections to read.
 */
export const organizationIdColumn = <Item>(own?: string): ColumnDef<Item> =>
  col.string('organization_id', 'Specifies the ID of the organization.', {
    from: (item, _hydrated, connection) =>
      connection.orgId ?? (own === undefined ? undefined : readPath(item, own)),
    fields: own === undefined ? [] : [own],
    connectionValue: (connection) =>
      connection.orgId ??
      (connection.client instanceof JumpCloudClient ? keyOrganization(connection.client) : undefined),
  });

export const titleColumn = <Item>(from: string): ColumnDef<Item> =>
  col.string('title', 'Title of the resource.', { from, keepEmpty: true });

/** A `from` for a column that is its hydrate's whole result (a string `from` reads a path of it). */
export const hydrated = (_item: unknown, result: unknown): unknown => result;

/**
 * A `from` for a group's `members`: the hydrate's list, NULL when empty, as the plugin returns
 * it (its docs find unused groups with `members is null`).
 */
export const hydratedMembers = (_item: unknown, result: unknown): unknown =>
  Array.isArray(result) && result.length === 0 ? null : result;

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
      requests: { kind: 'list', ...listTarget(endpoint) },
    },
    ...(get && { get: { keyColumn: 'id', run: getById<Item>(get), requests: getTarget(get) } }),
  });
}

/** A list endpoint as plans name it: `GET /path`, and its page size. */
export const listTarget = (endpoint: ListEndpoint): Required<RequestTarget> => ({
  endpoint: `GET ${endpoint.path}`,
  pageSize: pageSizeOf(endpoint.paging),
});

/** An object endpoint as plans name it. */
export const getTarget = (endpoint: EndpointRef): RequestTarget => ({
  endpoint: `GET ${endpointOf(endpoint).path}`,
});

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
    requests: getTarget(get),
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
    requests: listTarget({ path, paging: 'v2' }),
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
