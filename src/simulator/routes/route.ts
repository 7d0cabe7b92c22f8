import type { Context } from 'hono';
import type { DemoData, OrgData } from '../data/types.js';
import type { OrgView } from '../data/view.js';
import type { ListFault } from '../faults.js';

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
  /** A `totalcount` or `shift` fault drawn for this request; the list helpers apply it. */
  listFault?: ListFaultSlot | undefined;
}

/** A list fault drawn for a request, and whether a list helper applied it (only then is it counted). */
export interface ListFaultSlot {
  fault: ListFault;
  applied: boolean;
}

export interface RouteDef {
  method: 'GET' | 'POST';
  /** The full route template with the spec's parameter names, e.g. `/api/v2/usergroups/{group_id}/members`. */
  template: string;
  /** `forbidden`: the organizations endpoints refuse x-org-id; `multi`: DI takes several. Default: one. */
  orgHeader?: 'forbidden' | 'multi';
  /**
   * Directory Insights answers errors as `{message}` (ErrorMessage); the newest System Insights
   * lists answer a 400 as a bare JSON string (`string400`, as their spec declares); the rest use Error.
   */
  errorShape?: 'error' | 'message' | 'string400';
  /** Returns the JSON body, or a complete Response. */
  handler(ctx: RequestContext): unknown;
}

/** `/a/{id}/b` → `/a/:id/b` (Hono's syntax). */
export const honoPath = (template: string): string => template.replace(/\{(\w+)\}/g, ':$1');
