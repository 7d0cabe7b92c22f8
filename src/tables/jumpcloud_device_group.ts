import { col } from '../sdk/index.js';
import {
  apiTable,
  groupMembersHydrate,
  hydratedMembers,
  organizationIdColumn,
  titleColumn,
} from './common.js';

/** A device group: a v2 system group, as `/api/v2/systemgroups` lists it. */
export interface SystemGroup extends Record<string, unknown> {
  id: string;
  name?: string;
}

export const jumpcloud_device_group = apiTable<SystemGroup>({
  name: 'jumpcloud_device_group',
  description: 'JumpCloud Device Group',
  list: { path: '/api/v2/systemgroups', paging: 'v2' },
  get: '/api/v2/systemgroups/{id}',
  hydrates: {
    members: groupMembersHydrate('/api/v2/systemgroups/{group_id}/members'),
  },
  columns: [
    col.string('name', 'Display name of a device group.', { filter: 'name' }),
    col.string('id', 'A unique identifier for the device group.'),
    col.string('type', 'The type of the group.', { keepEmpty: true }),
    col.string('description', 'Description of the device group.'),
    col.string('email', 'E-mail address associated with the device group.'),
    col.string(
      'membership_method',
      'How members are added: NOTSET, STATIC, DYNAMIC_REVIEW_REQUIRED or DYNAMIC_AUTOMATED.',
      { from: 'membershipMethod', filter: 'membershipMethod' },
    ),
    col.bool(
      'member_suggestions_notify',
      'True if notification emails are sent for membership suggestions.',
      { from: 'memberSuggestionsNotify' },
    ),
    col.json('attributes', 'The attributes of the group.'),
    col.json('members', 'A list of the devices associated with the group.', {
      hydrate: 'members',
      from: hydratedMembers,
    }),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
