import { col } from '../sdk/index.js';
import { getTarget, organizationIdColumn } from './common.js';
import { fanOutTable, getOncePerScan, type ParentRef } from './fan-out.js';

/** One member of one user group: the group, and the member the members list names. */
interface Membership extends Record<string, unknown> {
  group_id: string;
  group: ParentRef['item'];
  member_id: unknown;
  member_type: unknown;
}

const groupGet = '/api/v2/usergroups/{id}';

export const jumpcloud_user_group_member = fanOutTable<Membership>({
  name: 'jumpcloud_user_group_member',
  description: 'JumpCloud User Group Member: one row per direct member of a user group.',
  keys: [
    {
      column: 'group_id',
      list: { path: '/api/v2/usergroups/{group_id}/members', paging: 'v2' },
      row: (entry, parent) => ({
        group_id: parent.id,
        group: parent.item,
        member_id: (entry.to as Record<string, unknown> | undefined)?.id,
        member_type: (entry.to as Record<string, unknown> | undefined)?.type,
      }),
    },
  ],
  scan: { key: 'group_id', list: { path: '/api/v2/usergroups', paging: 'v2' }, idField: 'id' },
  hydrates: {
    // A full scan lists the groups and has their names; rows read by group_id ask once per group.
    group: {
      requests: getTarget(groupGet),
      run: async (row, ctx) => row.group ?? (await getOncePerScan(groupGet, row.group_id, ctx)),
    },
  },
  columns: [
    col.string('group_id', 'The ID of the user group.'),
    col.string('group_name', 'The name of the user group.', {
      hydrate: 'group',
      from: (_row, group) => (group as { name?: unknown } | null)?.name,
    }),
    col.string('member_id', 'The ID of the member (a user).'),
    col.string('member_type', 'The type of the member: user.'),
    organizationIdColumn(),
  ],
});
