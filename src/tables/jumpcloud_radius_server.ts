import { col } from '../sdk/index.js';
import { apiTable, associationHydrate, hydrated, organizationIdColumn, titleColumn } from './common.js';

/** A RADIUS server, as `/api/radiusservers` lists it. */
export interface RadiusServer extends Record<string, unknown> {
  _id: string;
  name?: string;
}

export const jumpcloud_radius_server = apiTable<RadiusServer>({
  name: 'jumpcloud_radius_server',
  description: 'JumpCloud RADIUS Server',
  list: { path: '/api/radiusservers', paging: 'v1' },
  get: '/api/radiusservers/{id}',
  hydrates: {
    userGroups: associationHydrate('/api/v2/radiusservers/{radiusserver_id}/usergroups', '_id'),
    users: associationHydrate('/api/v2/radiusservers/{radiusserver_id}/users', '_id'),
  },
  columns: [
    col.string('name', 'The name of the RADIUS server.', { filter: 'name' }),
    col.string('id', 'The ID of the server.', { from: '_id' }),
    col.string('organization', 'The name of the organization.'),
    col.inet('network_source_ip', "The IP address from which your organization's traffic will originate.", {
      from: 'networkSourceIp',
    }),
    col.string('mfa', 'The MFA status of the server.'),
    col.string(
      'shared_secret',
      'The character string that is configured on both the client hardware and on the RADIUS server.',
      { from: 'sharedSecret' },
    ),
    col.string('user_lockout_action', 'Specifies the action to be performed when the user gets locked out.', {
      from: 'userLockoutAction',
    }),
    col.string(
      'user_password_expiration_action',
      "Specifies the action to be performed when the user's password gets expired.",
      { from: 'userPasswordExpirationAction' },
    ),
    col.json('user_groups', 'A list of user groups associated with the server.', {
      hydrate: 'userGroups',
      from: hydrated,
    }),
    col.json('users', 'A list of users associated with the server.', {
      hydrate: 'users',
      from: hydrated,
    }),
    col.json('tag_names', 'Specifies a list of tag names attached with the server.', { from: 'tagNames' }),
    col.json('tags', 'A list of tags attached with the server.'),
    organizationIdColumn('organization'),
    titleColumn('name'),
  ],
});
