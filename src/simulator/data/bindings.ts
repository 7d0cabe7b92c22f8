import type { OrgContext } from './context.js';
import type { GraphAttributes, System, SystemUser } from './types.js';

/** The sudo attribute of a user↔device binding (or of a user group: `attributes.sudo`). */
const sudo = (withoutPassword: boolean): GraphAttributes => ({ sudo: { enabled: true, withoutPassword } });

/**
 * Users bound to devices directly: each device's owner (its primary user; with sudo on the
 * binding when the user has sudo, without password when theirs is passwordless), and, on some Linux
 * servers (which have no owner), an engineer or IT admin bound directly, IT admins with sudo (some
 * without password). Other servers are reached only through groups, and the rest of the devices
 * without an owner through no one directly.
 */
export function generateDeviceBindings(
  ctx: OrgContext,
  users: readonly SystemUser[],
  systems: readonly System[],
) {
  const { rng } = ctx;
  const systemUsers = new Map<string, string[]>();
  const systemUserAttributes = new Map<string, GraphAttributes>();
  const byId = new Map(users.map((u) => [u._id, u]));
  const operators = users.filter(
    (u) => u.state === 'ACTIVATED' && (u.department === 'IT' || u.department === 'Engineering'),
  );
  for (const s of systems) {
    const bound: string[] = [];
    const owner = s.primarySystemUser.id ? byId.get(s.primarySystemUser.id) : undefined;
    if (owner) {
      bound.push(owner._id);
      if (owner.sudo) systemUserAttributes.set(bindingKey(s._id, owner._id), sudo(owner.passwordless_sudo));
    }
    if (!owner && s.osFamily === 'linux' && operators.length > 0 && rng.chance(0.6)) {
      const operator = rng.pick(operators);
      bound.push(operator._id);
      if (operator.department === 'IT')
        systemUserAttributes.set(bindingKey(s._id, operator._id), sudo(rng.chance(0.5)));
    }
    systemUsers.set(s._id, bound);
  }
  return { systemUsers, systemUserAttributes };
}

/** The key of a user↔device binding's attributes in `systemUserAttributes`. */
export const bindingKey = (systemId: string, userId: string): string => `${systemId} ${userId}`;
