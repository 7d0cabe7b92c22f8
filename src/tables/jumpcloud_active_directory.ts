import { col } from '../sdk/index.js';
import { apiTable, organizationIdColumn, titleColumn } from './common.js';

/** An Active Directory instance, as `/api/v2/activedirectories` lists it. */
export interface ActiveDirectory extends Record<string, unknown> {
  id: string;
  domain?: string;
}

export const jumpcloud_active_directory = apiTable<ActiveDirectory>({
  name: 'jumpcloud_active_directory',
  description: 'JumpCloud Active Directory: the AD domains connected through the AD Integration.',
  list: { path: '/api/v2/activedirectories', paging: 'v2' },
  get: '/api/v2/activedirectories/{id}',
  columns: [
    col.string('id', 'The ID of the Active Directory instance.'),
    col.string('domain', 'The domain name of the Active Directory instance.'),
    col.string('use_case', 'How identities flow: UNSET, TWOWAYSYNC, JCASAUTHORITY or ADASAUTHORITY.', {
      from: 'useCase',
    }),
    col.bool('groups_enabled', 'True if groups are synchronized.', { from: 'groupsEnabled' }),
    col.string('delegation_state', 'The delegation state: ENABLED, PENDING or DISABLED.', {
      from: 'delegationState',
    }),
    col.string('primary_agent', 'The ID of the primary sync agent of the domain.', { from: 'primaryAgent' }),
    col.string('primary_import_agent', 'The ID of the primary import agent of the domain.', {
      from: 'primaryImportAgent',
    }),
    col.timestamp('updated_at', 'When the instance was last updated.', { from: 'updatedAt' }),
    col.string(
      'permission',
      'The permission level on the domain: PERMISSION_UNSPECIFIED, PERMISSION_OWNER or PERMISSION_READ_ONLY.',
    ),
    organizationIdColumn('organizationId'),
    titleColumn('domain'),
  ],
});
