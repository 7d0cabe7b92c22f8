import type { Application } from '../client/index.js';
import { col, defineTable } from '../sdk/index.js';
import { type Ctx, organizationIdColumn, titleColumn } from './common.js';

export const jumpcloud_application = defineTable({
  name: 'jumpcloud_application',
  description: 'JumpCloud Application',
  list: {
    fields: true,
    run: (ctx: Ctx) =>
      ctx.connection.client.listApplications({
        filters: ctx.filters,
        fields: ctx.fields,
        limit: ctx.limit,
        signal: ctx.signal,
      }),
  },
  get: {
    keyColumn: 'id',
    run: (id: string, ctx: Ctx) => ctx.connection.client.getApplication(id, ctx.signal),
  },
  hydrates: {
    userGroups: {
      run: (app: Application, ctx: Ctx) => ctx.connection.client.applicationUserGroups(app._id, ctx.signal),
    },
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
      from: (_app, groups) => groups,
    }),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
