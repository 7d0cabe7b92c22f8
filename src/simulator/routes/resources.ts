/**
 * The resources the simulator lists and gets, as data: one entry per resource, from which its list
 * and get routes are made, with the API's filter, sort, skip/limit and fields semantics
 * (`query.ts`). Routes that compute their answer (members, membership, traversals, search) are
 * code, in `v1.ts` and `v2.ts`, and look their objects up here.
 */
import { commandListItem, commandResultListItem, softwareAppListItem } from '../data/commands.js';
import { directoriesOf } from '../data/directories.js';
import { policyViews } from '../data/policies.js';
import type { DemoData, Organization, OrganizationSummary } from '../data/types.js';
import { notFound } from '../errors.js';
import { parseFields, project } from '../query.js';
import { INSIGHTS_MAX_LIMIT, v1List, v2List } from './lists.js';
import type { RequestContext, RouteDef } from './route.js';

export interface Resource<Row extends object> {
  /** The list's path template, as the server mounts it (`/api/systemusers`). */
  list: string;
  /**
   * - `v1`: `{totalCount, results}`, space-separated sort and fields, `field:$op:value` filters;
   * - `v2`: a bare array, comma-separated sort and fields, `field:op:value` filters;
   * - `insights`: a System Insights v2 list: pages of up to 10,000 rows, `eq`/`in` filters only, no fields.
   */
  style: 'v1' | 'v2' | 'insights';
  /** The rows of the request's organization, in id (creation) order. */
  rows: (ctx: RequestContext) => readonly Row[];
  /** The rows the list shows, when it shows less of each than the get (the organizations list). */
  listRows?: (ctx: RequestContext) => readonly object[];
  /** The sort a v1 list applies when the request gives none. */
  defaultSort?: string;
  /** `forbidden`: the endpoint refuses x-org-id (the organizations endpoints). */
  orgHeader?: 'forbidden';
  /** One object by id: `{id}` in the path; `what` names it in the 404 (`User 5f… not found`). */
  get?: {
    path: string;
    what: string;
    /** The get honours `fields` (the spec documents it for users, systems and organizations). */
    fields?: boolean;
  };
}

/** A catalog entry, its row type inferred. */
const resource = <Row extends object>(entry: Resource<Row>): Resource<Row> => entry;

/** One value per generated data set, built on first use. */
function perData<T>(build: (data: DemoData) => T): (data: DemoData) => T {
  const built = new WeakMap<DemoData, T>();
  return (data) => {
    let value = built.get(data);
    if (value === undefined) {
      value = build(data);
      built.set(data, value);
    }
    return value;
  };
}

const organizations = perData((data): readonly Organization[] => data.orgs.map((org) => org.organization));
const summaries = perData((data) =>
  organizations(data).map(
    (org): OrganizationSummary => ({ _id: org._id, displayName: org.displayName, logoUrl: org.logoUrl }),
  ),
);

const listRowsByOrg = new WeakMap<object, Map<string, readonly object[]>>();

/** List rows derived from an org's objects, built once per org and kind (a list page is read often). */
function perOrg(ctx: RequestContext, kind: string, build: () => readonly object[]): readonly object[] {
  let byKind = listRowsByOrg.get(ctx.org);
  if (!byKind) {
    byKind = new Map();
    listRowsByOrg.set(ctx.org, byKind);
  }
  let rows = byKind.get(kind);
  if (!rows) {
    rows = build();
    byKind.set(kind, rows);
  }
  return rows;
}

export const RESOURCES = {
  users: resource({
    list: '/api/systemusers',
    style: 'v1',
    rows: (ctx) => ctx.org.users,
    get: { path: '/api/systemusers/{id}', what: 'User', fields: true },
  }),
  systems: resource({
    list: '/api/systems',
    style: 'v1',
    rows: (ctx) => ctx.org.systems,
    get: { path: '/api/systems/{id}', what: 'System', fields: true },
  }),
  applications: resource({
    list: '/api/applications',
    style: 'v1',
    rows: (ctx) => ctx.org.applications,
    defaultSort: 'name',
    get: { path: '/api/applications/{id}', what: 'Application' },
  }),
  radiusServers: resource({
    list: '/api/radiusservers',
    style: 'v1',
    rows: (ctx) => ctx.org.radiusServers,
    get: { path: '/api/radiusservers/{id}', what: 'RADIUS server' },
  }),
  organizations: resource({
    list: '/api/organizations',
    style: 'v1',
    rows: (ctx) => organizations(ctx.data),
    listRows: (ctx) => summaries(ctx.data),
    orgHeader: 'forbidden',
    get: { path: '/api/organizations/{id}', what: 'Organization', fields: true },
  }),
  userGroups: resource({
    list: '/api/v2/usergroups',
    style: 'v2',
    rows: (ctx) => ctx.org.userGroups,
    get: { path: '/api/v2/usergroups/{id}', what: 'User group' },
  }),
  systemGroups: resource({
    list: '/api/v2/systemgroups',
    style: 'v2',
    rows: (ctx) => ctx.org.systemGroups,
    get: { path: '/api/v2/systemgroups/{id}', what: 'System group' },
  }),
  systemInfo: resource({
    list: '/api/v2/systeminsights/system_info',
    style: 'insights',
    rows: (ctx) => ctx.org.systemInfo,
  }),
  apps: resource({ list: '/api/v2/systeminsights/apps', style: 'insights', rows: (ctx) => ctx.org.apps }),
  programs: resource({
    list: '/api/v2/systeminsights/programs',
    style: 'insights',
    rows: (ctx) => ctx.org.programs,
  }),
  linuxPackages: resource({
    list: '/api/v2/systeminsights/linux_packages',
    style: 'insights',
    rows: (ctx) => ctx.org.linuxPackages,
  }),
  commands: resource({
    list: '/api/commands',
    style: 'v1',
    rows: (ctx) => ctx.org.commands,
    listRows: (ctx) => perOrg(ctx, 'commands', () => ctx.org.commands.map(commandListItem)),
    get: { path: '/api/commands/{id}', what: 'Command', fields: true },
  }),
  commandResults: resource({
    list: '/api/commandresults',
    style: 'v1',
    rows: (ctx) => ctx.org.commandResults,
    listRows: (ctx) => perOrg(ctx, 'commandResults', () => ctx.org.commandResults.map(commandResultListItem)),
    get: { path: '/api/commandresults/{id}', what: 'Command result', fields: true },
  }),
  softwareApps: resource({
    list: '/api/v2/softwareapps',
    style: 'v2',
    rows: (ctx) => ctx.org.softwareApps,
    listRows: (ctx) => perOrg(ctx, 'softwareApps', () => ctx.org.softwareApps.map(softwareAppListItem)),
    get: { path: '/api/v2/softwareapps/{id}', what: 'Software app' },
  }),
  directories: resource({ list: '/api/v2/directories', style: 'v2', rows: (ctx) => directoriesOf(ctx.org) }),
  activeDirectories: resource({
    list: '/api/v2/activedirectories',
    style: 'v2',
    rows: (ctx) => ctx.org.identity.activeDirectories,
    get: { path: '/api/v2/activedirectories/{id}', what: 'Active Directory' },
  }),
  authnPolicies: resource({
    list: '/api/v2/authn/policies',
    style: 'v2',
    rows: (ctx) => ctx.org.identity.authnPolicies,
    get: { path: '/api/v2/authn/policies/{id}', what: 'Authentication policy' },
  }),
  ipLists: resource({
    list: '/api/v2/iplists',
    style: 'v2',
    rows: (ctx) => ctx.org.identity.ipLists,
    get: { path: '/api/v2/iplists/{id}', what: 'IP list' },
  }),
  appleMdms: resource({ list: '/api/v2/applemdms', style: 'v2', rows: (ctx) => ctx.org.identity.appleMdms }),
  policies: resource({
    list: '/api/v2/policies',
    style: 'v2',
    rows: (ctx) => ctx.org.policies.policies,
    listRows: (ctx) => policyViews(ctx.org.policies).policyList,
    get: { path: '/api/v2/policies/{id}', what: 'Policy' },
  }),
  policyTemplates: resource({
    list: '/api/v2/policytemplates',
    style: 'v2',
    rows: (ctx) => ctx.org.policies.templates,
    listRows: (ctx) => policyViews(ctx.org.policies).templateList,
    get: { path: '/api/v2/policytemplates/{id}', what: 'Policy template' },
  }),
  policyGroups: resource({
    list: '/api/v2/policygroups',
    style: 'v2',
    rows: (ctx) => ctx.org.policies.groups,
    get: { path: '/api/v2/policygroups/{id}', what: 'Policy group' },
  }),
  policyResults: resource({
    list: '/api/v2/policyresults',
    style: 'v2',
    rows: (ctx) => ctx.org.policies.results,
    get: { path: '/api/v2/policyresults/{id}', what: 'Policy result' },
  }),
  ldapServers: resource({
    list: '/api/v2/ldapservers',
    style: 'v2',
    rows: (ctx) => ctx.org.ldapServers,
    get: { path: '/api/v2/ldapservers/{id}', what: 'LDAP server' },
  }),
};

/** The field a resource's rows are identified by: `_id` in v1, `id` in v2. */
const idKeyOf = (entry: Resource<object>) => (entry.style === 'v1' ? '_id' : 'id');

const indexes = new WeakMap<readonly object[], Map<string, object>>();

/** The resource's row with this id, or a 404 naming it. Rows are indexed by id on first use. */
export function lookup<Row extends object>(ctx: RequestContext, entry: Resource<Row>, id: string): Row {
  const rows = entry.rows(ctx);
  let index = indexes.get(rows);
  if (!index) {
    const key = idKeyOf(entry);
    index = new Map(rows.map((row) => [String((row as Record<string, unknown>)[key]), row]));
    indexes.set(rows, index);
  }
  const row = index.get(id) as Row | undefined;
  if (row === undefined) throw notFound(entry.get?.what ?? entry.list, id);
  return row;
}

function listAnswer(entry: Resource<object>, ctx: RequestContext) {
  switch (entry.style) {
    case 'v1':
      return v1List(ctx, entry.listRows?.(ctx) ?? entry.rows(ctx), entry.defaultSort);
    case 'v2':
      return v2List(ctx, entry.listRows?.(ctx) ?? entry.rows(ctx));
    case 'insights':
      return v2List(ctx, entry.rows(ctx), {
        max: INSIGHTS_MAX_LIMIT,
        operators: ['eq', 'in'],
        fields: false,
      });
  }
}

function getAnswer(entry: Resource<object>, ctx: RequestContext) {
  const row = lookup(ctx, entry, ctx.path.id!);
  if (!entry.get?.fields) return row;
  return project(
    row,
    parseFields(ctx.params.get('fields'), entry.style === 'v1' ? 'space' : 'comma'),
    idKeyOf(entry),
  );
}

/** The list and get routes of every resource in the catalog. */
export const resourceRoutes: RouteDef[] = Object.values(RESOURCES).flatMap((entry: Resource<object>) => {
  const common = { method: 'GET', ...(entry.orgHeader && { orgHeader: entry.orgHeader }) } as const;
  const list: RouteDef = { ...common, template: entry.list, handler: (ctx) => listAnswer(entry, ctx) };
  if (!entry.get) return [list];
  return [list, { ...common, template: entry.get.path, handler: (ctx) => getAnswer(entry, ctx) }];
});
