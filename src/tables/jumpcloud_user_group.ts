import { col } from '../sdk/index.js';
import {
  apiTable,
  type Ctx,
  detailHydrate,
  groupMembersHydrate,
  hydratedMembers,
  organizationIdColumn,
  titleColumn,
} from './common.js';

/** A user group, as `/api/v2/usergroups` lists it. */
export interface UserGroup extends Record<string, unknown> {
  id: string;
  name?: string;
  type?: string;
  attributes?: { sambaEnabled?: boolean; posixGroups?: Array<{ id: number; name: string }> } | null;
}

const get = '/api/v2/usergroups/{id}';
const detail = detailHydrate<UserGroup>(get, 'id');

export const jumpcloud_user_group = apiTable<UserGroup>({
  name: 'jumpcloud_user_group',
  description: 'JumpCloud User Group',
  list: { path: '/api/v2/usergroups', paging: 'v2' },
  get,
  hydrates: {
    // The list already carries `attributes`; a GET is needed only when it does not.
    detail: {
      ...detail,
      run: async (group: UserGroup, ctx: Ctx) =>
        group.attributes !== undefined ? group : detail.run(group, ctx),
    },
    members: groupMembersHydrate('/api/v2/usergroups/{group_id}/members'),
  },
  columns: [
    col.string('name', 'Display name of a user group.', { filter: 'name' }),
    col.string('id', 'A unique identifier for the user group.'),
    col.string('type', 'The type of the group.', { keepEmpty: true }),
    col.bool('samba_enabled', 'If true, samba authentication is configured for the group.', {
      hydrate: 'detail',
      from: 'attributes.sambaEnabled',
    }),
    col.json('members', 'A list of the users associated with the group.', {
      hydrate: 'members',
      from: hydratedMembers,
    }),
    col.json('posix_groups', 'A list of POSIX groups.', {
      hydrate: 'detail',
      from: 'attributes.posixGroups',
    }),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
