import type { GraphConnection } from '../client/index.js';
import { col } from '../sdk/index.js';
import { organizationIdColumn } from './common.js';
import { fanOutTable } from './fan-out.js';

/** A device a policy applies to, and the paths (direct, or through device groups) it is bound by. */
interface Binding extends Record<string, unknown> {
  policy_id: unknown;
  device_id: unknown;
  paths: GraphConnection[][];
}

const binding = (policyId: unknown, deviceId: unknown, entry: Record<string, unknown>): Binding => ({
  policy_id: policyId,
  device_id: deviceId,
  paths: Array.isArray(entry.paths) ? (entry.paths as GraphConnection[][]) : [],
});

/** The device groups the paths go through. */
const deviceGroups = (row: Binding): string[] => [
  ...new Set(
    row.paths.flatMap((path) => path.filter((hop) => hop.to.type === 'system_group').map((hop) => hop.to.id)),
  ),
];

export const jumpcloud_policy_device = fanOutTable<Binding>({
  name: 'jumpcloud_policy_device',
  description:
    'JumpCloud Policy Device: one row per policy and device it is bound to, directly or through device groups.',
  keys: [
    {
      column: 'policy_id',
      list: { path: '/api/v2/policies/{policy_id}/systems', paging: 'v2' },
      row: (entry, parent) => binding(parent.id, entry.id, entry),
    },
    {
      column: 'device_id',
      list: { path: '/api/v2/systems/{system_id}/policies', paging: 'v2' },
      row: (entry, parent) => binding(entry.id, parent.id, entry),
    },
  ],
  scan: { key: 'policy_id', list: { path: '/api/v2/policies', paging: 'v2' }, idField: 'id' },
  columns: [
    col.string('policy_id', 'The ID of the policy.'),
    col.string('device_id', 'The ID of the device (system).'),
    col.bool('direct', 'True if the policy is bound to the device itself (not only through groups).', {
      from: (row) => row.paths.some((path) => path.length === 1),
    }),
    col.json(
      'device_group_ids',
      'The IDs of the device groups through which the policy reaches the device.',
      {
        from: (row) => deviceGroups(row),
      },
    ),
    col.json('paths', 'Every path from the policy to the device, as the API lists them.'),
    organizationIdColumn(),
  ],
});
