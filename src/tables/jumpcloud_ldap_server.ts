import { col } from '../sdk/index.js';
import { apiTable, organizationIdColumn, titleColumn } from './common.js';

/** An LDAP server, as `/api/v2/ldapservers` lists it (schema `ldap-server`). */
export interface LdapServer extends Record<string, unknown> {
  id: string;
  name?: string;
}

export const jumpcloud_ldap_server = apiTable<LdapServer>({
  name: 'jumpcloud_ldap_server',
  description: 'JumpCloud LDAP Server',
  list: { path: '/api/v2/ldapservers', paging: 'v2' },
  get: '/api/v2/ldapservers/{id}',
  columns: [
    col.string('name', 'The name of the LDAP server.', { filter: 'name' }),
    col.string('id', 'The ID of the LDAP server.'),
    col.string('user_lockout_action', 'What happens to a locked-out user on the server: disable or remove.', {
      from: 'userLockoutAction',
    }),
    col.string(
      'user_password_expiration_action',
      'What happens to a user whose password expired: disable or remove.',
      { from: 'userPasswordExpirationAction' },
    ),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
