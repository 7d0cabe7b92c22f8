import { EVENT_SERVICES } from '../../api/index.js';
import type { DirectoryEvent } from '../data/types.js';
import { ApiError } from '../errors.js';
import type { RequestContext, RouteDef } from './route.js';

const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 10_000;

const invalid = (message: string) => new ApiError(400, message, { message });

interface EventQuery {
  service?: unknown;
  start_time?: unknown;
  end_time?: unknown;
  limit?: unknown;
  skip?: unknown;
  sort?: unknown;
  search_after?: unknown;
  search_term?: unknown;
  fields?: unknown;
}

function parseTime(value: unknown, name: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(`${name} must be an RFC 3339 date, e.g. 2020-01-01T14:00:00Z`);
  return ms;
}

/** Field values are stored lowercased, so terms compare case-insensitively. */
const same = (actual: unknown, expected: unknown) =>
  typeof actual === 'string' && typeof expected === 'string'
    ? actual.toLowerCase() === expected.toLowerCase()
    : actual === expected;

const dig = (row: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      row,
    );

/** `{field: value | [values]}` terms, given as one object or a list of them. */
function termMatches(event: DirectoryEvent, terms: unknown): boolean[] {
  const list = Array.isArray(terms) ? terms : [terms];
  return list.flatMap((term) => {
    if (term === null || typeof term !== 'object') throw invalid('search_term entries must be objects');
    return Object.entries(term).map(([path, expected]) => {
      const actual = dig(event, path);
      return Array.isArray(expected) ? expected.some((e) => same(actual, e)) : same(actual, expected);
    });
  });
}

function searchTerm(query: EventQuery): (e: DirectoryEvent) => boolean {
  const st = query.search_term;
  if (st === undefined) return () => true;
  if (st === null || typeof st !== 'object')
    throw invalid('search_term must be an object with and, or or not');
  const { and, or, not } = st as { and?: unknown; or?: unknown; not?: unknown };
  return (e) =>
    (and === undefined || termMatches(e, and).every(Boolean)) &&
    (or === undefined || termMatches(e, or).some(Boolean)) &&
    (not === undefined || !termMatches(e, not).some(Boolean));
}

async function queryEvents(ctx: RequestContext): Promise<Response> {
  let query: EventQuery;
  try {
    query = (await ctx.hono.req.json()) as EventQuery;
  } catch {
    throw invalid('the request body must be a JSON EventQuery');
  }
  if (query === null || typeof query !== 'object')
    throw invalid('the request body must be a JSON EventQuery');
  if (!Array.isArray(query.service) || query.service.length === 0) throw invalid('service is required');
  const unknown = query.service.filter((s) => !EVENT_SERVICES.includes(String(s)));
  if (unknown.length > 0)
    throw invalid(`unknown service ${unknown.join(', ')}; supported values: ${EVENT_SERVICES.join(', ')}`);
  if (query.start_time === undefined) throw invalid('start_time is required');
  const start = parseTime(query.start_time, 'start_time');
  const end = query.end_time === undefined ? Number.POSITIVE_INFINITY : parseTime(query.end_time, 'end_time');
  if (end < start) throw invalid('end_time must not be before start_time');
  if (query.fields !== undefined && (!Array.isArray(query.fields) || query.fields.length === 0)) {
    throw invalid('fields must be a non-empty list of field names');
  }
  // "Any nonsensical values for the limit field will cause the system to return the default row count."
  const limit =
    Number.isInteger(query.limit) && (query.limit as number) > 0 && (query.limit as number) <= MAX_LIMIT
      ? (query.limit as number)
      : DEFAULT_LIMIT;
  const desc = typeof query.sort === 'string' && query.sort.toUpperCase() === 'DESC';
  const services = new Set(query.service.map(String));
  const matchesTerm = searchTerm(query);

  let events = ctx.orgs
    .flatMap((o) => o.events)
    .filter((e) => {
      const t = Date.parse(e.timestamp);
      return t >= start && t < end && (services.has('all') || services.has(e.service)) && matchesTerm(e);
    });
  events.sort((a, b) =>
    a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.id < b.id ? -1 : 1,
  );
  if (desc) events.reverse();
  // search_after is [epochMs, id] of the last row of the previous page.
  if (Array.isArray(query.search_after) && query.search_after.length === 2) {
    const [ms, id] = query.search_after as [number, string];
    const after = (e: DirectoryEvent) => {
      const t = Date.parse(e.timestamp);
      return desc ? t < ms || (t === ms && e.id < id) : t > ms || (t === ms && e.id > id);
    };
    events = events.filter(after);
  }
  const skip = Number.isInteger(query.skip) && (query.skip as number) > 0 ? (query.skip as number) : 0;
  const page = events.slice(skip, skip + limit);
  const rows = Array.isArray(query.fields)
    ? page.map((e) =>
        Object.fromEntries([...(query.fields as string[]), 'timestamp'].map((f) => [f, dig(e, f)])),
      )
    : page;
  const last = page[page.length - 1];
  return new Response(JSON.stringify(rows), {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'X-Result-Count': String(page.length),
      'X-Limit': String(limit),
      'X-Sort': desc ? 'DESC' : 'ASC',
      'X-Search_after': JSON.stringify(
        last ? [Date.parse(last.timestamp), last.id] : (query.search_after ?? []),
      ),
      'X-Request-Id': crypto.randomUUID(),
    },
  });
}

export const insightsRoutes: RouteDef[] = [
  {
    method: 'POST',
    template: '/insights/directory/v1/events',
    orgHeader: 'multi',
    errorShape: 'message',
    handler: queryEvents,
  },
];
