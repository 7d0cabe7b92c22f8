import { groupMembersTable } from './group-members.js';

export const jumpcloud_device_group_member = groupMembersTable({
  name: 'jumpcloud_device_group_member',
  description: 'JumpCloud Device Group Member: one row per direct member of a device group.',
  groups: '/api/v2/systemgroups',
  group: 'device group',
  member: { what: 'a device', types: 'system' },
});
