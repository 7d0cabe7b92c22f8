/**
 * The directory graph's access routes: every object type's direct associations (answered from the
 * org's edges, data/edges.ts) and the user ↔ resource traversals (applications, RADIUS and LDAP
 * servers) with their paths through user groups.
 */
import { associationTargets } from '../../api/index.js';
import { badRequest } from '../errors.js';
import { byId } from './directories.js';
import { type Compile, compileGroupAttribute, type GraphType, hop, Reached } from './graph.js';
import { v2List } from './lists.js';
import { lookup, RESOURCES } from './resources.js';
import type { RequestContext, RouteDef } from './route.js';
import { usersOfGroup } from './v2.js';

/** Graph lists document `object_id` and `type` as their filter fields. */
const GRAPH = { rename: { object_id: 'id' }, fields: false } as const;

/** An object type whose associations the simulator answers: its route, its lookup and its targets. */
interface AssociationType {
  type: GraphType;
  /** The path of the object, its one `{…}` placeholder its id. */
  path: string;
  /** The object's id, or a 404 when the org has none with it. */
  find: (ctx: RequestContext, id: string) => string;
}

/** Every type with an associations route; a new family adds its entry here. */
export const ASSOCIATION_TYPES: readonly AssociationType[] = [
  {
    type: 'user',
    path: '/api/v2/users/{user_id}',
    find: (ctx, id) => lookup(ctx, RESOURCES.users, id)._id,
  },
  {
    type: 'user_group',
    path: '/api/v2/usergroups/{group_id}',
    find: (ctx, id) => lookup(ctx, RESOURCES.userGroups, id).id,
  },
  {
    type: 'system',
    path: '/api/v2/systems/{system_id}',
    find: (ctx, id) => lookup(ctx, RESOURCES.systems, id)._id,
  },
  {
    type: 'system_group',
    path: '/api/v2/systemgroups/{group_id}',
    find: (ctx, id) => lookup(ctx, RESOURCES.systemGroups, id).id,
  },
  {
    type: 'application',
    path: '/api/v2/applications/{application_id}',
    find: (ctx, id) => lookup(ctx, RESOURCES.applications, id)._id,
  },
  {
    type: 'radius_server',
    path: '/api/v2/radiusservers/{radiusserver_id}',
    find: (ctx, id) => lookup(ctx, RESOURCES.radiusServers, id)._id,
  },
  {
    type: 'ldap_server',
    path: '/api/v2/ldapservers/{ldapserver_id}',
    find: (ctx, id) => lookup(ctx, RESOURCES.ldapServers, id).id,
  },
  {
    type: 'policy',
    path: '/api/v2/policies/{policy_id}',
    find: (ctx, id) => lookup(ctx, RESOURCES.policies, id).id,
  },
  {
    type: 'policy_group',
    path: '/api/v2/policygroups/{group_id}',
    find: (ctx, id) => lookup(ctx, RESOURCES.policyGroups, id).id,
  },
  {
    type: 'command',
    path: '/api/v2/commands/{command_id}',
    find: (ctx, id) => lookup(ctx, RESOURCES.commands, id)._id,
  },
  {
    type: 'software_app',
    path: '/api/v2/softwareapps/{software_app_id}',
    find: (ctx, id) => lookup(ctx, RESOURCES.softwareApps, id).id,
  },
  {
    type: 'g_suite',
    path: '/api/v2/gsuites/{gsuite_id}',
    find: (ctx, id) => byId(ctx.org.identity.gsuites, id, 'G Suite').id,
  },
  {
    type: 'office_365',
    path: '/api/v2/office365s/{office365_id}',
    find: (ctx, id) => byId(ctx.org.identity.office365s, id, 'Office 365').id,
  },
  {
    type: 'active_directory',
    path: '/api/v2/activedirectories/{activedirectory_id}',
    find: (ctx, id) => lookup(ctx, RESOURCES.activeDirectories, id).id,
  },
];

const idParam = (path: string): string => /\{([^}]+)\}/.exec(path)![1]!;

/** The `targets` query parameter (`a,b` or repeated), each one checked against the type's. */
function targetsOf(ctx: RequestContext, allowed: readonly string[]): Set<string> {
  const given = ctx.params
    .getAll('targets')
    .flatMap((value) => value.split(','))
    .filter((t) => t !== '');
  if (given.length === 0) throw badRequest('Bad Request: targets is required');
  for (const target of given) {
    if (!allowed.includes(target))
      throw badRequest(`Bad Request: targets: ${target} is not one of ${allowed.join(', ')}`);
  }
  return new Set(given);
}

const associationRoutes: RouteDef[] = ASSOCIATION_TYPES.map((entry) => ({
  method: 'GET',
  template: `${entry.path}/associations`,
  handler: (ctx) => {
    const id = entry.find(ctx, ctx.path[idParam(entry.path)]!);
    const targets = targetsOf(ctx, associationTargets(`${entry.path}/associations`));
    const edges = ctx.view
      .edges(entry.type, id)
      .filter((end) => targets.has(end.to.type))
      .map((end) => ({
        attributes: end.attributes,
        to: { attributes: null, id: end.to.id, type: end.to.type },
      }));
    return v2List(ctx, edges, { fields: false });
  },
}));

/** What a user's paths to a resource of `type` compile to: the user groups' RADIUS or LDAP attributes. */
function compiler(ctx: RequestContext, type: GraphType): Compile | undefined {
  const groupAttributes = (id: string) => lookup(ctx, RESOURCES.userGroups, id).attributes;
  if (type === 'radius_server') return compileGroupAttribute('radius', groupAttributes);
  if (type === 'ldap_server') return compileGroupAttribute('ldapGroups', groupAttributes);
  return undefined;
}

/** Resources of `type` a user reaches: bound directly, or through a user group bound to them. */
function resourcesOfUser(ctx: RequestContext, userId: string, type: GraphType) {
  const reached = new Reached(compiler(ctx, type));
  for (const end of ctx.view.edges('user', userId, type))
    reached.add(type, end.to.id, [hop(type, end.to.id, end.attributes)]);
  for (const group of ctx.view.groupsOfUser(userId)) {
    for (const end of ctx.view.edges('user_group', group, type))
      reached.add(type, end.to.id, [hop('user_group', group), hop(type, end.to.id, end.attributes)]);
  }
  return reached.list();
}

/** Users that reach a resource: bound directly, or members of a user group bound to it. */
function usersOfResource(ctx: RequestContext, type: GraphType, id: string) {
  const reached = new Reached(compiler(ctx, type));
  for (const end of ctx.view.edges(type, id, 'user'))
    reached.add('user', end.to.id, [hop('user', end.to.id, end.attributes)]);
  for (const end of ctx.view.edges(type, id, 'user_group'))
    usersOfGroup(ctx, end.to.id, [hop('user_group', end.to.id, end.attributes)], reached);
  return reached.list();
}

const application = ASSOCIATION_TYPES.find((t) => t.type === 'application')!;
const ldapServer = ASSOCIATION_TYPES.find((t) => t.type === 'ldap_server')!;
const radiusServer = ASSOCIATION_TYPES.find((t) => t.type === 'radius_server')!;
const userOf = (ctx: RequestContext) => lookup(ctx, RESOURCES.users, ctx.path.user_id!)._id;

const traversalRoutes: RouteDef[] = [
  ...(
    [
      ['applications', 'application'],
      ['radiusservers', 'radius_server'],
      ['ldapservers', 'ldap_server'],
    ] as const
  ).map(
    ([segment, type]): RouteDef => ({
      method: 'GET',
      template: `/api/v2/users/{user_id}/${segment}`,
      handler: (ctx) => v2List(ctx, resourcesOfUser(ctx, userOf(ctx), type), GRAPH),
    }),
  ),
  ...[application, radiusServer, ldapServer].map(
    (entry): RouteDef => ({
      method: 'GET',
      template: `${entry.path}/users`,
      handler: (ctx) =>
        v2List(ctx, usersOfResource(ctx, entry.type, entry.find(ctx, ctx.path[idParam(entry.path)]!)), GRAPH),
    }),
  ),
];

/** The association and access-traversal routes. */
export const accessRoutes: RouteDef[] = [...associationRoutes, ...traversalRoutes];
