import { col } from '../sdk/index.js';
import {
  apiTable,
  groupMembersHydrate,
  hydratedMembers,
  organizationIdColumn,
  titleColumn,
} from './common.js';

/** A policy group, as `/api/v2/policygroups` lists it. */
export interface PolicyGroup extends Record<string, unknown> {
  id: string;
  name?: string;
}

export const jumpcloud_policy_group = apiTable<PolicyGroup>({
  name: 'jumpcloud_policy_group',
  description: 'JumpCloud Policy Group: a named set of policies.',
  list: { path: '/api/v2/policygroups', paging: 'v2' },
  get: '/api/v2/policygroups/{id}',
  hydrates: {
    members: groupMembersHydrate('/api/v2/policygroups/{group_id}/members'),
  },
  columns: [
    col.string('name', 'Display name of the policy group.', { filter: 'name' }),
    col.string('id', 'A unique identifier for the policy group.'),
    col.string('type', 'The type of the group: policy_group.', { keepEmpty: true }),
    col.string('description', 'Description of the policy group.'),
    col.string('email', 'E-mail address associated with the policy group.'),
    col.json('attributes', 'The attributes of the group.'),
    col.json('members', 'A list of the policies in the group.', {
      hydrate: 'members',
      from: hydratedMembers,
    }),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
