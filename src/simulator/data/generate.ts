import { generateDeviceBindings } from './bindings.js';
import { ORG_NAMES } from './catalog.js';
import { generateCommands } from './commands.js';
import { Kind, type OrgContext, slug } from './context.js';
import { generateIdentity } from './directories.js';
import { generateEvents } from './events.js';
import { generateGroups } from './groups.js';
import { generateInsights } from './insights.js';
import { generateInsightTables } from './insights-tables.js';
import { generateLdapServers } from './ldap.js';
import { generatePolicies } from './policies.js';
import { Prng } from './prng.js';
import { generateApplications, generateOrganization, generateRadiusServers } from './resources.js';
import { generateSystems } from './systems.js';
import { HOUR, objectId } from './time.js';
import type { DemoData, OrgData } from './types.js';
import { generateUsers } from './users.js';

export interface GenerateOptions {
  seed: number;
  users: number;
  devices: number;
  groups: number;
  orgs: number;
  /**
   * The clock that activity (last contact, password dates, events) is relative to. Default: the
   * current hour, so a demo org looks current; pass a fixed value for byte-identical data.
   */
  now?: number;
}

export interface OrgSize {
  users: number;
  devices: number;
  groups: number;
}

/** The primary org gets the knobs; the other tenants a tenth of them (at least 5 users, 3 devices). */
export function orgSize(options: GenerateOptions, index: number): OrgSize {
  if (index === 0) return { users: options.users, devices: options.devices, groups: options.groups };
  return {
    users: Math.max(5, Math.round(options.users / 10)),
    devices: Math.max(3, Math.round(options.devices / 10)),
    groups: Math.max(3, Math.round(options.groups / 4)),
  };
}

/** Pure and deterministic: the same options give the same data. */
export function generateDemoData(options: GenerateOptions): DemoData {
  const now = options.now ?? Math.floor(Date.now() / HOUR) * HOUR;
  const root = new Prng(options.seed);
  const orgs: OrgData[] = [];
  for (let index = 0; index < options.orgs; index++) {
    const rng = root.fork(index + 1);
    const orgName = ORG_NAMES[index % ORG_NAMES.length]! + (index >= ORG_NAMES.length ? ` ${index}` : '');
    const orgCreated = Date.UTC(2020, 2, 2) + index * 40 * 86_400_000;
    const ctx: OrgContext = {
      rng,
      index,
      orgId: objectId(orgCreated, rng.int(0, 0xffffff), (index << 4) | Kind.org),
      orgName,
      domain: `${slug(orgName).split('-')[0]}.example.com`,
      now,
      serial: 0,
    };
    orgs.push(generateOrg(ctx, orgSize(options, index)));
  }
  return { seed: options.seed, now, primaryOrgId: orgs[0]?.organization._id ?? '', orgs };
}

function generateOrg(ctx: OrgContext, size: OrgSize): OrgData {
  const primary = ctx.index === 0;
  // Each part draws from its own stream, so growing one (more users) leaves the others unchanged.
  const part = (salt: number): OrgContext => ({ ...ctx, rng: ctx.rng.fork(salt) });
  const users = generateUsers(part(1), size.users);
  const systems = generateSystems(part(2), size.devices, users);
  const groups = generateGroups(part(3), size.groups, users, systems);
  const apps = generateApplications(part(4), primary ? 6 : 3, groups.userGroups);
  const radius = generateRadiusServers(part(5), primary ? 3 : 1, groups.userGroups, users);
  const insights = generateInsights(part(6), systems);
  const organization = generateOrganization(part(7), primary, users.length);
  // Drawn now, in its turn, so the parts after it are the same whether or not it is ever made.
  const insightTablesPart = part(1701);
  const org: Omit<OrgData, 'events' | 'insightTables'> = {
    organization,
    users,
    systems,
    ...groups,
    ...apps,
    ...radius,
    ...insights,
    ...generateCommands(part(31), systems, groups.systemGroups, groups.systemGroupMembers, users),
    identity: generateIdentity(part(164), {
      primary,
      users,
      systems,
      userGroups: groups.userGroups,
      systemGroups: groups.systemGroups,
      applications: apps.applications,
    }),
    policies: generatePolicies(part(9), systems, groups.systemGroups, groups.systemGroupMembers),
    ...generateDeviceBindings(part(21), users, systems),
    ...generateLdapServers(part(22), groups.userGroups, users),
  };
  // Events and the other System Insights tables are made when first asked for: a 100,000-user
  // export never pays for them, nor a query's cold start on the demo org.
  const eventsPart = part(1717);
  const made = madeWhenAsked(org, 'events', () =>
    generateEvents(eventsPart, {
      users,
      systems,
      userGroups: groups.userGroups,
      userGroupMembers: groups.userGroupMembers,
      applications: apps.applications,
      radiusServers: radius.radiusServers,
    }),
  );
  return madeWhenAsked(made, 'insightTables', () =>
    generateInsightTables(insightTablesPart, systems, users, insights.systemInfo),
  ) as OrgData;
}

/** `target` with a property made by `make` on its first read, then kept. */
function madeWhenAsked<Target extends object, Key extends string, Value>(
  target: Target,
  key: Key,
  make: () => Value,
): Target & Record<Key, Value> {
  let value: Value | undefined;
  let done = false;
  return Object.defineProperty(target, key, {
    enumerable: true,
    get: () => {
      if (!done) {
        value = make();
        done = true;
      }
      return value;
    },
  }) as Target & Record<Key, Value>;
}
