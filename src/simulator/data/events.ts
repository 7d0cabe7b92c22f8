import { Kind, nextId, type OrgContext } from './context.js';
import { DAY, iso, MINUTE } from './time.js';
import type { Application, DirectoryEvent, RadiusServer, System, SystemUser, UserGroup } from './types.js';

/**
 * Directory Insights events over the last 90 days (the API's retention), ascending by time, of
 * the org's own users, devices, groups, applications and RADIUS servers: portal and admin
 * console logins (some failed, with the reason), device logins of users on their own devices,
 * SSO logins to the org's applications, RADIUS and LDAP binds, admin changes to users, and group
 * membership changes. About 0.05 events a user a day, at least 1,500 and at most 150,000 an org:
 * a 10,000-user org has some 3,500 in a week, the 60-user demo org some 115.
 */
export const EVENT_DAYS = 90;
const PER_USER_PER_DAY = 0.05;
/** A small org still has a few events a day of each kind (the docs' examples find some). */
const MIN_EVENTS = 1_500;
const MAX_EVENTS = 150_000;

const KINDS = [
  ['directory', 'user_login_attempt', 8],
  ['directory', 'admin_login_attempt', 1],
  ['directory', 'user_update', 1],
  ['directory', 'association_change', 1],
  ['sso', 'sso_auth', 6],
  ['radius', 'radius_auth', 3],
  ['systems', 'login_attempt', 6],
  ['ldap', 'ldap_bind', 1],
] as const;

const FAILURES = [
  ['invalid credentials', 6],
  ['mfa failed', 2],
  ['password expired', 1],
  ['user suspended', 1],
] as const;

const GEO = [
  {
    country_code: 'US',
    timezone: 'America/Denver',
    region_code: 'CO',
    region_name: 'Colorado',
    continent_code: 'NA',
  },
  {
    country_code: 'US',
    timezone: 'America/New_York',
    region_code: 'NY',
    region_name: 'New York',
    continent_code: 'NA',
  },
  {
    country_code: 'GB',
    timezone: 'Europe/London',
    region_code: 'ENG',
    region_name: 'England',
    continent_code: 'EU',
  },
  {
    country_code: 'DE',
    timezone: 'Europe/Berlin',
    region_code: 'BE',
    region_name: 'Berlin',
    continent_code: 'EU',
  },
] as const;

const AGENTS = {
  mac: { name: 'Chrome', major: '126', minor: '0', os: 'Mac OS X', os_name: 'Mac OS X', device: 'Mac' },
  windows: { name: 'Edge', major: '125', minor: '0', os: 'Windows', os_name: 'Windows', device: 'Other' },
  linux: { name: 'Firefox', major: '127', minor: '0', os: 'Linux', os_name: 'Linux', device: 'Other' },
} as const;

const AUTH_METHODS = ['password', 'password+totp', 'password+push', 'webauthn'] as const;

interface World {
  users: readonly SystemUser[];
  systems: readonly System[];
  userGroups: readonly UserGroup[];
  userGroupMembers: ReadonlyMap<string, string[]>;
  applications: readonly Application[];
  radiusServers: readonly RadiusServer[];
}

export function generateEvents(ctx: OrgContext, world: World): DirectoryEvent[] {
  const { rng, now } = ctx;
  const users = world.users.filter((u) => u.activated);
  if (users.length === 0) return [];
  const admins = users.filter((u) => u.admin !== null);
  const adminPool = admins.length > 0 ? admins : users.slice(0, 1);
  const devicesOf = new Map<string, System[]>();
  for (const system of world.systems) {
    const owner = system.primarySystemUser.id;
    if (owner) devicesOf.set(owner, [...(devicesOf.get(owner) ?? []), system]);
  }
  const owners = users.filter((u) => devicesOf.has(u._id));
  const kinds = KINDS.map(([service, kind, weight]) => [[service, kind] as const, weight] as const);
  // Objects many events share (who, what) are made once and shared: 150,000 events stay light.
  const shared = new Map<string, Map<object, Record<string, unknown>>>();
  const once = (what: string, of: object, make: () => Record<string, unknown>) => {
    let byObject = shared.get(what);
    if (!byObject) {
      byObject = new Map();
      shared.set(what, byObject);
    }
    let value = byObject.get(of);
    if (!value) {
      value = make();
      byObject.set(of, value);
    }
    return value;
  };
  const count = Math.min(
    Math.max(Math.round(world.users.length * PER_USER_PER_DAY * EVENT_DAYS), MIN_EVENTS),
    MAX_EVENTS,
  );
  const start = now - EVENT_DAYS * DAY;
  const times = new Float64Array(count);
  for (let e = 0; e < count; e++)
    times[e] = start + rng.int(0, EVENT_DAYS * 24 * 60 - 1) * MINUTE + rng.int(0, 59_999);
  times.sort();
  const events: DirectoryEvent[] = new Array(count);
  for (let e = 0; e < count; e++) {
    const t = times[e]!;
    let [service, eventType] = rng.weighted(kinds);
    if (eventType === 'login_attempt' && owners.length === 0)
      [service, eventType] = ['directory', 'user_login_attempt'];
    // A device login is by a user on one of their own devices.
    const user = rng.pick(eventType === 'login_attempt' ? owners : users);
    const devices = devicesOf.get(user._id);
    if (eventType === 'sso_auth' && world.applications.length === 0)
      [service, eventType] = ['directory', 'user_login_attempt'];
    if (eventType === 'radius_auth' && world.radiusServers.length === 0)
      [service, eventType] = ['directory', 'user_login_attempt'];
    const adminEvent =
      eventType === 'admin_login_attempt' ||
      eventType === 'user_update' ||
      eventType === 'association_change';
    const actor = adminEvent ? rng.pick(adminPool) : user;
    const change = eventType === 'user_update' || eventType === 'association_change';
    const reason = user.suspended ? 'user suspended' : user.account_locked ? 'user locked out' : undefined;
    const success = change || (reason === undefined && rng.chance(0.88));
    const device = devices ? rng.pick(devices) : undefined;
    const agent =
      device?.osFamily === 'windows'
        ? AGENTS.windows
        : device?.osFamily === 'linux'
          ? AGENTS.linux
          : AGENTS.mac;
    const event: DirectoryEvent = {
      id: nextId(ctx, Kind.event, t),
      '@version': '1',
      timestamp: iso(t),
      event_type: eventType,
      service,
      organization: ctx.orgId,
      success,
      client_ip: `${rng.pick([73, 98, 174, 81])}.${rng.int(1, 254)}.${rng.int(1, 254)}.${rng.int(1, 254)}`,
      provider: null,
      geoip: rng.pick(GEO),
      initiated_by: once(adminEvent ? 'admin' : 'user', actor, () => ({
        id: actor._id,
        type: adminEvent ? 'admin' : 'user',
        email: actor.email,
        username: actor.username,
      })),
      useragent: agent,
    };
    if (!change) {
      event.mfa = user.mfa.configured;
      event.auth_method = user.mfa.configured ? rng.pick(AUTH_METHODS.slice(1)) : 'password';
    }
    if (!success) event.error_message = reason ?? rng.weighted(FAILURES);
    switch (eventType) {
      case 'user_login_attempt':
      case 'admin_login_attempt':
        event.username = actor.username;
        event.resource = once(adminEvent ? 'admin resource' : 'user resource', actor, () => ({
          id: actor._id,
          type: adminEvent ? 'admin' : 'user',
          email: actor.email,
        }));
        break;
      case 'user_update':
        event.resource = { id: user._id, type: 'user', username: user.username, email: user.email };
        event.changes = [{ field: rng.pick(['jobTitle', 'department', 'location', 'phoneNumbers']) }];
        break;
      case 'association_change': {
        const group = world.userGroups.length > 0 ? rng.pick(world.userGroups) : undefined;
        const op = rng.chance(0.7) ? 'add' : 'remove';
        event.resource = group
          ? { id: group.id, type: 'user_group', name: group.name }
          : { id: user._id, type: 'user', username: user.username };
        event.association = {
          op,
          connection: {
            from: { type: 'user_group', object_id: group?.id ?? '', name: group?.name ?? '' },
            to: { type: 'user', object_id: user._id, name: user.username },
          },
        };
        break;
      }
      case 'sso_auth': {
        const app = rng.pick(world.applications);
        event.username = user.username;
        event.application = once('application', app, () => ({
          id: app._id,
          name: app.name,
          display_label: app.displayLabel,
        }));
        event.resource = once('resource', app, () => ({
          id: app._id,
          type: 'application',
          name: app.displayLabel,
        }));
        break;
      }
      case 'radius_auth': {
        const server = rng.pick(world.radiusServers);
        event.username = user.username;
        event.resource = once('resource', server, () => ({
          id: server._id,
          type: 'radius_server',
          name: server.name,
        }));
        event.nas_ip = server.networkSourceIp;
        event.auth_method = rng.pick(['PAP', 'EAP-TTLS/PAP', 'PEAP-MSCHAPv2']);
        break;
      }
      case 'ldap_bind':
        event.username = user.username;
        event.dn = `uid=${user.username},ou=Users,o=${ctx.orgId},dc=jumpcloud,dc=com`;
        event.auth_method = 'simple';
        break;
      case 'login_attempt':
        event.username = user.username;
        event.system = once('system', device!, () => ({
          id: device!._id,
          hostname: device!.hostname,
          displayName: device!.displayName,
        }));
        event.resource = once('resource', device!, () => ({
          id: device!._id,
          type: 'system',
          name: device!.displayName,
        }));
        event.client_ip = device!.remoteIP;
        break;
    }
    events[e] = event;
  }
  return events;
}
