/**
 * The list semantics of the API: limit/skip, sort, fields and the three filter grammars
 * (v1 `field:$op:value`, v2 `field:op:value`, System Insights `eq`/`in`).
 */
import { badRequest } from './errors.js';

export type Row = Record<string, unknown>;

export interface Page {
  limit: number;
  skip: number;
}

/**
 * Beyond the maximum the real API refuses the request: TheJumpCloud/jcapi-python#38 (2019) records
 * `400 {"message":"Bad Request: request parameter \"limit\" exceeds maximum value of 100"}` for
 * `GET /api/systems?limit=1000`. We answer the same message, inside the spec's Error body.
 * `limit=0` is treated as "use the default" (the spec's minimum is 0 and gives it no other meaning).
 */
export function parsePage(params: URLSearchParams, max: number, defaultLimit = 10): Page {
  const limit = parseInteger(params.get('limit'), 'limit') ?? defaultLimit;
  if (limit < 0) throw badRequest('Bad Request: request parameter "limit" must be a non-negative integer');
  if (limit > max) throw badRequest(`Bad Request: request parameter "limit" exceeds maximum value of ${max}`);
  const skip = parseInteger(params.get('skip'), 'skip') ?? 0;
  if (skip < 0) throw badRequest('Bad Request: request parameter "skip" must be a non-negative integer');
  return { limit: limit === 0 ? defaultLimit : limit, skip };
}

function parseInteger(raw: string | null, name: string): number | undefined {
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim()))
    throw badRequest(`Bad Request: request parameter "${name}" must be an integer, got '${raw}'`);
  return Number(raw);
}

export const paginate = <T>(rows: readonly T[], page: Page): T[] =>
  rows.slice(page.skip, page.skip + page.limit);

/** Reads a dotted path (`mfa.configured`). */
export function getPath(row: unknown, path: string | readonly string[]): unknown {
  let value: unknown = row;
  for (const key of typeof path === 'string' ? path.split('.') : path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Row)[key];
  }
  return value;
}

// ---------- sort ----------

/** `sort` as a list of keys; v1 separates them with spaces, v2 with commas; `-` sorts descending. */
export function parseSort(
  raw: string | null,
  separator: 'space' | 'comma',
): { path: string; desc: boolean }[] {
  if (!raw) return [];
  const parts = raw.split(separator === 'space' ? /\s+/ : /\s*,\s*/).filter(Boolean);
  return parts.map((p) => (p.startsWith('-') ? { path: p.slice(1), desc: true } : { path: p, desc: false }));
}

function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (v === undefined || v === null ? 0 : 1);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Stable sort; rows are stored in id order, so ties keep creation order. Returns the input when unsorted. */
export function sortRows<T>(rows: readonly T[], keys: { path: string; desc: boolean }[]): readonly T[] {
  if (keys.length === 0) return rows;
  return [...rows].sort((x, y) => {
    for (const { path, desc } of keys) {
      const c = compareValues(getPath(x, path), getPath(y, path));
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
}

// ---------- fields ----------

/** `fields` projection (dotted paths allowed); the id is always kept, as Mongo-style projection does. */
export function parseFields(raw: string | null, separator: 'space' | 'comma'): string[] {
  if (!raw) return [];
  return raw.split(separator === 'space' ? /\s+/ : /\s*,\s*/).filter(Boolean);
}

export function project<T>(row: T, fields: readonly string[], idKey: string): T | Row {
  if (fields.length === 0) return row;
  const out: Row = {};
  for (const keys of splitFields(fields, idKey)) {
    const value = getPath(row, keys);
    if (value === undefined) continue;
    let target = out;
    for (let i = 0; i < keys.length - 1; i++) {
      const next = target[keys[i]!];
      target[keys[i]!] = next !== null && typeof next === 'object' ? next : {};
      target = target[keys[i]!] as Row;
    }
    target[keys[keys.length - 1]!] = value;
  }
  return out;
}

/** A list projects every row with the same fields: split the paths once per request, not per row. */
const splitCache = new WeakMap<readonly string[], string[][]>();
function splitFields(fields: readonly string[], idKey: string): string[][] {
  const cached = splitCache.get(fields);
  if (cached && cached[0]!.join('.') === idKey) return cached;
  const paths = [idKey, ...fields].map((path) => path.split('.'));
  splitCache.set(fields, paths);
  return paths;
}

// ---------- filters ----------

export type Predicate = (row: unknown) => boolean;

type Compare = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'in' | 'nin' | 'sw' | 'ew' | 'co' | 'nco' | 'search';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/;

/**
 * Converts the filter's text to the type of the value it is compared with: booleans take
 * `true`/`false`, numbers numbers, ISO dates compare as instants; strings stay case sensitive.
 * Returns undefined when the text cannot be that type (then only `ne`/`nin` match).
 */
function coerce(actual: unknown, text: string): unknown {
  if (typeof actual === 'boolean') return text === 'true' ? true : text === 'false' ? false : undefined;
  if (typeof actual === 'number')
    return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined;
  if (actual === null || actual === undefined) return text === 'null' ? null : text;
  return text;
}

function order(actual: unknown, text: string): number | undefined {
  if (typeof actual === 'string' && ISO_DATE.test(actual) && ISO_DATE.test(text)) {
    return Date.parse(actual) - Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  }
  const expected = coerce(actual, text);
  if (expected === undefined || actual === null || actual === undefined || expected === null)
    return undefined;
  if (typeof actual === 'number') return actual - (expected as number);
  const a = String(actual);
  const b = String(expected);
  return a < b ? -1 : a > b ? 1 : 0;
}

function matchScalar(actual: unknown, op: Compare, terms: string[]): boolean {
  const equals = (t: string) => {
    const expected = coerce(actual, t);
    return expected !== undefined && (actual ?? null) === expected;
  };
  switch (op) {
    case 'eq':
      return equals(terms[0]!);
    case 'in':
      return terms.some(equals);
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const c = order(actual, terms[0]!);
      if (c === undefined) return false;
      return op === 'lt' ? c < 0 : op === 'le' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
    }
    case 'sw':
      return typeof actual === 'string' && terms.some((t) => actual.startsWith(t));
    case 'ew':
      return typeof actual === 'string' && terms.some((t) => actual.endsWith(t));
    case 'co':
      return typeof actual === 'string' && terms.some((t) => actual.includes(t));
    case 'search':
      return typeof actual === 'string' && actual.toLowerCase().includes(terms[0]!.toLowerCase());
    default:
      return false;
  }
}

/** Negative operators match when no element matches; arrays match element-wise (Mongo semantics). */
function predicate(path: string, op: Compare, terms: string[]): Predicate {
  const negated: Partial<Record<Compare, Compare>> = { ne: 'eq', nin: 'in', nco: 'co' };
  const positive = negated[op];
  const test = (actual: unknown, o: Compare) =>
    Array.isArray(actual) ? actual.some((v) => matchScalar(v, o, terms)) : matchScalar(actual, o, terms);
  return positive ? (row) => !test(getPath(row, path), positive) : (row) => test(getPath(row, path), op);
}

/** Splits v1 `$in` terms `a|b|c`, honouring `\|` as a literal bar (the spec's one escape). */
const splitTerms = (value: string): string[] => value.split(/(?<!\\)\|/).map((t) => t.replaceAll('\\|', '|'));

function splitFilter(raw: string): [string, string, string] {
  const first = raw.indexOf(':');
  const second = first < 0 ? -1 : raw.indexOf(':', first + 1);
  if (first <= 0 || second < 0)
    throw badRequest(`Bad Request: malformed filter '${raw}'; expected <field>:<operator>:<value>`);
  return [raw.slice(0, first), raw.slice(first + 1, second), raw.slice(second + 1)];
}

const V1_OPS: Record<string, Compare> = {
  $eq: 'eq',
  $ne: 'ne',
  $in: 'in',
  $nin: 'nin',
  $lt: 'lt',
  $lte: 'le',
  $gt: 'gt',
  $gte: 'ge',
  $sw: 'sw',
};
const V1_EVENTUAL_OPS: Record<string, Compare> = { $ew: 'ew', $co: 'co', $nco: 'nco' };

/** One v1 filter term; `$ew`/`$co`/`$nco` need the `x-eventually-consistent: true` header, as documented. */
export function parseV1Filter(raw: string, eventuallyConsistent = false): Predicate {
  const [field, opText, value] = splitFilter(raw);
  const op = V1_OPS[opText] ?? (eventuallyConsistent ? V1_EVENTUAL_OPS[opText] : undefined);
  if (!op) {
    const hint = V1_EVENTUAL_OPS[opText] ? ' (it requires the x-eventually-consistent: true header)' : '';
    throw badRequest(
      `Bad Request: unsupported filter operator '${opText}' in '${raw}'${hint}; use $eq, $ne, $in, $nin, $lt, $lte, $gt, $gte or $sw`,
    );
  }
  return predicate(
    field,
    op,
    op === 'eq' || op === 'ne' || op === 'lt' || op === 'le' || op === 'gt' || op === 'ge'
      ? [value]
      : splitTerms(value),
  );
}

/**
 * All v1 filters of a query string: `filter=` (repeatable), `filter[0]=`… (ANDed) and
 * `filter[or][0]=`… (ORed, then ANDed with the rest).
 */
export function v1Filters(params: URLSearchParams, eventuallyConsistent = false): Predicate {
  const and: Predicate[] = [];
  const or: Predicate[] = [];
  for (const [key, value] of params) {
    if (key === 'filter' || /^filter\[(and\]\[)?\d+\]$/.test(key))
      and.push(parseV1Filter(value, eventuallyConsistent));
    else if (/^filter\[or\]\[\d+\]$/.test(key)) or.push(parseV1Filter(value, eventuallyConsistent));
    else if (key.startsWith('filter[')) throw badRequest(`Bad Request: malformed filter parameter '${key}'`);
  }
  return combine(and, or);
}

function combine(and: Predicate[], or: Predicate[]): Predicate {
  if (or.length > 0) and.push((row) => or.some((p) => p(row)));
  if (and.length === 0) return () => true;
  return (row) => and.every((p) => p(row));
}

const V2_OPS: Record<string, Compare> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'gt',
  ge: 'ge',
  lt: 'lt',
  le: 'le',
  in: 'in',
  search: 'search',
};

/**
 * v2 filters: every `filter=` parameter is ANDed. `allowed` narrows the operators (System Insights
 * takes only eq and in); `rename` maps documented filter fields to row paths (`object_id` → `id`).
 */
export function v2Filters(
  params: URLSearchParams,
  allowed: readonly string[] = Object.keys(V2_OPS),
  rename: Record<string, string> = {},
): Predicate {
  const and: Predicate[] = [];
  // `filter` is an array with `style: form, explode: false`: its items come joined by commas, and
  // also (as the spec's own examples send them) as repeated parameters.
  for (const raw of params.getAll('filter').flatMap((value) => value.split(','))) {
    if (raw === '') continue;
    const [field, opText, value] = splitFilter(raw);
    const op = allowed.includes(opText) ? V2_OPS[opText] : undefined;
    if (!op)
      throw badRequest(
        `Bad Request: unsupported filter operator '${opText}' in '${raw}'; use ${allowed.join(', ')}`,
      );
    // v2 documents no escape for a `|` inside an `in` term.
    and.push(predicate(rename[field] ?? field, op, op === 'in' ? value.split('|') : [value]));
  }
  return combine(and, []);
}
