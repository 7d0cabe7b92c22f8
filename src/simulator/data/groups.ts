import { SYSTEM_GROUP_NAMES, USER_GROUP_NAMES } from './catalog.js';
import { creationTimes, Kind, nextId, type OrgContext, slug } from './context.js';
import type { System, SystemGroup, SystemUser, UserGroup } from './types.js';

export interface Groups {
  userGroups: UserGroup[];
  systemGroups: SystemGroup[];
  userGroupMembers: Map<string, string[]>;
  systemGroupMembers: Map<string, string[]>;
  userGroupSystemGroups: Map<string, string[]>;
}

/** Group names, numbered once the catalog runs out ("Engineering 2"). */
const nameAt = (names: readonly string[], i: number): string => {
  const base = names[i % names.length]!;
  const round = Math.floor(i / names.length);
  return round === 0 ? base : `${base} ${round + 1}`;
};

const DEPARTMENT_OF: Record<string, string> = {
  Engineering: 'Engineering',
  Finance: 'Finance',
  'IT Admins': 'IT',
  Sales: 'Sales',
  Marketing: 'Marketing',
};

export function generateGroups(
  ctx: OrgContext,
  userGroupCount: number,
  users: readonly SystemUser[],
  systems: readonly System[],
): Groups {
  const { rng } = ctx;
  const userGroups: UserGroup[] = [];
  const userGroupMembers = new Map<string, string[]>();
  const times = creationTimes(ctx, userGroupCount);
  // The newest user is in no group yet ("users not in any group" has an answer).
  const ungrouped = users.length > 1 ? users[users.length - 1] : undefined;

  for (let g = 0; g < userGroupCount; g++) {
    const name = nameAt(USER_GROUP_NAMES, g);
    const base = USER_GROUP_NAMES[g % USER_GROUP_NAMES.length]!;
    const department = DEPARTMENT_OF[base];
    const id = nextId(ctx, Kind.userGroup, times[g]!);
    // The last group is always empty ("unused groups" has an answer); the rest are by rule or sampled.
    const empty = g === userGroupCount - 1 && userGroupCount > 1;
    const members = empty
      ? []
      : base === 'All Employees'
        ? users.filter((u) => u.state !== 'STAGED')
        : department
          ? users.filter((u) => u.department === department)
          : users.filter(() => rng.chance(0.15));
    userGroupMembers.set(
      id,
      members.filter((u) => u !== ungrouped).map((u) => u._id),
    );
    const admins = base === 'IT Admins' || base === 'Linux Admins';
    const dynamic = department !== undefined && rng.chance(0.5);
    const hasAttributes = g === 0 || rng.chance(0.8);
    userGroups.push({
      attributes: hasAttributes
        ? {
            ...(admins ? { sudo: { enabled: true, withoutPassword: base === 'Linux Admins' } } : {}),
            ...(rng.chance(0.6) || g === 0 ? { posixGroups: [{ id: 10000 + g, name: slug(name) }] } : {}),
            ...(rng.chance(0.3) ? { ldapGroups: [{ name: slug(name) }] } : {}),
            ...(base === 'VPN Users' ? { radius: { reply: [{ name: 'Class', value: 'vpn-users' }] } } : {}),
            sambaEnabled: g === 0 || rng.chance(0.3),
          }
        : base === 'VPN Users'
          ? // The VPN's group always carries its RADIUS reply (drawn from no stream: nothing else moves).
            { radius: { reply: [{ name: 'Class', value: 'vpn-users' }] } }
          : null,
      description: `${name} (${members.length === 0 ? 'unused' : 'managed by IT'})`,
      email: rng.chance(0.4) ? `${slug(name)}@${ctx.domain}` : '',
      id,
      ...(dynamic
        ? {
            memberQuery: {
              queryType: 'FilterQuery' as const,
              filters: [{ field: 'department', operator: 'eq', value: department }],
            },
          }
        : {}),
      memberQueryErrorFlags: [],
      memberQueryExemptions: [],
      memberSuggestionsNotify: false,
      membershipMethod: dynamic ? 'DYNAMIC_AUTOMATED' : 'STATIC',
      name,
      organizationObjectId: ctx.orgId,
      suggestionCounts: { add: 0, remove: 0, total: 0 },
      type: 'user_group',
    });
  }

  const systemGroupCount = Math.max(3, Math.min(SYSTEM_GROUP_NAMES.length, Math.ceil(userGroupCount / 2)));
  const systemGroups: SystemGroup[] = [];
  const systemGroupMembers = new Map<string, string[]>();
  const sgTimes = creationTimes(ctx, systemGroupCount, Date.UTC(2021, 0, 4));
  for (let g = 0; g < systemGroupCount; g++) {
    const name = nameAt(SYSTEM_GROUP_NAMES, g);
    const id = nextId(ctx, Kind.systemGroup, sgTimes[g]!);
    const members = systems.filter((s) => {
      switch (name) {
        case 'All Macs':
          return s.osFamily === 'darwin';
        case 'All Windows':
          return s.osFamily === 'windows';
        case 'Linux Servers':
          return s.osFamily === 'linux';
        case 'Kiosks':
          return false;
        case 'Retired Devices':
          return !s.active;
        default:
          return rng.chance(0.3);
      }
    });
    systemGroupMembers.set(
      id,
      members.map((s) => s._id),
    );
    systemGroups.push({
      attributes: rng.chance(0.5) ? {} : null,
      description: `${name} device group`,
      // One group has an address (the rest have none, as most device groups).
      email: g === 0 ? `${slug(name)}@${ctx.domain}` : '',
      id,
      memberQueryErrorFlags: [],
      memberQueryExemptions: [],
      memberSuggestionsNotify: false,
      membershipMethod: 'STATIC',
      name,
      organizationObjectId: ctx.orgId,
      type: 'system_group',
    });
  }

  // Which device groups each user group is bound to: IT admins reach every device, others a few.
  const userGroupSystemGroups = new Map<string, string[]>();
  for (const group of userGroups) {
    const targets = group.name.startsWith('IT Admins')
      ? systemGroups
      : rng.sample(systemGroups, rng.int(0, Math.min(2, systemGroups.length)));
    userGroupSystemGroups.set(
      group.id,
      targets.map((t) => t.id),
    );
  }

  return { userGroups, systemGroups, userGroupMembers, systemGroupMembers, userGroupSystemGroups };
}
