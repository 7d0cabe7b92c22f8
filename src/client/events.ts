import { JumpCloudApiError } from './errors.js';
import type { HttpClient } from './http.js';
import { PagedList } from './paginate.js';

/** Where Directory Insights events are read (a read-only POST). */
export const DIRECTORY_EVENTS_PATH = '/insights/directory/v1/events';

/** The API's largest page of events ("the maximum number of rows you can request is 10,000"). */
export const EVENTS_PAGE_SIZE = 10_000;

/**
 * A Directory Insights query (the spec's EventQuery), without the paging fields the client adds
 * (`limit`, `search_after`). Times are RFC 3339.
 */
export interface EventQuery {
  service: readonly string[];
  start_time: string;
  end_time?: string | undefined;
  /** The spec's SearchTerm: `{and: {field: value | [values]}}`. */
  search_term?: Readonly<Record<string, unknown>> | undefined;
  sort?: 'ASC' | 'DESC' | undefined;
}

export interface EventPageOptions {
  /** Stop after this many events (a pushed-down SQL LIMIT). */
  limit?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Test and benchmark knob only; the API's largest page by default. */
  pageSize?: number;
}

/**
 * Events matching a query, page after page: each page is the same query with the `search_after`
 * of the previous answer's `X-Search_after` header, until a page comes back shorter than asked
 * (the spec's procedure). A full page without a usable `X-Search_after` is an error, never a
 * silently shorter answer.
 */
export function paginateEvents<T>(
  http: HttpClient,
  query: EventQuery,
  options: EventPageOptions = {},
): PagedList<T> {
  const pageSize = options.pageSize ?? EVENTS_PAGE_SIZE;
  return new PagedList(async function* () {
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    let searchAfter: unknown[] | undefined;
    while (remaining > 0) {
      const limit = Math.min(pageSize, remaining);
      const body = { ...query, limit, ...(searchAfter ? { search_after: searchAfter } : {}) };
      const { value, headers } = await http.exchange<unknown>('POST', DIRECTORY_EVENTS_PATH, {
        body,
        signal: options.signal,
      });
      if (!Array.isArray(value)) throw malformed('an answer that is not a list of events');
      const page = value.slice(0, remaining) as T[];
      remaining -= page.length;
      if (page.length > 0) yield page;
      if (value.length < limit) return;
      searchAfter = searchAfterOf(headers['x-search_after']);
      if (!searchAfter) throw malformed('a full page without a usable X-Search_after header');
    }
  });
}

function searchAfterOf(header: string | string[] | undefined): unknown[] | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) && parsed.length > 0 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const malformed = (what: string) =>
  new JumpCloudApiError({ method: 'POST', path: DIRECTORY_EVENTS_PATH, reason: `sent ${what}` });
