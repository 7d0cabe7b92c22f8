import { type EndpointRef, endpointOf, expandPath, type ListEndpoint, type PathParams } from './endpoints.js';
import { isNotFound } from './errors.js';
import { type EventPageOptions, type EventQuery, paginateEvents } from './events.js';
import { type FieldFilter, v1FilterQuery, v2FilterQuery } from './filters.js';
import { HttpClient, type HttpClientOptions } from './http.js';
import { PAGE_SIZE, type PagedList, paginateV1, paginateV2 } from './paginate.js';

export {
  type Endpoint,
  type EndpointRef,
  endpointOf,
  expandPath,
  type ListEndpoint,
  type Paging,
  type PathParams,
  pathParams,
} from './endpoints.js';
export { isNotFound, JumpCloudApiError } from './errors.js';
export {
  DIRECTORY_EVENTS_PATH,
  EVENTS_PAGE_SIZE,
  type EventPageOptions,
  type EventQuery,
  paginateEvents,
} from './events.js';
export type { FieldFilter } from './filters.js';
export { HttpClient, type HttpClientOptions } from './http.js';
export { PAGE_SIZE, PagedList, paginateV1, paginateV2 } from './paginate.js';
export { type Region, regionInsightsOrigin, regionOrigin } from './regions.js';
export type * from './types.js';

export interface ListOptions {
  /** Values for the list path's `{name}` placeholders. */
  params?: PathParams;
  filters?: FieldFilter[];
  /** v1 lists: return only these fields of each item (and its `_id`); all fields when undefined. */
  fields?: readonly string[] | undefined;
  limit?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Further query parameters the list requires (e.g. an associations list's `targets`). */
  query?: Readonly<Record<string, string>> | undefined;
}

/** System Insights pages may hold 10,000 rows (the spec's maximum for these tables). */
const SYSTEM_INSIGHTS_PAGE_SIZE = 10_000;

/** How many items a page of a list of that paging holds. */
export const pageSizeOf = (paging: ListEndpoint['paging']): number =>
  paging === 'insights' ? SYSTEM_INSIGHTS_PAGE_SIZE : PAGE_SIZE;

/**
 * Reads any JumpCloud list or object an endpoint description names. Every list is a PagedList,
 * iterated by item or by page: stop iterating and the paging stops. A get answers null for an
 * unknown id (404).
 */
export interface JumpCloudClientOptions extends HttpClientOptions {
  /** Directory Insights' origin when it is not `origin` (a real region's api.jumpcloud.com…). */
  insightsOrigin?: string | undefined;
}

export class JumpCloudClient {
  readonly http: HttpClient;
  /** Directory Insights' client: `http` itself when both are served by one origin (the simulator). */
  readonly insights: HttpClient;

  constructor(options: JumpCloudClientOptions | HttpClient) {
    this.http = options instanceof HttpClient ? options : new HttpClient(options);
    const insightsOrigin = options instanceof HttpClient ? undefined : options.insightsOrigin;
    this.insights =
      options instanceof HttpClient ||
      insightsOrigin === undefined ||
      insightsOrigin.replace(/\/+$/, '') === this.http.origin
        ? this.http
        : new HttpClient({ ...options, origin: insightsOrigin });
  }

  /** Directory Insights events matching a query, all their pages (see paginateEvents). */
  events<Item>(query: EventQuery, options: EventPageOptions = {}): PagedList<Item> {
    return paginateEvents<Item>(this.insights, query, options);
  }

  /** A list, paged as its endpoint says, with API filters, v1 fields and a limit. */
  list<Item>(endpoint: ListEndpoint, options: ListOptions = {}): PagedList<Item> {
    const path = expandPath(endpoint.path, options.params);
    const common = { limit: options.limit, signal: options.signal, sendOrgId: endpoint.sendOrgId };
    const filters = options.filters ?? [];
    const extra = options.query ?? {};
    switch (endpoint.paging) {
      case 'v1': {
        // v1 `fields` is space-separated; `_id` is always asked for, as paging dedupes by it.
        const fields = options.fields && [...new Set(['_id', ...options.fields])].join(' ');
        return paginateV1<Item>(this.http, path, {
          ...common,
          query: { ...extra, ...v1FilterQuery(filters), fields },
        });
      }
      case 'v2':
        return paginateV2<Item>(this.http, path, {
          ...common,
          query: { ...extra, ...v2FilterQuery(filters) },
        });
      case 'insights':
        return paginateV2<Item>(this.http, path, {
          ...common,
          query: { ...extra, ...v2FilterQuery(filters) },
          pageSize: pageSizeOf('insights'),
          // osquery's rows have no id of their own: a field named `id` (a disk's) is not unique.
          idField: null,
        });
    }
  }

  /** One object, or null when the API answers 404. */
  async get<Item>(endpoint: EndpointRef, params: PathParams, signal?: AbortSignal): Promise<Item | null> {
    const { path, sendOrgId } = endpointOf(endpoint);
    try {
      return await this.http.get<Item>(expandPath(path, params), { signal, sendOrgId });
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Every item of a v2 sub-list (an object's associations or members), all its pages. */
  async all<Item>(endpoint: EndpointRef, params: PathParams, signal?: AbortSignal): Promise<Item[]> {
    const items: Item[] = [];
    const list = this.list<Item>({ ...endpointOf(endpoint), paging: 'v2' }, { params, signal });
    for await (const page of list.pages()) {
      for (const item of page) items.push(item);
    }
    return items;
  }
}
