import { type JumpCloudClient, pathParams } from '../client/index.js';
import { col, type HydrateDef } from '../sdk/index.js';
import { apiTable, getTarget, hydrated, organizationIdColumn, titleColumn } from './common.js';

/** A directory, as `/api/v2/directories` lists it: Google Workspace, Microsoft 365, AD, LDAP… */
export interface Directory extends Record<string, unknown> {
  id: string;
  name: string;
  type: string;
}

/** Where each kind of directory is read in full (the spec has a get, and no list, for each). */
const DETAIL_GETS: Readonly<Record<string, string>> = {
  g_suite: '/api/v2/gsuites/{id}',
  office_365: '/api/v2/office365s/{office365_id}',
  active_directory: '/api/v2/activedirectories/{id}',
};

/**
 * The directory's own object, read from its kind's get (one call per row, only when a detail
 * column is selected); NULL for kinds without one here (LDAP servers: see jumpcloud_ldap_server).
 */
const detail: HydrateDef<Directory, JumpCloudClient> = {
  requests: Object.values(DETAIL_GETS).map((path) => getTarget(path)),
  run: async (item, ctx) => {
    const get = DETAIL_GETS[item.type];
    if (!get) return null;
    return ctx.connection.client.get(get, { [pathParams(get)[0]!]: item.id }, ctx.signal);
  },
};

export const jumpcloud_directory = apiTable<Directory>({
  name: 'jumpcloud_directory',
  description: 'JumpCloud Directory: the identity sources connected to the organization.',
  list: { path: '/api/v2/directories', paging: 'v2' },
  hydrates: { detail },
  columns: [
    col.string('id', 'The ID of the directory.'),
    col.string('name', 'The name of the directory.'),
    col.string(
      'type',
      'The type of directory: active_directory, g_suite, ldap_server, office_365 or workday.',
    ),
    col.string('default_domain', 'The default domain of the directory (Google Workspace, Microsoft 365).', {
      from: 'defaultDomain.domain',
    }),
    col.json('o_auth_status', 'The expiry and error status of the bearer token.', { from: 'oAuthStatus' }),
    col.bool(
      'groups_enabled',
      'True if user groups are synchronized with the directory (Google Workspace, Microsoft 365, Active Directory).',
      { hydrate: 'detail', from: 'groupsEnabled' },
    ),
    col.string(
      'user_lockout_action',
      'What happens in the directory to a user locked out in JumpCloud: suspend or maintain (Google Workspace, Microsoft 365).',
      { hydrate: 'detail', from: 'userLockoutAction' },
    ),
    col.string(
      'user_password_expiration_action',
      'What happens in the directory to a user whose JumpCloud password expired: suspend, maintain or remove_access (Google Workspace, Microsoft 365).',
      { hydrate: 'detail', from: 'userPasswordExpirationAction' },
    ),
    col.string('import_filter', 'The filter that selects the users imported from Google Workspace.', {
      hydrate: 'detail',
      from: 'importFilter',
    }),
    col.json('details', "The directory's own object, as its kind's endpoint returns it.", {
      hydrate: 'detail',
      from: hydrated,
    }),
    organizationIdColumn('organizationId'),
    titleColumn('name'),
  ],
});
