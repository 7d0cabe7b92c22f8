import type { GraphConnection, UserGroup } from '../client/index.js';
import { col, defineTable } from '../sdk/index.js';
import { type Ctx, organizationIdColumn, titleColumn } from './common.js';

export const jumpcloud_user_group = defineTable({
  name: 'jumpcloud_user_group',
  description: 'JumpCloud User Group',
  list: {
    run: (ctx: Ctx) =>
      ctx.connection.client.listUserGroups({ filters: ctx.filters, limit: ctx.limit, signal: ctx.signal }),
  },
  get: { keyColumn: 'id', run: (id: string, ctx: Ctx) => ctx.connection.client.getUserGroup(id, ctx.signal) },
  hydrates: {
    // The list already carries `attributes`; a GET is needed only when it does not.
    detail: {
      run: async (group: UserGroup, ctx: Ctx) =>
        group.attributes !== undefined ? group : ctx.connection.client.getUserGroup(group.id, ctx.signal),
      sameAsGet: true,
    },
    members: {
      run: async (group: UserGroup, ctx: Ctx) =>
        (await ctx.connection.client.userGroupMembers(group.id, ctx.signal)).map(
          (member: GraphConnection) => member.to,
        ),
    },
  },
  columns: [
    col.string('name', 'Display name of a user group.', { filter: 'name' }),
    col.string('id', 'A unique identifier for the user group.'),
    col.string('type', 'The type of the group.'),
    col.bool('samba_enabled', 'If true, samba authentication is configured for the group.', {
      hydrate: 'detail',
      from: 'attributes.sambaEnabled',
    }),
    col.json('members', 'A list of the users associated with the group.', {
      hydrate: 'members',
      from: (_group, members) => members,
    }),
    col.json('posix_groups', 'A list of POSIX groups.', {
      hydrate: 'detail',
      from: 'attributes.posixGroups',
    }),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
