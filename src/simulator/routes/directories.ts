/**
 * The directory and Apple MDM routes that are not a plain catalog list/get (resources.ts): the
 * G Suite and Office 365 gets (the spec has no list for them; `/directories` lists them), and an
 * Apple MDM's devices.
 */
import type { AppleMdmDevice } from '../data/identity-types.js';
import { notFound } from '../errors.js';
import { v2List } from './lists.js';
import type { RequestContext, RouteDef } from './route.js';

/** One of the org's objects by id, or a 404 naming it. */
export function byId<Row extends { id: string }>(rows: readonly Row[], id: string, what: string): Row {
  const row = rows.find((candidate) => candidate.id === id);
  if (!row) throw notFound(what, id);
  return row;
}

function devicesOf(ctx: RequestContext): readonly AppleMdmDevice[] {
  const mdm = byId(ctx.org.identity.appleMdms, ctx.path.apple_mdm_id!, 'Apple MDM');
  return ctx.org.identity.mdmDevices.get(mdm.id) ?? [];
}

export const directoryRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: '/api/v2/gsuites/{id}',
    handler: (ctx) => byId(ctx.org.identity.gsuites, ctx.path.id!, 'G Suite'),
  },
  {
    method: 'GET',
    template: '/api/v2/office365s/{office365_id}',
    handler: (ctx) => byId(ctx.org.identity.office365s, ctx.path.office365_id!, 'Office 365'),
  },
  {
    method: 'GET',
    template: '/api/v2/applemdms/{apple_mdm_id}/devices',
    // Filter and sort on createdAt, depRegistered, enrolled, id, osVersion, serialNumber, udid.
    handler: (ctx) => v2List(ctx, devicesOf(ctx), { fields: false }),
  },
  {
    method: 'GET',
    template: '/api/v2/applemdms/{apple_mdm_id}/devices/{device_id}',
    handler: (ctx) => byId(devicesOf(ctx), ctx.path.device_id!, 'Apple MDM device'),
  },
];
