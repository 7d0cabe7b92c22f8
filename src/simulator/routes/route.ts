import type { Context } from 'hono';
import type { DemoData, OrgData } from '../data/types.js';
import type { OrgView } from '../data/view.js';

export interface RequestContext {
  hono: Context;
  url: URL;
  params: URLSearchParams;
  /** Path parameters, named as in the spec (`id`, `group_id`, …). */
  path: Record<string, string>;
  /** The selected organization (x-org-id, or the admin's primary org). */
  org: OrgData;
  view: OrgView;
  /** Every organization the request selected (Directory Insights takes several x-org-id headers). */
  orgs: OrgData[];
  data: DemoData;
}

export interface RouteDef {
  method: 'GET' | 'POST';
  /** The full route template with the spec's parameter names, e.g. `/api/v2/usergroups/{group_id}/members`. */
  template: string;
  /** `forbidden`: the organizations endpoints refuse x-org-id; `multi`: DI takes several. Default: one. */
  orgHeader?: 'forbidden' | 'multi';
  /** Directory Insights answers errors as `{message}` (ErrorMessage); the rest use Error. */
  errorShape?: 'error' | 'message';
  /** Returns the JSON body, or a complete Response. */
  handler(ctx: RequestContext): unknown;
}

/** `/a/{id}/b` → `/a/:id/b` (Hono's syntax). */
export const honoPath = (template: string): string => template.replace(/\{(\w+)\}/g, ':$1');
