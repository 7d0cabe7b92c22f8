import { badRequest } from '../errors.js';
import { parsePage, type Row } from '../query.js';
import { V1_MAX_LIMIT, v1List } from './lists.js';
import type { RequestContext, RouteDef } from './route.js';

/** The search body: `{filter: {and|or: [{field: value}]} | [{field: value}], searchFilter: {searchTerm, fields}, fields}`. */
interface SearchBody {
  filter?: unknown;
  searchFilter?: { searchTerm?: string | string[]; fields?: string[] };
  fields?: string;
}

async function readSearchBody(ctx: RequestContext): Promise<SearchBody> {
  const text = await ctx.hono.req.text();
  if (text.trim() === '') return {};
  try {
    const body: unknown = JSON.parse(text);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    return body as SearchBody;
  } catch {
    throw badRequest('Bad Request: the request body must be a JSON object');
  }
}

/** `{field: value}` objects match by equality, compared as the field's type. */
function equalsAll(row: Row, terms: Record<string, unknown>): boolean {
  return Object.entries(terms).every(([path, expected]) => {
    let actual: unknown = row;
    for (const key of path.split('.')) actual = (actual as Row | undefined)?.[key];
    return Array.isArray(actual) ? actual.includes(expected) : actual === expected;
  });
}

function searchPredicate(body: SearchBody): (row: Row) => boolean {
  const { filter, searchFilter } = body;
  let clauses: Record<string, unknown>[] = [];
  let mode: 'and' | 'or' = 'and';
  if (Array.isArray(filter)) clauses = filter;
  else if (filter && typeof filter === 'object') {
    const f = filter as { and?: unknown; or?: unknown };
    if (Array.isArray(f.or)) {
      mode = 'or';
      clauses = f.or;
    } else if (Array.isArray(f.and)) clauses = f.and;
    else clauses = [filter as Record<string, unknown>];
  } else if (filter !== undefined) throw badRequest('Bad Request: "filter" must be an object or an array');
  if (clauses.some((c) => c === null || typeof c !== 'object'))
    throw badRequest('Bad Request: each filter term must be an object');
  const terms =
    searchFilter?.searchTerm === undefined
      ? []
      : [searchFilter.searchTerm].flat().map((t) => String(t).toLowerCase());
  const searchFields = searchFilter?.fields ?? [];
  return (row) => {
    if (clauses.length > 0) {
      const ok =
        mode === 'or' ? clauses.some((c) => equalsAll(row, c)) : clauses.every((c) => equalsAll(row, c));
      if (!ok) return false;
    }
    if (terms.length === 0) return true;
    return searchFields.some((f) => {
      const v = row[f];
      return typeof v === 'string' && terms.some((t) => v.toLowerCase().includes(t));
    });
  };
}

async function searchUsers(ctx: RequestContext) {
  const body = await readSearchBody(ctx);
  parsePage(ctx.params, V1_MAX_LIMIT); // validates before any work
  const matchesSearch = searchPredicate(body);
  const matches = ctx.org.users.filter((u) => matchesSearch(u as unknown as Row));
  const withGroups = matches.map((u) => ({ ...u, memberof: ctx.view.groupsOfUser(u._id) }));
  // Body `fields` (space separated) applies when the query string has none.
  if (!ctx.params.has('fields') && body.fields) ctx.params.set('fields', body.fields);
  return v1List(ctx, withGroups);
}

/** Routes that compute their answer; the plain lists and gets are made from the catalog (resources.ts). */
export const v1Routes: RouteDef[] = [
  { method: 'POST', template: '/api/search/systemusers', handler: searchUsers },
];
