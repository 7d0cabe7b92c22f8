import { isNotFound } from './errors.js';
import { type FieldFilter, v1FilterQuery, v2FilterQuery } from './filters.js';
import { HttpClient, type HttpClientOptions } from './http.js';
import { paginateV1, paginateV2 } from './paginate.js';
import type * as T from './types.js';

export { isNotFound, JumpCloudApiError } from './errors.js';
export type { FieldFilter } from './filters.js';
export { HttpClient, type HttpClientOptions } from './http.js';
export { PAGE_SIZE, PagedList, paginateV1, paginateV2 } from './paginate.js';
export { type Region, regionOrigin } from './regions.js';
export type * from './types.js';

export interface ListOptions {
  filters?: FieldFilter[];
  /** v1 lists: return only these fields of each item (and its `_id`); all fields when undefined. */
  fields?: readonly string[] | undefined;
  limit?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** System Insights pages may hold 10,000 rows (the spec's maximum for these tables). */
const SYSTEM_INSIGHTS_PAGE_SIZE = 10_000;

/**
 * The JumpCloud endpoints jcsql reads, typed. Every list is a PagedList, iterated by item or by
 * page: stop iterating and the paging stops. A get answers null for an unknown id (404).
 */
export class JumpCloudClient {
  readonly http: HttpClient;

  constructor(options: HttpClientOptions | HttpClient) {
    this.http = options instanceof HttpClient ? options : new HttpClient(options);
  }

  listUsers(options: ListOptions = {}) {
    return this.#v1List<T.SystemUser>('/api/systemusers', options);
  }
  getUser(id: string, signal?: AbortSignal) {
    return this.#get<T.SystemUser>(`/api/systemusers/${encodeURIComponent(id)}`, signal);
  }

  listSystems(options: ListOptions = {}) {
    return this.#v1List<T.System>('/api/systems', options);
  }
  getSystem(id: string, signal?: AbortSignal) {
    return this.#get<T.System>(`/api/systems/${encodeURIComponent(id)}`, signal);
  }

  listApplications(options: ListOptions = {}) {
    return this.#v1List<T.Application>('/api/applications', options);
  }
  getApplication(id: string, signal?: AbortSignal) {
    return this.#get<T.Application>(`/api/applications/${encodeURIComponent(id)}`, signal);
  }
  applicationUserGroups(id: string, signal?: AbortSignal) {
    return this.#v2All<T.GraphObjectWithPaths>(
      `/api/v2/applications/${encodeURIComponent(id)}/usergroups`,
      signal,
    );
  }

  /** The organizations endpoints refuse x-org-id (403), so it is never sent to them. */
  listOrganizations(options: ListOptions = {}) {
    return this.#v1List<T.OrganizationListItem>('/api/organizations', options, false);
  }
  getOrganization(id: string, signal?: AbortSignal) {
    return this.#get<T.Organization>(`/api/organizations/${encodeURIComponent(id)}`, signal, false);
  }

  listRadiusServers(options: ListOptions = {}) {
    return this.#v1List<T.RadiusServer>('/api/radiusservers', options);
  }
  radiusServerUserGroups(id: string, signal?: AbortSignal) {
    return this.#v2All<T.GraphObjectWithPaths>(
      `/api/v2/radiusservers/${encodeURIComponent(id)}/usergroups`,
      signal,
    );
  }
  radiusServerUsers(id: string, signal?: AbortSignal) {
    return this.#v2All<T.GraphObjectWithPaths>(
      `/api/v2/radiusservers/${encodeURIComponent(id)}/users`,
      signal,
    );
  }

  listUserGroups(options: ListOptions = {}) {
    return paginateV2<T.UserGroup>(this.http, '/api/v2/usergroups', {
      query: v2FilterQuery(options.filters ?? []),
      limit: options.limit,
      signal: options.signal,
    });
  }
  getUserGroup(id: string, signal?: AbortSignal) {
    return this.#get<T.UserGroup>(`/api/v2/usergroups/${encodeURIComponent(id)}`, signal);
  }
  userGroupMembers(id: string, signal?: AbortSignal) {
    return this.#v2All<T.GraphConnection>(`/api/v2/usergroups/${encodeURIComponent(id)}/members`, signal);
  }

  /** One System Insights table (`apps`, `programs`, `linux_packages`, `system_info`, …), all devices or some. */
  systemInsights<Row>(table: string, options: ListOptions = {}) {
    return paginateV2<Row>(this.http, `/api/v2/systeminsights/${table}`, {
      query: v2FilterQuery(options.filters ?? []),
      limit: options.limit,
      signal: options.signal,
      pageSize: SYSTEM_INSIGHTS_PAGE_SIZE,
    });
  }

  #v1List<Item>(path: string, options: ListOptions, sendOrgId = true) {
    // v1 `fields` is space-separated; `_id` is always asked for, as paging dedupes by it.
    const fields = options.fields && [...new Set(['_id', ...options.fields])].join(' ');
    return paginateV1<Item>(this.http, path, {
      query: { ...v1FilterQuery(options.filters ?? []), fields },
      limit: options.limit,
      signal: options.signal,
      sendOrgId,
    });
  }

  async #v2All<Item>(path: string, signal: AbortSignal | undefined): Promise<Item[]> {
    const items: Item[] = [];
    for await (const page of paginateV2<Item>(this.http, path, { signal }).pages()) {
      for (const item of page) items.push(item);
    }
    return items;
  }

  async #get<Item>(path: string, signal: AbortSignal | undefined, sendOrgId = true): Promise<Item | null> {
    try {
      return await this.http.get<Item>(path, { signal, sendOrgId });
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}
