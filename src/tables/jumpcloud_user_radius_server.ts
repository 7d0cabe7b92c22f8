import { accessTable } from './access.js';

export const jumpcloud_user_radius_server = accessTable({
  name: 'jumpcloud_user_radius_server',
  description:
    'JumpCloud User RADIUS Server: one row per user who can authenticate to a RADIUS server, directly or through user groups.',
  column: 'radius_server_id',
  what: 'RADIUS server',
  type: 'radius_server',
  fromUser: '/api/v2/users/{user_id}/radiusservers',
  toUsers: '/api/v2/radiusservers/{radiusserver_id}/users',
  compiled: 'the RADIUS reply attributes of the user groups on the paths',
  scan: { list: { path: '/api/radiusservers', paging: 'v1' }, idField: '_id' },
});
