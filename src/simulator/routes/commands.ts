/**
 * Commands and software apps: the routes that compute their answer (a command's results, the
 * devices a command reaches, an app's statuses, a device's apps with their statuses). The plain
 * lists and gets are in the catalog (resources.ts).
 */
import type { Targets } from '../data/command-types.js';
import { hop, Reached } from './graph.js';
import { v2List } from './lists.js';
import { lookup, RESOURCES } from './resources.js';
import type { RequestContext, RouteDef } from './route.js';

/** Graph lists document `object_id` and `type` as their filter fields. */
const GRAPH = { rename: { object_id: 'id' }, fields: false } as const;

/** The devices a binding reaches: bound directly, or through a device group. */
function systemsOf(ctx: RequestContext, targets: Targets | undefined) {
  const reached = new Reached();
  for (const id of targets?.systems ?? []) reached.add('system', id, [hop('system', id)]);
  for (const group of targets?.systemGroups ?? []) {
    for (const id of ctx.org.systemGroupMembers.get(group) ?? [])
      reached.add('system', id, [hop('system_group', group), hop('system', id)]);
  }
  return reached.list();
}

export const commandRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: '/api/commands/{id}/results',
    handler: (ctx) => {
      const command = lookup(ctx, RESOURCES.commands, ctx.path.id!);
      const results = ctx.org.commandResults.filter((r) => r.workflowId === command._id);
      return v2List(ctx, results, { fields: false });
    },
  },
  {
    method: 'GET',
    template: '/api/v2/commands/{command_id}/systems',
    handler: (ctx) => {
      const command = lookup(ctx, RESOURCES.commands, ctx.path.command_id!);
      return v2List(ctx, systemsOf(ctx, ctx.org.commandTargets.get(command._id)), GRAPH);
    },
  },
  {
    method: 'GET',
    template: '/api/v2/softwareapps/{software_app_id}/statuses',
    handler: (ctx) => {
      const app = lookup(ctx, RESOURCES.softwareApps, ctx.path.software_app_id!);
      return v2List(
        ctx,
        ctx.org.softwareAppStatuses.filter((s) => s.softwareAppId === app.id),
      );
    },
  },
  {
    method: 'GET',
    template: '/api/v2/systems/{system_id}/softwareappstatuses',
    handler: (ctx) => {
      const system = lookup(ctx, RESOURCES.systems, ctx.path.system_id!);
      const apps = RESOURCES.softwareApps.listRows!(ctx) as ReturnType<typeof RESOURCES.softwareApps.rows>;
      const appOf = new Map(apps.map((app) => [app.id, app]));
      const rows = ctx.org.softwareAppStatuses
        .filter((s) => s.systemId === system._id)
        .map((status) => ({ app: appOf.get(status.softwareAppId), status }));
      return v2List(ctx, rows, { fields: false });
    },
  },
];
