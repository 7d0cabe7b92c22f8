import type { RadiusServer } from '../client/index.js';
import { col, defineTable } from '../sdk/index.js';
import { type Ctx, organizationIdColumn, titleColumn } from './common.js';

export const jumpcloud_radius_server = defineTable({
  name: 'jumpcloud_radius_server',
  description: 'JumpCloud RADIUS Server',
  list: {
    fields: true,
    run: (ctx: Ctx) =>
      ctx.connection.client.listRadiusServers({
        filters: ctx.filters,
        fields: ctx.fields,
        limit: ctx.limit,
        signal: ctx.signal,
      }),
  },
  hydrates: {
    userGroups: {
      run: (server: RadiusServer, ctx: Ctx) =>
        ctx.connection.client.radiusServerUserGroups(server._id, ctx.signal),
    },
    users: {
      run: (server: RadiusServer, ctx: Ctx) =>
        ctx.connection.client.radiusServerUsers(server._id, ctx.signal),
    },
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
      from: (_server, groups) => groups,
    }),
    col.json('users', 'A list of users associated with the server.', {
      hydrate: 'users',
      from: (_server, users) => users,
    }),
    col.json('tag_names', 'Specifies a list of tag names attached with the server.', { from: 'tagNames' }),
    col.json('tags', 'A list of tags attached with the server.'),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
