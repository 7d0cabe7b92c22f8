import { col } from '../sdk/index.js';
import { getTarget, organizationIdColumn } from './common.js';
import { fanOutTable, getOncePerScan, type ParentRef } from './fan-out.js';

/** One policy of one policy group. */
interface Membership extends Record<string, unknown> {
  group_id: string;
  group: ParentRef['item'];
  policy_id: unknown;
}

const groupGet = '/api/v2/policygroups/{id}';

export const jumpcloud_policy_group_member = fanOutTable<Membership>({
  name: 'jumpcloud_policy_group_member',
  description: 'JumpCloud Policy Group Member: one row per policy of a policy group.',
  keys: [
    {
      column: 'group_id',
      list: { path: '/api/v2/policygroups/{group_id}/members', paging: 'v2' },
      row: (entry, parent) => ({
        group_id: parent.id,
        group: parent.item,
        policy_id: (entry.to as Record<string, unknown> | undefined)?.id,
      }),
    },
  ],
  scan: { key: 'group_id', list: { path: '/api/v2/policygroups', paging: 'v2' }, idField: 'id' },
  hydrates: {
    // A full scan lists the groups and has their names; rows read by group_id ask once per group.
    group: {
      requests: getTarget(groupGet),
      run: async (row, ctx) => row.group ?? (await getOncePerScan(groupGet, row.group_id, ctx)),
    },
  },
  columns: [
    col.string('group_id', 'The ID of the policy group.'),
    col.string('group_name', 'The name of the policy group.', {
      hydrate: 'group',
      from: (_row, group) => (group as { name?: unknown } | null)?.name,
    }),
    col.string('policy_id', 'The ID of the policy.'),
    organizationIdColumn(),
  ],
});
