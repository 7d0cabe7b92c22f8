/**
 * Endpoints described as data: a table (or anything above the client) says where a list or an
 * object lives and how the list pages, and the client reads it. The client knows no table.
 */

/**
 * How a list pages:
 * - `v1`: `{totalCount, results}`, `skip`/`limit`, `filter=field:$eq:…`, and `fields` to return
 *   only some fields of each item;
 * - `v2`: a bare array, `skip`/`limit`, `filter=field:eq:…`;
 * - `insights`: a System Insights v2 list, whose pages may hold 10,000 rows.
 */
export type Paging = 'v1' | 'v2' | 'insights';

/** A path of the API, as the spec writes it: `{name}` placeholders are filled from PathParams. */
export interface Endpoint {
  path: string;
  /** false for the organizations endpoints, which refuse x-org-id (403); sent by default. */
  sendOrgId?: boolean;
}

export interface ListEndpoint extends Endpoint {
  paging: Paging;
}

/** Values for a path's `{name}` placeholders. */
export type PathParams = Readonly<Record<string, string>>;

/** An endpoint given as its path alone sends x-org-id. */
export type EndpointRef = string | Endpoint;

export const endpointOf = (ref: EndpointRef): Endpoint => (typeof ref === 'string' ? { path: ref } : ref);

/** The names of a path's `{name}` placeholders, in order. */
export const pathParams = (template: string): string[] =>
  [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

/** `/api/v2/usergroups/{group_id}/members` with `{group_id: 'x'}` → `/api/v2/usergroups/x/members`. */
export function expandPath(template: string, params: PathParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (_placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
}
