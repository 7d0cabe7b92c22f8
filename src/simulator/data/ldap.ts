import { creationTimes, Kind, nextId, type OrgContext } from './context.js';
import type { LdapServer, SystemUser, UserGroup } from './types.js';

/**
 * The organization's LDAP server (a JumpCloud org has one, "JumpCloud LDAP"), bound to the user
 * groups that carry LDAP groups in their attributes and to a few users directly (service accounts
 * and admins that bind without a group).
 */
export function generateLdapServers(
  ctx: OrgContext,
  groups: readonly UserGroup[],
  users: readonly SystemUser[],
) {
  const { rng } = ctx;
  const ldapServers: LdapServer[] = [];
  const ldapUserGroups = new Map<string, string[]>();
  const ldapUsers = new Map<string, string[]>();
  const [created] = creationTimes(ctx, 1, Date.UTC(2021, 5, 1));
  const id = nextId(ctx, Kind.ldapServer, created!);
  ldapServers.push({
    id,
    name: 'JumpCloud LDAP',
    userLockoutAction: ctx.index === 0 ? 'disable' : 'remove',
    userPasswordExpirationAction: 'disable',
  });
  ldapUserGroups.set(
    id,
    groups.filter((g) => g.attributes?.ldapGroups !== undefined).map((g) => g.id),
  );
  const active = users.filter((u) => u.state === 'ACTIVATED');
  ldapUsers.set(
    id,
    rng.sample(active, Math.min(active.length, rng.int(2, 3))).map((u) => u._id),
  );
  return { ldapServers, ldapUserGroups, ldapUsers };
}
