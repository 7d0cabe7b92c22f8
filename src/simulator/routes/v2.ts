import { bindingKey } from '../data/bindings.js';
import { compileSudo, type GraphConnection, hop, Reached } from './graph.js';
import { v2List } from './lists.js';
import { lookup, RESOURCES } from './resources.js';
import type { RequestContext, RouteDef } from './route.js';

/** Graph lists document `object_id` and `type` as their filter fields. */
const GRAPH = { rename: { object_id: 'id' }, fields: false } as const;

const userGroup = (ctx: RequestContext, id: string) => lookup(ctx, RESOURCES.userGroups, id);
const systemGroup = (ctx: RequestContext, id: string) => lookup(ctx, RESOURCES.systemGroups, id);
const user = (ctx: RequestContext, id: string) => lookup(ctx, RESOURCES.users, id);
const system = (ctx: RequestContext, id: string) => lookup(ctx, RESOURCES.systems, id);

const members = (ids: readonly string[], type: 'user' | 'system'): GraphConnection[] =>
  ids.map((id) => hop(type, id));

export function usersOfGroup(
  ctx: RequestContext,
  groupId: string,
  prefix: GraphConnection[],
  reached: Reached,
) {
  for (const id of ctx.org.userGroupMembers.get(groupId) ?? [])
    reached.add('user', id, [...prefix, hop('user', id)]);
}

/** A user's sudo on a device, from the direct binding's attributes and the user groups' sudo. */
export const sudoOnDevice = (ctx: RequestContext) =>
  compileSudo((groupId) => userGroup(ctx, groupId).attributes?.sudo);

/** The attributes of a direct user↔device binding. */
const binding = (ctx: RequestContext, systemId: string, userId: string) =>
  ctx.org.systemUserAttributes.get(bindingKey(systemId, userId)) ?? null;

/** Systems a user reaches: bound directly, or through user group → device group → device. */
function systemsOfUser(ctx: RequestContext, userId: string) {
  const reached = new Reached(sudoOnDevice(ctx));
  for (const id of ctx.view.systemsOfUser(userId))
    reached.add('system', id, [hop('system', id, binding(ctx, id, userId))]);
  for (const ug of ctx.view.groupsOfUser(userId)) {
    for (const sg of ctx.org.userGroupSystemGroups.get(ug) ?? []) {
      for (const id of ctx.org.systemGroupMembers.get(sg) ?? []) {
        reached.add('system', id, [hop('user_group', ug), hop('system_group', sg), hop('system', id)]);
      }
    }
  }
  return reached.list();
}

/** Users that reach a system: bound directly, or through device group ← user group ← user. */
function usersOfSystem(ctx: RequestContext, systemId: string) {
  const reached = new Reached(sudoOnDevice(ctx));
  for (const id of ctx.org.systemUsers.get(systemId) ?? [])
    reached.add('user', id, [hop('user', id, binding(ctx, systemId, id))]);
  for (const sg of ctx.view.groupsOfSystem(systemId)) {
    for (const ug of ctx.view.userGroupsOfSystemGroup(sg)) {
      usersOfGroup(ctx, ug, [hop('system_group', sg), hop('user_group', ug)], reached);
    }
  }
  return reached.list();
}

function boundGroups(ctx: RequestContext, ids: readonly string[]) {
  const reached = new Reached();
  for (const id of ids) reached.add('user_group', id, [hop('user_group', id)]);
  return v2List(ctx, reached.list(), GRAPH);
}

/** Routes that compute their answer; the plain lists and gets are made from the catalog (resources.ts). */
export const v2Routes: RouteDef[] = [
  {
    method: 'GET',
    template: '/api/v2/usergroups/{group_id}/members',
    handler: (ctx) => {
      const id = userGroup(ctx, ctx.path.group_id!).id;
      return v2List(ctx, members(ctx.org.userGroupMembers.get(id) ?? [], 'user'), { fields: false });
    },
  },
  {
    method: 'GET',
    template: '/api/v2/usergroups/{group_id}/membership',
    handler: (ctx) => {
      const reached = new Reached();
      usersOfGroup(ctx, userGroup(ctx, ctx.path.group_id!).id, [], reached);
      return v2List(ctx, reached.list(), GRAPH);
    },
  },
  {
    method: 'GET',
    template: '/api/v2/systemgroups/{group_id}/members',
    handler: (ctx) => {
      const id = systemGroup(ctx, ctx.path.group_id!).id;
      return v2List(ctx, members(ctx.org.systemGroupMembers.get(id) ?? [], 'system'), { fields: false });
    },
  },
  {
    method: 'GET',
    template: '/api/v2/applications/{application_id}/usergroups',
    handler: (ctx) => {
      const app = lookup(ctx, RESOURCES.applications, ctx.path.application_id!);
      return boundGroups(ctx, ctx.org.applicationUserGroups.get(app._id) ?? []);
    },
  },
  {
    method: 'GET',
    template: '/api/v2/radiusservers/{radiusserver_id}/usergroups',
    handler: (ctx) => {
      const id = ctx.path.radiusserver_id!;
      lookup(ctx, RESOURCES.radiusServers, id);
      return boundGroups(ctx, ctx.org.radiusUserGroups.get(id) ?? []);
    },
  },
  {
    method: 'GET',
    template: '/api/v2/users/{user_id}/memberof',
    handler: (ctx) => {
      const id = user(ctx, ctx.path.user_id!)._id;
      const reached = new Reached();
      for (const g of ctx.view.groupsOfUser(id)) reached.add('user_group', g, [hop('user_group', g)]);
      return v2List(ctx, reached.list(), GRAPH);
    },
  },
  {
    method: 'GET',
    template: '/api/v2/systems/{system_id}/memberof',
    handler: (ctx) => {
      const id = system(ctx, ctx.path.system_id!)._id;
      const reached = new Reached();
      for (const g of ctx.view.groupsOfSystem(id)) reached.add('system_group', g, [hop('system_group', g)]);
      return v2List(ctx, reached.list(), GRAPH);
    },
  },
  {
    method: 'GET',
    template: '/api/v2/users/{user_id}/systems',
    handler: (ctx) => v2List(ctx, systemsOfUser(ctx, user(ctx, ctx.path.user_id!)._id), GRAPH),
  },
  {
    method: 'GET',
    template: '/api/v2/systems/{system_id}/users',
    handler: (ctx) => v2List(ctx, usersOfSystem(ctx, system(ctx, ctx.path.system_id!)._id), GRAPH),
  },
];
