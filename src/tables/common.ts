import type { JumpCloudClient } from '../client/index.js';
import { type ColumnDef, col, type ScanContext } from '../sdk/index.js';

export type Ctx = ScanContext<JumpCloudClient>;

/**
 * `organization_id`: the organization of the connection that read the row (config or env); a
 * qual on it picks the connections to read.
 */
export const organizationIdColumn = <Item>(): ColumnDef<Item> =>
  col.string('organization_id', 'Specifies the ID of the organization.', {
    connectionValue: (connection) => connection.orgId,
  });

export const titleColumn = <Item>(from: string): ColumnDef<Item> =>
  col.string('title', 'Title of the resource.', { from });

/** The list function of the device software tables: one System Insights listing, or only the devices asked for. */
export function listSystemInsights(table: string) {
  return (ctx: Ctx) => {
    const deviceIds = ctx.equals('device_id');
    const filters = deviceIds ? [{ field: 'system_id', values: deviceIds.map(String) }] : [];
    return ctx.connection.client.systemInsights<Record<string, unknown>>(table, {
      filters,
      limit: ctx.limit,
      signal: ctx.signal,
    });
  };
}
