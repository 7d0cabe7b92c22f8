/**
 * The policy routes that compute their answer: a policy group's members, the latest result of each
 * policy on each device (policystatuses, by policy and by device), a policy's results, and the
 * devices a policy reaches and the policies a device gets (graph traversals). Policies, templates,
 * groups and results are listed and read from the catalog (resources.ts).
 */
import { policyViews } from '../data/policies.js';
import { hop, Reached } from './graph.js';
import { v2List } from './lists.js';
import { lookup, RESOURCES } from './resources.js';
import type { RequestContext, RouteDef } from './route.js';

/** Graph lists document `object_id` and `type` as their filter fields. */
const GRAPH = { rename: { object_id: 'id' }, fields: false } as const;

const policy = (ctx: RequestContext) => lookup(ctx, RESOURCES.policies, ctx.path.policy_id!);
const system = (ctx: RequestContext) => lookup(ctx, RESOURCES.systems, ctx.path.system_id!);

/** Devices a policy reaches: bound directly, or through a device group; only devices of its OS. */
function systemsOfPolicy(ctx: RequestContext, policyId: string) {
  const { policies } = ctx.org;
  const reached = new Reached();
  for (const id of policies.systems.get(policyId) ?? []) reached.add('system', id, [hop('system', id)]);
  for (const group of policies.systemGroups.get(policyId) ?? [])
    for (const id of ctx.org.systemGroupMembers.get(group) ?? [])
      reached.add('system', id, [hop('system_group', group), hop('system', id)]);
  return reached.list();
}

/** Policies a device gets: bound to it directly, or to a device group it is in. */
function policiesOfSystem(ctx: RequestContext, systemId: string) {
  const { policies } = ctx.org;
  const groups = new Set(ctx.view.groupsOfSystem(systemId));
  const reached = new Reached();
  for (const p of policies.policies) {
    if (policies.systems.get(p.id)?.includes(systemId)) reached.add('policy', p.id, [hop('policy', p.id)]);
    for (const group of policies.systemGroups.get(p.id) ?? [])
      if (groups.has(group)) reached.add('policy', p.id, [hop('system_group', group), hop('policy', p.id)]);
  }
  return reached.list();
}

export const policyRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: '/api/v2/policygroups/{group_id}/members',
    handler: (ctx) => {
      const id = lookup(ctx, RESOURCES.policyGroups, ctx.path.group_id!).id;
      const members = ctx.org.policies.groupMembers.get(id) ?? [];
      return v2List(
        ctx,
        members.map((m) => hop('policy', m)),
        { fields: false },
      );
    },
  },
  {
    method: 'GET',
    template: '/api/v2/policies/{policy_id}/policystatuses',
    handler: (ctx) => v2List(ctx, policyViews(ctx.org.policies).statusesByPolicy.get(policy(ctx).id) ?? []),
  },
  {
    method: 'GET',
    template: '/api/v2/systems/{system_id}/policystatuses',
    handler: (ctx) => v2List(ctx, policyViews(ctx.org.policies).statusesBySystem.get(system(ctx)._id) ?? []),
  },
  {
    method: 'GET',
    template: '/api/v2/policies/{policy_id}/policyresults',
    handler: (ctx) => v2List(ctx, policyViews(ctx.org.policies).resultsByPolicy.get(policy(ctx).id) ?? []),
  },
  {
    method: 'GET',
    template: '/api/v2/policies/{policy_id}/systems',
    handler: (ctx) => v2List(ctx, systemsOfPolicy(ctx, policy(ctx).id), GRAPH),
  },
  {
    method: 'GET',
    template: '/api/v2/systems/{system_id}/policies',
    handler: (ctx) => v2List(ctx, policiesOfSystem(ctx, system(ctx)._id), GRAPH),
  },
];
