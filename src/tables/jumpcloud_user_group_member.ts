import { groupMembersTable } from './group-members.js';

export const jumpcloud_user_group_member = groupMembersTable({
  name: 'jumpcloud_user_group_member',
  description: 'JumpCloud User Group Member: one row per direct member of a user group.',
  groups: '/api/v2/usergroups',
  group: 'user group',
  member: { what: 'a user', types: 'user' },
});
