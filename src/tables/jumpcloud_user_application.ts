import { accessTable } from './access.js';

export const jumpcloud_user_application = accessTable({
  name: 'jumpcloud_user_application',
  description:
    'JumpCloud User Application: one row per user who can use an SSO application, directly or through user groups.',
  column: 'application_id',
  what: 'application',
  type: 'application',
  fromUser: '/api/v2/users/{user_id}/applications',
  toUsers: '/api/v2/applications/{application_id}/users',
  scan: { list: { path: '/api/applications', paging: 'v1' }, idField: '_id' },
});
