import { accessTable } from './access.js';

export const jumpcloud_user_ldap_server = accessTable({
  name: 'jumpcloud_user_ldap_server',
  description:
    'JumpCloud User LDAP Server: one row per user who can bind to an LDAP server, directly or through user groups.',
  column: 'ldap_server_id',
  what: 'LDAP server',
  type: 'ldap_server',
  fromUser: '/api/v2/users/{user_id}/ldapservers',
  toUsers: '/api/v2/ldapservers/{ldapserver_id}/users',
  compiled: 'the LDAP groups of the user groups on the paths',
  scan: { list: { path: '/api/v2/ldapservers', paging: 'v2' }, idField: 'id' },
});
