import { col } from '../sdk/index.js';
import { apiTable, associationHydrate, hydrated, organizationIdColumn, titleColumn } from './common.js';

/** An SSO application, as `/api/applications` lists it. */
export interface Application extends Record<string, unknown> {
  _id: string;
  name?: string;
}

export const jumpcloud_application = apiTable<Application>({
  name: 'jumpcloud_application',
  description: 'JumpCloud Application',
  list: { path: '/api/applications', paging: 'v1' },
  get: '/api/applications/{id}',
  hydrates: {
    userGroups: associationHydrate('/api/v2/applications/{application_id}/usergroups', '_id'),
  },
  columns: [
    col.string('name', 'The name of the application.'),
    col.string('id', 'A unique identifier for the application.', { from: '_id' }),
    col.string('display_name', 'The display name of the application.', { from: 'displayName' }),
    col.string('display_label', 'The name of the application to display.', { from: 'displayLabel' }),
    col.string('organization', 'The name of the JumpCloud organization where the application is created.'),
    col.bool('beta', 'If true, the application is in beta.'),
    col.string(
      'learn_more',
      'Specifies the link where you can find more information related to the application.',
      { from: 'learnMore' },
    ),
    col.string('sso_url', 'The SSO URL suffix to use.', { from: 'ssoUrl' }),
    col.json('config', 'Specifies the application configuration.'),
    col.json('user_groups', 'User groups associated with the application.', {
      hydrate: 'userGroups',
      from: hydrated,
    }),
    organizationIdColumn('organization'),
    titleColumn('name'),
  ],
});
