/**
 * Shared plumbing for the contract tests: the table of routes the simulator serves, an HTTP helper
 * that calls a route by its spec template, and assertions that validate a response with the
 * OpenAPI validator.
 */
import { expect } from 'vitest';
import { INSIGHT_SCHEMAS } from '../../src/simulator/data/insights-schema.js';
import { startSimulator } from '../../src/simulator/index.js';
import {
  type HttpMethod,
  type SpecName,
  type ValidationResult,
  validateResponse,
} from '../helpers/openapi.js';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export const SEED = 20_240_601;

/** One simulator per test file: the default demo org, with a fixed seed. */
export const startDemo = (): Promise<Simulator> => startSimulator({ seed: SEED });

/** Where each spec's paths are mounted on the simulator. */
export const PREFIX: Record<SpecName, string> = { v1: '/api', v2: '/api/v2', di: '/insights/directory/v1' };

/** The kinds of object a path parameter names. */
export type IdKind =
  | 'user'
  | 'system'
  | 'application'
  | 'organization'
  | 'radius'
  | 'userGroup'
  | 'systemGroup'
  | 'command'
  | 'commandResult'
  | 'softwareApp'
  | 'directory'
  | 'gsuite'
  | 'office365'
  | 'activeDirectory'
  | 'authnPolicy'
  | 'ipList'
  | 'appleMdm'
  | 'mdmDevice'
  | 'policy'
  | 'policyTemplate'
  | 'policyGroup'
  | 'policyResult'
  | 'ldapServer';

export interface Route {
  spec: SpecName;
  method: HttpMethod;
  /** The path template exactly as in the spec. */
  template: string;
  /** The kind of object the (first) path parameter names. */
  id?: IdKind;
  /** The kind of object a second path parameter names (an object of the first one's). */
  id2?: IdKind;
  /** A paged list: `limit`/`skip` apply and `limit` above `maxLimit` is refused. */
  maxLimit?: number;
  /** The route takes a `filter` query parameter. */
  filter?: boolean;
  /** The spec declares the route's 400 as a bare JSON string (the newest System Insights lists). */
  stringErrors?: boolean;
  /** Query parameters every request to the route needs (an associations list's `targets`). */
  required?: Readonly<Record<string, string>>;
}

const r = (
  spec: SpecName,
  method: HttpMethod,
  template: string,
  extra: Omit<Route, 'spec' | 'method' | 'template'> = {},
) => ({
  spec,
  method,
  template,
  ...extra,
});
const LIST = { maxLimit: 100, filter: true } as const;
const INSIGHTS = { maxLimit: 10_000, filter: true } as const;
/** An associations list: paged, its `targets` required. */
const associations = (id: IdKind, targets: string) => ({ id, maxLimit: 100, required: { targets } });

/** The System Insights lists generated from the spec (beyond the four above): `si_<name>`. */
const SYSTEM_INSIGHTS_ROUTES: Record<string, Route> = Object.fromEntries(
  Object.keys(INSIGHT_SCHEMAS)
    .filter((api) => !['system_info', 'apps', 'programs', 'linux_packages'].includes(api))
    .map((api) => [
      `si_${api}`,
      r('v2', 'get', `/systeminsights/${api}`, {
        ...INSIGHTS,
        ...(INSIGHT_SCHEMAS[api]!.stringErrors && { stringErrors: true }),
      }),
    ]),
);

/** Every route the simulator serves, as the spec names it. */
export const ROUTES = {
  users: r('v1', 'get', '/systemusers', LIST),
  user: r('v1', 'get', '/systemusers/{id}', { id: 'user' }),
  searchUsers: r('v1', 'post', '/search/systemusers', { maxLimit: 100 }),
  systems: r('v1', 'get', '/systems', LIST),
  system: r('v1', 'get', '/systems/{id}', { id: 'system' }),
  applications: r('v1', 'get', '/applications', LIST),
  application: r('v1', 'get', '/applications/{id}', { id: 'application' }),
  organizations: r('v1', 'get', '/organizations', LIST),
  organization: r('v1', 'get', '/organizations/{id}', { id: 'organization' }),
  radiusServers: r('v1', 'get', '/radiusservers', LIST),
  radiusServer: r('v1', 'get', '/radiusservers/{id}', { id: 'radius' }),
  userGroups: r('v2', 'get', '/usergroups', LIST),
  userGroup: r('v2', 'get', '/usergroups/{id}', { id: 'userGroup' }),
  userGroupMembers: r('v2', 'get', '/usergroups/{group_id}/members', { id: 'userGroup', maxLimit: 100 }),
  userGroupMembership: r('v2', 'get', '/usergroups/{group_id}/membership', { id: 'userGroup', ...LIST }),
  systemGroups: r('v2', 'get', '/systemgroups', LIST),
  systemGroup: r('v2', 'get', '/systemgroups/{id}', { id: 'systemGroup' }),
  systemGroupMembers: r('v2', 'get', '/systemgroups/{group_id}/members', {
    id: 'systemGroup',
    maxLimit: 100,
  }),
  applicationUserGroups: r('v2', 'get', '/applications/{application_id}/usergroups', {
    id: 'application',
    ...LIST,
  }),
  radiusUserGroups: r('v2', 'get', '/radiusservers/{radiusserver_id}/usergroups', { id: 'radius', ...LIST }),
  radiusUsers: r('v2', 'get', '/radiusservers/{radiusserver_id}/users', { id: 'radius', ...LIST }),
  userMemberOf: r('v2', 'get', '/users/{user_id}/memberof', { id: 'user', ...LIST }),
  systemMemberOf: r('v2', 'get', '/systems/{system_id}/memberof', { id: 'system', ...LIST }),
  userSystems: r('v2', 'get', '/users/{user_id}/systems', { id: 'user', ...LIST }),
  systemUsers: r('v2', 'get', '/systems/{system_id}/users', { id: 'system', ...LIST }),
  siSystemInfo: r('v2', 'get', '/systeminsights/system_info', INSIGHTS),
  siApps: r('v2', 'get', '/systeminsights/apps', INSIGHTS),
  siPrograms: r('v2', 'get', '/systeminsights/programs', INSIGHTS),
  siLinuxPackages: r('v2', 'get', '/systeminsights/linux_packages', INSIGHTS),
  diEvents: r('di', 'post', '/events'),
  ...SYSTEM_INSIGHTS_ROUTES,
  commands: r('v1', 'get', '/commands', LIST),
  command: r('v1', 'get', '/commands/{id}', { id: 'command' }),
  commandResultsOfCommand: r('v1', 'get', '/commands/{id}/results', { id: 'command', maxLimit: 100 }),
  commandResults: r('v1', 'get', '/commandresults', { maxLimit: 100 }),
  commandResult: r('v1', 'get', '/commandresults/{id}', { id: 'commandResult' }),
  commandSystems: r('v2', 'get', '/commands/{command_id}/systems', { id: 'command', ...LIST }),
  softwareApps: r('v2', 'get', '/softwareapps', LIST),
  softwareApp: r('v2', 'get', '/softwareapps/{id}', { id: 'softwareApp' }),
  softwareAppStatuses: r('v2', 'get', '/softwareapps/{software_app_id}/statuses', {
    id: 'softwareApp',
    ...LIST,
  }),
  systemSoftwareAppStatuses: r('v2', 'get', '/systems/{system_id}/softwareappstatuses', {
    id: 'system',
    ...LIST,
  }),
  directories: r('v2', 'get', '/directories', LIST),
  activeDirectories: r('v2', 'get', '/activedirectories', LIST),
  activeDirectory: r('v2', 'get', '/activedirectories/{id}', { id: 'activeDirectory' }),
  gsuite: r('v2', 'get', '/gsuites/{id}', { id: 'gsuite' }),
  office365: r('v2', 'get', '/office365s/{office365_id}', { id: 'office365' }),
  authnPolicies: r('v2', 'get', '/authn/policies', LIST),
  authnPolicy: r('v2', 'get', '/authn/policies/{id}', { id: 'authnPolicy' }),
  ipLists: r('v2', 'get', '/iplists', LIST),
  ipList: r('v2', 'get', '/iplists/{id}', { id: 'ipList' }),
  appleMdms: r('v2', 'get', '/applemdms', LIST),
  appleMdmDevices: r('v2', 'get', '/applemdms/{apple_mdm_id}/devices', { id: 'appleMdm', ...LIST }),
  appleMdmDevice: r('v2', 'get', '/applemdms/{apple_mdm_id}/devices/{device_id}', {
    id: 'appleMdm',
    id2: 'mdmDevice',
  }),
  policies: r('v2', 'get', '/policies', LIST),
  policy: r('v2', 'get', '/policies/{id}', { id: 'policy' }),
  policyTemplates: r('v2', 'get', '/policytemplates', LIST),
  policyTemplate: r('v2', 'get', '/policytemplates/{id}', { id: 'policyTemplate' }),
  policyGroups: r('v2', 'get', '/policygroups', LIST),
  policyGroup: r('v2', 'get', '/policygroups/{id}', { id: 'policyGroup' }),
  policyGroupMembers: r('v2', 'get', '/policygroups/{group_id}/members', {
    id: 'policyGroup',
    maxLimit: 100,
  }),
  policyResults: r('v2', 'get', '/policyresults', LIST),
  policyResult: r('v2', 'get', '/policyresults/{id}', { id: 'policyResult' }),
  policyPolicyResults: r('v2', 'get', '/policies/{policy_id}/policyresults', { id: 'policy', ...LIST }),
  policyStatuses: r('v2', 'get', '/policies/{policy_id}/policystatuses', { id: 'policy', ...LIST }),
  systemPolicyStatuses: r('v2', 'get', '/systems/{system_id}/policystatuses', { id: 'system', ...LIST }),
  policySystems: r('v2', 'get', '/policies/{policy_id}/systems', { id: 'policy', ...LIST }),
  systemPolicies: r('v2', 'get', '/systems/{system_id}/policies', { id: 'system', ...LIST }),
  ldapServers: r('v2', 'get', '/ldapservers', LIST),
  ldapServer: r('v2', 'get', '/ldapservers/{id}', { id: 'ldapServer' }),
  userApplications: r('v2', 'get', '/users/{user_id}/applications', { id: 'user', ...LIST }),
  userRadiusServers: r('v2', 'get', '/users/{user_id}/radiusservers', { id: 'user', ...LIST }),
  userLdapServers: r('v2', 'get', '/users/{user_id}/ldapservers', { id: 'user', ...LIST }),
  applicationUsers: r('v2', 'get', '/applications/{application_id}/users', { id: 'application', ...LIST }),
  ldapServerUsers: r('v2', 'get', '/ldapservers/{ldapserver_id}/users', { id: 'ldapServer', ...LIST }),
  userAssociations: r('v2', 'get', '/users/{user_id}/associations', associations('user', 'system')),
  userGroupAssociations: r(
    'v2',
    'get',
    '/usergroups/{group_id}/associations',
    associations('userGroup', 'system_group'),
  ),
  systemAssociations: r('v2', 'get', '/systems/{system_id}/associations', associations('system', 'user')),
  systemGroupAssociations: r(
    'v2',
    'get',
    '/systemgroups/{group_id}/associations',
    associations('systemGroup', 'user_group'),
  ),
  applicationAssociations: r(
    'v2',
    'get',
    '/applications/{application_id}/associations',
    associations('application', 'user_group'),
  ),
  radiusServerAssociations: r(
    'v2',
    'get',
    '/radiusservers/{radiusserver_id}/associations',
    associations('radius', 'user,user_group'),
  ),
  ldapServerAssociations: r(
    'v2',
    'get',
    '/ldapservers/{ldapserver_id}/associations',
    associations('ldapServer', 'user,user_group'),
  ),
  policyAssociations: r('v2', 'get', '/policies/{policy_id}/associations', associations('policy', 'system')),
  policyGroupAssociations: r(
    'v2',
    'get',
    '/policygroups/{group_id}/associations',
    associations('policyGroup', 'system'),
  ),
  commandAssociations: r(
    'v2',
    'get',
    '/commands/{command_id}/associations',
    associations('command', 'system'),
  ),
  softwareAppAssociations: r(
    'v2',
    'get',
    '/softwareapps/{software_app_id}/associations',
    associations('softwareApp', 'system_group'),
  ),
  gsuiteAssociations: r(
    'v2',
    'get',
    '/gsuites/{gsuite_id}/associations',
    associations('gsuite', 'user_group'),
  ),
  office365Associations: r(
    'v2',
    'get',
    '/office365s/{office365_id}/associations',
    associations('office365', 'user_group'),
  ),
  activeDirectoryAssociations: r(
    'v2',
    'get',
    '/activedirectories/{activedirectory_id}/associations',
    associations('activeDirectory', 'user,user_group'),
  ),
} satisfies Record<string, Route>;

export const ALL_ROUTES: Route[] = Object.values(ROUTES);
export const routeName = (route: Route): string =>
  `${route.spec} ${route.method.toUpperCase()} ${route.template}`;

/** Query parameters: an object (arrays repeat the key, `undefined` is left out) or ordered pairs. */
export type Query =
  | Record<string, string | number | readonly string[] | undefined>
  | readonly (readonly [string, string])[];

export interface CallOptions {
  /** The value of the route's path parameter. */
  id?: string;
  /** The value of its second path parameter, if it has one. */
  id2?: string;
  query?: Query;
  body?: unknown;
  /** Extra headers; `null` removes a default header (e.g. `{ 'x-api-key': null }`). */
  headers?: Record<string, string | null>;
}

export interface ApiResponse {
  status: number;
  contentType: string | null;
  body: unknown;
  url: string;
  headers: Headers;
}

/** A query as ordered `[key, value]` pairs. */
export function queryPairs(query: Query = {}): [string, string][] {
  if (Array.isArray(query)) return query.map(([k, v]) => [k, v]);
  return Object.entries(query).flatMap(([k, v]): [string, string][] => {
    if (v === undefined) return [];
    if (Array.isArray(v)) return v.map((x: string) => [k, x]);
    return [[k, String(v)]];
  });
}

/** The query with `limit` and `skip` set (replacing any given). */
export const withPage = (query: Query | undefined, limit: number, skip: number): Query => [
  ...queryPairs(query).filter(([k]) => k !== 'limit' && k !== 'skip'),
  ['limit', String(limit)],
  ['skip', String(skip)],
];

export function buildUrl(sim: Simulator, route: Route, options: CallOptions = {}): string {
  const values = [options.id, options.id2];
  let placeholder = 0;
  const path = route.template.replace(/\{[^}]+\}/g, () => {
    const value = values[placeholder++];
    if (value === undefined)
      throw new Error(`${routeName(route)} needs ${placeholder === 1 ? 'an id' : 'a second id'}`);
    return encodeURIComponent(value);
  });
  const url = new URL(PREFIX[route.spec] + path, sim.url);
  const entries = queryPairs(options.query);
  for (const [k, v] of entries) url.searchParams.append(k, v);
  return url.toString();
}

/** Calls a route by its spec template. Sends `x-api-key` unless told otherwise. */
export async function call(sim: Simulator, route: Route, options: CallOptions = {}): Promise<ApiResponse> {
  const url = buildUrl(sim, route, options);
  const headers: Record<string, string> = { accept: 'application/json', 'x-api-key': sim.apiKey };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  for (const [k, v] of Object.entries(options.headers ?? {})) {
    if (v === null) delete headers[k];
    else headers[k] = v;
  }
  const response = await fetch(url, {
    method: route.method.toUpperCase(),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body,
    url,
    headers: response.headers,
  };
}

const describeCall = (res: ApiResponse, result?: ValidationResult) =>
  `${res.url} → ${res.status}${result ? ` validated against ${result.schema}` : ''}`;

/** Expects `status` with a JSON body that conforms to the route's declared response schema. */
export function expectConforms(route: Route, res: ApiResponse, status = 200): ValidationResult {
  expect(res.status, `${describeCall(res)}: ${JSON.stringify(res.body)?.slice(0, 300)}`).toBe(status);
  expect(res.contentType, describeCall(res)).toMatch(/^application\/json\b/);
  const result = validateResponse(route.spec, route.method, route.template, res.status, res.body);
  expect(result.errors, describeCall(res, result)).toEqual([]);
  return result;
}

/**
 * Expects an error `status` whose body conforms to the route's declared response for it. Where the
 * route declares the status without a body, or not at all, the body is validated against the API's
 * `Error` schema (`ErrorMessage` for Directory Insights): see `ResponseOptions.errorFallback`.
 */
export function expectError(
  route: Route,
  res: ApiResponse,
  status: number,
  { code = true }: { code?: boolean } = {},
): ValidationResult {
  expect(res.status, `${describeCall(res)}: ${JSON.stringify(res.body)?.slice(0, 300)}`).toBe(status);
  expect(res.contentType, describeCall(res)).toMatch(/^application\/json\b/);
  const result = validateResponse(route.spec, route.method, route.template, res.status, res.body, {
    errorFallback: true,
  });
  expect(result.errors, describeCall(res, result)).toEqual([]);
  // Error declares no required fields; every example in the spec carries `code`, so we expect it too.
  if (route.stringErrors && status === 400) expect(typeof res.body, describeCall(res)).toBe('string');
  else if (code && route.spec !== 'di') expect(res.body, describeCall(res)).toMatchObject({ code: status });
  return result;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The items of a list body: v1 `results`, or a v2 bare array. */
export function itemsOf(body: unknown): Obj[] {
  const items = Array.isArray(body)
    ? body
    : isObj(body) && Array.isArray(body.results)
      ? body.results
      : undefined;
  if (!items) throw new Error(`not a list body: ${JSON.stringify(body)?.slice(0, 200)}`);
  return items.filter(isObj);
}

export const idOf = (item: Obj): string => String(item._id ?? item.id);

/**
 * Every object of a list route (limit 100, skip until a short page), each page validated against
 * the spec. v1 pages must all report the same `totalCount`.
 */
export async function listAll(sim: Simulator, route: Route, options: CallOptions = {}): Promise<Obj[]> {
  const all: Obj[] = [];
  for (let skip = 0; ; skip += 100) {
    const res = await call(sim, route, { ...options, query: withPage(options.query, 100, skip) });
    expectConforms(route, res);
    const page = itemsOf(res.body);
    all.push(...page);
    if (isObj(res.body) && typeof res.body.totalCount === 'number' && all.length >= res.body.totalCount)
      break;
    if (page.length < 100) break;
  }
  return all;
}

/** The ids of every object of the primary org, by kind, read through the API. */
export type Inventory = Record<IdKind, Obj[]>;

/** The demo simulator every contract file runs against, and every object it serves, by kind. */
export async function openDemoFixture(): Promise<{ sim: Simulator; inv: Inventory }> {
  const sim = await startDemo();
  return { sim, inv: await inventory(sim) };
}

export async function inventory(sim: Simulator): Promise<Inventory> {
  const [user, system, application, organization, radius, userGroup, systemGroup, ldapServer] =
    await Promise.all(
      [
        ROUTES.users,
        ROUTES.systems,
        ROUTES.applications,
        ROUTES.organizations,
        ROUTES.radiusServers,
        ROUTES.userGroups,
        ROUTES.systemGroups,
        ROUTES.ldapServers,
      ].map((route) => listAll(sim, route)),
    );
  const [command, commandResult, softwareApp] = await Promise.all(
    [ROUTES.commands, ROUTES.commandResults, ROUTES.softwareApps].map((route) => listAll(sim, route)),
  );
  const [directory, activeDirectory, authnPolicy, ipList, appleMdm] = await Promise.all(
    [
      ROUTES.directories,
      ROUTES.activeDirectories,
      ROUTES.authnPolicies,
      ROUTES.ipLists,
      ROUTES.appleMdms,
    ].map((route) => listAll(sim, route)),
  );
  const firstMdm = appleMdm![0];
  return {
    user: user!,
    system: system!,
    application: application!,
    organization: organization!,
    radius: radius!,
    userGroup: userGroup!,
    systemGroup: systemGroup!,
    ldapServer: ldapServer!,
    command: command!,
    commandResult: commandResult!,
    softwareApp: softwareApp!,
    directory: directory!,
    gsuite: directory!.filter((d) => d.type === 'g_suite'),
    office365: directory!.filter((d) => d.type === 'office_365'),
    activeDirectory: activeDirectory!,
    authnPolicy: authnPolicy!,
    ipList: ipList!,
    appleMdm: appleMdm!,
    // The devices of the first MDM (the org has one): what the device get's second id names.
    mdmDevice: firstMdm ? await listAll(sim, ROUTES.appleMdmDevices, { id: idOf(firstMdm) }) : [],
    ...(await policyInventory(sim)),
  };
}

/** The policy objects of the primary org, by kind. */
async function policyInventory(sim: Simulator) {
  const [policy, policyTemplate, policyGroup, policyResult] = await Promise.all(
    [ROUTES.policies, ROUTES.policyTemplates, ROUTES.policyGroups, ROUTES.policyResults].map((route) =>
      listAll(sim, route),
    ),
  );
  return {
    policy: policy!,
    policyTemplate: policyTemplate!,
    policyGroup: policyGroup!,
    policyResult: policyResult!,
  };
}

/** A syntactically valid ObjectId that names nothing. */
export const UNKNOWN_ID = '0123456789abcdef01234567';
