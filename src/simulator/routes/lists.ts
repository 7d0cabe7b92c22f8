import {
  type Page,
  type Predicate,
  paginate,
  parseFields,
  parsePage,
  parseSort,
  project,
  sortRows,
  v1Filters,
  v2Filters,
} from '../query.js';
import type { RequestContext } from './route.js';

export const V1_MAX_LIMIT = 100;
export const V2_MAX_LIMIT = 100;
export const INSIGHTS_MAX_LIMIT = 10_000;

/** A response body already serialized: the server sends it as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

const rowJson = new WeakMap<object, Map<string, string>>();

/**
 * A row's (projected) JSON, kept per row and field list. The simulator stands in for JumpCloud's
 * many servers on one thread: serializing the same rows anew for every page made its own CPU,
 * not the client or the latency, what a 10,000-user benchmark measured.
 */
function serializedRow(row: unknown, fields: readonly string[], idKey: string): string {
  if (row === null || typeof row !== 'object') return JSON.stringify(row);
  let byFields = rowJson.get(row);
  if (!byFields) {
    byFields = new Map();
    rowJson.set(row, byFields);
  }
  const key = fields.join(' ');
  let text = byFields.get(key);
  if (text === undefined) {
    text = JSON.stringify(project(row, fields, idKey));
    byFields.set(key, text);
  }
  return text;
}

const pageJson = <T>(rows: readonly T[], fields: readonly string[], idKey: string) =>
  `[${rows.map((row) => serializedRow(row, fields, idKey)).join(',')}]`;

const hasFilter = (params: URLSearchParams) =>
  [...params.keys()].some((k) => k === 'filter' || k.startsWith('filter['));

const applyFilter = <T>(rows: readonly T[], predicate: Predicate | undefined): readonly T[] =>
  predicate ? rows.filter(predicate) : rows;

/**
 * Where a list's window starts and what total it reports, bent by a `totalcount` or `shift` fault
 * (see FAULT_KINDS). `hasTotal` is false for v2 bare arrays, which carry no total.
 */
function faultedWindow(ctx: RequestContext, page: Page, count: number, hasTotal: boolean) {
  const slot = ctx.listFault;
  if (!slot) return { skip: page.skip, total: count };
  const { fault } = slot;
  if (fault.kind === 'totalcount') {
    if (!hasTotal) return { skip: page.skip, total: count };
    slot.applied = true;
    // Never negative, never the true count.
    const total = count + fault.delta >= 0 ? count + fault.delta : count - fault.delta;
    return { skip: page.skip, total };
  }
  // Rows added or removed before the window: at most `skip` of them fit there.
  const before = Math.min(fault.rows, page.skip);
  if (before === 0) {
    if (!hasTotal) return { skip: page.skip, total: count };
    // At skip 0 the rows change after the window: only the total shows it.
    slot.applied = true;
    const moved = fault.added || fault.rows > count ? fault.rows : -fault.rows;
    return { skip: page.skip, total: count + moved };
  }
  slot.applied = true;
  return fault.added || before > count
    ? { skip: page.skip - before, total: count + before }
    : { skip: page.skip + before, total: count - before };
}

/** A v1 list: `{totalCount, results}` with the filtered total, space-separated sort and fields. */
export function v1List<T>(ctx: RequestContext, rows: readonly T[], defaultSort = '') {
  const { params } = ctx;
  const page = parsePage(params, V1_MAX_LIMIT);
  const eventual = ctx.hono.req.header('x-eventually-consistent') === 'true';
  const filtered = applyFilter(rows, hasFilter(params) ? v1Filters(params, eventual) : undefined);
  const sorted = sortRows(filtered, parseSort(params.get('sort') || defaultSort, 'space'));
  const fields = parseFields(params.get('fields'), 'space');
  const window = faultedWindow(ctx, page, filtered.length, true);
  const results = pageJson(paginate(sorted, { ...page, skip: window.skip }), fields, '_id');
  return new JsonText(`{"totalCount":${JSON.stringify(window.total)},"results":${results}}`);
}

export interface V2ListOptions {
  max?: number;
  /** Filter operators allowed (System Insights: eq, in). */
  operators?: readonly string[];
  rename?: Record<string, string>;
  fields?: boolean;
}

/**
 * A v2 list: a bare array, comma-separated sort and fields. When more rows follow, a
 * `Link: <…>; rel="next"` header is set, as the live API does on most v2 lists.
 */
export function v2List<T>(ctx: RequestContext, rows: readonly T[], options: V2ListOptions = {}) {
  const { params } = ctx;
  const page = parsePage(params, options.max ?? V2_MAX_LIMIT);
  const filtered = applyFilter(
    rows,
    params.has('filter') ? v2Filters(params, options.operators, options.rename) : undefined,
  );
  const sorted = sortRows(filtered, parseSort(params.get('sort'), 'comma'));
  const fields = options.fields === false ? [] : parseFields(params.get('fields'), 'comma');
  const window = faultedWindow(ctx, page, sorted.length, false);
  if (window.skip + page.limit < sorted.length) {
    const next = new URL(ctx.url);
    next.searchParams.set('limit', String(page.limit));
    next.searchParams.set('skip', String(page.skip + page.limit));
    ctx.hono.header('Link', `<${next.toString()}>; rel="next"`);
  }
  return new JsonText(pageJson(paginate(sorted, { ...page, skip: window.skip }), fields, 'id'));
}
