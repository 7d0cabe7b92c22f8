import type { JumpCloudClient } from '../client/index.js';
import { col, type TableDef } from '../sdk/index.js';
import { getTarget, organizationIdColumn } from './common.js';
import { fanOutTable, getOncePerScan, type ParentRef } from './fan-out.js';

/** One member of one group: the group, and the member the members list names. */
export interface Membership extends Record<string, unknown> {
  group_id: string;
  group: ParentRef['item'];
  member_id: unknown;
  member_type: unknown;
}

/** A group kind's members table: its v2 group list, group get and members list. */
export interface GroupMembers {
  name: string;
  description: string;
  /** `/api/v2/usergroups`: the groups a full scan lists. */
  groups: string;
  /** What the group is called in the column descriptions ("user group"). */
  group: string;
  /** What a member is, for `member_id`/`member_type`'s descriptions ("a user", "user"). */
  member: { what: string; types: string };
}

/**
 * The table of a group kind's direct members: `group_id = …` reads that group's members list; a
 * full scan lists the groups, then each one's members, a few groups at a time.
 */
export function groupMembersTable(spec: GroupMembers): TableDef<Membership, JumpCloudClient> {
  const groupGet = `${spec.groups}/{id}`;
  return fanOutTable<Membership>({
    name: spec.name,
    description: spec.description,
    keys: [
      {
        column: 'group_id',
        list: { path: `${spec.groups}/{group_id}/members`, paging: 'v2' },
        row: (entry, parent) => ({
          group_id: parent.id,
          group: parent.item,
          member_id: (entry.to as Record<string, unknown> | undefined)?.id,
          member_type: (entry.to as Record<string, unknown> | undefined)?.type,
        }),
      },
    ],
    scan: { key: 'group_id', list: { path: spec.groups, paging: 'v2' }, idField: 'id' },
    hydrates: {
      // A full scan lists the groups and has their names; rows read by group_id ask once per group.
      group: {
        requests: getTarget(groupGet),
        run: async (row, ctx) => row.group ?? (await getOncePerScan(groupGet, row.group_id, ctx)),
      },
    },
    columns: [
      col.string('group_id', `The ID of the ${spec.group}.`),
      col.string('group_name', `The name of the ${spec.group}.`, {
        hydrate: 'group',
        from: (_row, group) => (group as { name?: unknown } | null)?.name,
      }),
      col.string('member_id', `The ID of the member (${spec.member.what}).`),
      col.string('member_type', `The type of the member: ${spec.member.types}.`),
      organizationIdColumn(),
    ],
  });
}
