import { EVENT_SERVICES } from '../api/index.js';
import { DIRECTORY_EVENTS_PATH, EVENTS_PAGE_SIZE, type EventQuery } from '../client/index.js';
import { col, defineTable, pathQualColumn, type Qual, timeRange } from '../sdk/index.js';
import { type Ctx, organizationIdColumn } from './common.js';

/** A Directory Insights event: schemaless in the spec (`object`); these are the fields the columns read. */
export interface DirectoryEvent extends Record<string, unknown> {
  id: string;
  timestamp: string;
  event_type?: string;
  service?: string;
}

/** The services the API accepts (the spec's EventServiceTimeQuery enum); others are answered by `all`. */
const SERVICES = new Set(EVENT_SERVICES.filter((service) => service !== 'all'));

const HOUR = 3_600_000;
/**
 * The window read when no condition bounds `timestamp` from below: the last 24 hours (ending at
 * the upper bound when there is one). Directory Insights keeps 90 days, which for a large org is
 * millions of events and hundreds of requests; a day answers "what just happened" in one or two,
 * and a `timestamp` condition widens it (the notice and the docs say so).
 */
export const DEFAULT_WINDOW_MS = 24 * HOUR;

/**
 * Equality quals that become the API's search_term, by the event field each matches: these
 * columns, and the keys of `initiated_by` and `resource` that their `pathQuals` declare. The API
 * keeps text lowercased, so text is sent lowercased: it narrows, and the engine's WHERE decides.
 */
const SEARCH_TERMS: Record<string, string> = {
  id: 'id',
  event_type: 'event_type',
  success: 'success',
  ...searchPaths('initiated_by', ['id', 'type', 'email', 'username']),
  ...searchPaths('resource', ['id', 'type', 'name', 'email', 'username']),
};

function searchPaths(column: string, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [pathQualColumn(column, key), `${column}.${key}`]));
}

/** The keys of a JSON column that SEARCH_TERMS pushes, for its `pathQuals`. */
const pathKeys = (column: string) =>
  Object.values(SEARCH_TERMS)
    .filter((field) => field.startsWith(`${column}.`))
    .map((field) => field.slice(column.length + 1));

/** The time window (ms) a scan's quals read, or undefined when no event can be in it. */
export function eventWindow(
  quals: readonly Qual[],
  now: number = Date.now(),
): { start: number; end: number | undefined; defaulted: boolean } | undefined {
  const range = timeRange(quals, 'timestamp');
  const end = range.to && range.to.ms + (range.to.inclusive ? 1 : 0); // end_time is exclusive
  const start = range.from?.ms ?? (end === undefined ? now : Math.min(end, now)) - DEFAULT_WINDOW_MS;
  // The API refuses a start in the future, and an end before the start: no event can match either.
  if (start > now || (end !== undefined && end <= start)) return undefined;
  return { start, end, defaulted: range.from === undefined };
}

/** The API query a scan's quals allow, or undefined when they select nothing. */
export function eventQuery(ctx: Ctx, now: number = ctx.now): EventQuery | undefined {
  const window = eventWindow(ctx.quals, now);
  if (!window) return undefined;
  const { start, end } = window;
  if (window.defaulted)
    ctx.notice(
      `jumpcloud_directory_event: no lower bound on timestamp, so only the ${DEFAULT_WINDOW_MS / HOUR} hours up to ${new Date(start + DEFAULT_WINDOW_MS).toISOString()} were read; add e.g. "where timestamp > now() - interval '7 days'" to read more (the API keeps 90 days)`,
    );

  const services = ctx.equals('service')?.map(String);
  const service = services?.every((name) => SERVICES.has(name)) ? services : ['all'];
  const terms: Record<string, unknown> = {};
  for (const [column, field] of Object.entries(SEARCH_TERMS)) {
    // ctx.equals hands values over as text: a boolean goes to the API as a boolean.
    const values = ctx
      .equals(column)
      ?.map((value) => (column === 'success' ? String(value) === 'true' : String(value).toLowerCase()));
    const distinct = values && [...new Set(values)];
    if (distinct && distinct.length > 0) terms[field] = distinct.length === 1 ? distinct[0] : distinct;
  }
  return {
    service,
    start_time: new Date(start).toISOString(),
    ...(end === undefined ? {} : { end_time: new Date(end).toISOString() }),
    ...(Object.keys(terms).length > 0 ? { search_term: { and: terms } } : {}),
  };
}

export const jumpcloud_directory_event = defineTable<DirectoryEvent, Ctx['connection']['client']>({
  name: 'jumpcloud_directory_event',
  description:
    'JumpCloud Directory Insights events (logins, admin changes, RADIUS, LDAP, SSO…). Without a lower bound on timestamp, only the last 24 hours are read.',
  cache: false,
  list: {
    // The API matches service exactly (its enum), and success as a boolean.
    keyColumns: ['service', 'success'],
    run: (ctx) => {
      const query = eventQuery(ctx);
      if (!query) return (async function* () {})();
      return ctx.connection.client.events<DirectoryEvent>(query, { limit: ctx.limit, signal: ctx.signal });
    },
    // A read-only POST, paged by search_after: a page of up to 10,000 events a request.
    requests: {
      kind: 'list',
      endpoint: `POST ${DIRECTORY_EVENTS_PATH}`,
      pageSize: EVENTS_PAGE_SIZE,
      readsNothing: (quals) => eventWindow(quals) === undefined,
    },
  },
  columns: [
    col.string('id', 'The unique ID of the event.'),
    col.string(
      'event_type',
      'The type of the event, e.g. user_login_attempt, admin_login_attempt, sso_auth.',
    ),
    col.string('service', 'The service that logged the event: directory, sso, radius, ldap, systems, mdm….'),
    col.timestamp('timestamp', 'When the event happened. Conditions on it choose the time window read.', {
      rangeQuals: true,
    }),
    col.bool('success', 'True if the attempt or change succeeded.'),
    col.inet('client_ip', 'The IP address the request came from.'),
    organizationIdColumn<DirectoryEvent>('organization'),
    col.json('initiated_by', 'Who initiated the event: id, type (user, admin, system), email, username.', {
      pathQuals: pathKeys('initiated_by'),
    }),
    col.json('resource', 'The object the event is about (a user, a group, a device, an application).', {
      pathQuals: pathKeys('resource'),
    }),
    col.json('geoip', 'Where client_ip is located: country, region, time zone.'),
    col.json('useragent', 'The client software: browser, OS and device.'),
    col.string(
      'auth_method',
      'How the user authenticated (password, webauthn, push…), where the event says.',
    ),
    col.bool('mfa', 'True if multi-factor authentication was used, where the event says.'),
    col.string('error_message', 'Why the attempt failed, for failed events.'),
    col.json('raw', 'The whole event as the API returns it.', { from: (item) => item }),
  ],
});
