import {
  DEPARTMENTS,
  EMPLOYEE_TYPES,
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
  LOCATIONS,
  MIDDLE_NAMES,
} from './catalog.js';
import { creationTimes, Kind, nextId, type OrgContext } from './context.js';
import { DAY, iso } from './time.js';
import type { MfaEnrollmentStatus, SshKey, SystemUser } from './types.js';

const NAME_SPACE = FIRST_NAMES.length * LAST_NAMES.length;
// Coprime with NAME_SPACE (36 * 36 = 2^4 * 3^4), so `i * STRIDE` walks every name once before repeating.
const STRIDE = 547;

/**
 * Indices that always get a given trait, so even a 5-user org answers the usual admin questions
 * (suspended, locked, staged, expired password, MFA not configured).
 */
const EXEMPLAR = { suspended: 1, staged: 2, locked: 3, expired: 4 } as const;

const PASSWORD_EXPIRATION_DAYS = 90;

/*
 * Most users share the same empty lists and the same few MFA shapes. Sharing frozen instances keeps a
 * 100,000-user org small (and fast to build: allocation dominates); the JSON served is unchanged.
 */
const EMPTY: never[] = Object.freeze([]) as unknown as never[];
const shared = new Map<string, object>();
function share<T extends object>(key: string, make: () => T): T {
  let value = shared.get(key);
  if (value === undefined) {
    value = Object.freeze(make());
    shared.set(key, value);
  }
  return value as T;
}

export function generateUsers(ctx: OrgContext, count: number): SystemUser[] {
  const { rng, now } = ctx;
  const times = creationTimes(ctx, count);
  const offset = rng.int(0, NAME_SPACE - 1);
  const users: SystemUser[] = new Array(count);

  for (let i = 0; i < count; i++) {
    const created = times[i]!;
    const id = nextId(ctx, Kind.user, created);
    const n = (i * STRIDE + offset) % NAME_SPACE;
    const firstname = FIRST_NAMES[n % FIRST_NAMES.length]!;
    const lastname = LAST_NAMES[(Math.floor(n / FIRST_NAMES.length) + n) % LAST_NAMES.length]!;
    const round = Math.floor(i / NAME_SPACE);
    const username = `${firstname}.${lastname}${round > 0 ? round : ''}`.toLowerCase();
    const [department, costCenter] = rng.weighted(DEPARTMENTS.map((d, k) => [d, k < 4 ? 3 : 1] as const));
    const [city, region, postalCode, country] = rng.pick(LOCATIONS);
    const middlename = rng.chance(0.2) ? rng.pick(MIDDLE_NAMES) : '';

    const state: SystemUser['state'] =
      i === EXEMPLAR.suspended || (i > 4 && rng.chance(0.08))
        ? 'SUSPENDED'
        : i === EXEMPLAR.staged || (i > 4 && rng.chance(0.06))
          ? 'STAGED'
          : 'ACTIVATED';
    const activated = state !== 'STAGED';
    const locked = state === 'ACTIVATED' && (i === EXEMPLAR.locked || (i > 4 && rng.chance(0.05)));

    const neverExpires = state === 'ACTIVATED' && i > 4 && rng.chance(0.1);
    const passwordDate = activated
      ? now - (i === EXEMPLAR.expired ? rng.int(95, 200) : rng.int(1, 110)) * DAY - rng.int(0, DAY)
      : null;
    const expiration =
      passwordDate === null || neverExpires ? null : passwordDate + PASSWORD_EXPIRATION_DAYS * DAY;

    const mfaConfigured = state === 'ACTIVATED' && i !== 0 && rng.chance(0.7);
    const excluded = !mfaConfigured && activated && rng.chance(0.1);
    const exclusionDays = rng.int(1, 14);
    const totp = mfaConfigured && rng.chance(0.8);
    const enrollment = (on: boolean): MfaEnrollmentStatus =>
      on ? 'ENROLLED' : activated && rng.chance(0.15) ? 'PENDING_ACTIVATION' : 'NOT_ENROLLED';

    const fromAd = i > 0 && rng.chance(0.15);
    const technical = department === 'Engineering' || department === 'IT';
    const sshKeys: SshKey[] =
      technical && rng.chance(0.6)
        ? [
            {
              _id: nextId(ctx, Kind.sshKey, created + DAY),
              create_date: iso(created + DAY),
              name: `${username}-laptop`,
              public_key: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${rng.hex(43)} ${username}@laptop`,
            },
          ]
        : EMPTY;
    const sudo = (department === 'IT' || i === 0) && rng.chance(0.8);
    const hasAddress = rng.chance(0.5);

    users[i] = {
      _id: id,
      account_locked: locked,
      account_locked_date: locked ? iso(now - rng.int(1, 10) * DAY) : null,
      activated,
      admin: i === 0 || (department === 'IT' && rng.chance(0.2)) ? adminRole(ctx, created, i === 0) : null,
      addresses: hasAddress
        ? [
            {
              id: nextId(ctx, Kind.misc, created),
              type: 'work',
              poBox: '',
              extendedAddress: rng.chance(0.3) ? `Suite ${rng.int(100, 900)}` : '',
              streetAddress: `${rng.int(1, 999)} ${rng.pick(['Main St', 'Market St', 'Pearl St', 'High St'])}`,
              locality: city,
              region,
              postalCode,
              country,
            },
          ]
        : EMPTY,
      allow_public_key: rng.chance(0.85),
      alternateEmail: rng.chance(0.3) ? `${username}@personal.example` : '',
      attributes: rng.chance(0.4) ? [{ name: 'badgeId', value: `B${10000 + i}` }] : EMPTY,
      badLoginAttempts: locked ? 10 : rng.chance(0.2) ? rng.int(1, 3) : 0,
      company: ctx.orgName,
      costCenter,
      created: iso(created),
      creationSource: fromAd ? 'ad' : rng.pick(['admin', 'admin', 'csv', 'scim']),
      delegatedAuthority:
        fromAd && rng.chance(0.5) ? { name: 'ActiveDirectory', id: adConnectionId(ctx) } : null,
      department,
      description: rng.chance(0.25) ? `${department} team member, ${city} office` : '',
      disableDeviceMaxLoginAttempts: false,
      displayname: `${firstname} ${lastname}`,
      email: `${username}@${ctx.domain}`,
      employeeIdentifier: `E${String(10000 + i)}`,
      employeeType: rng.pick(EMPLOYEE_TYPES),
      enable_managed_uid: rng.chance(0.3),
      enable_user_portal_multifactor: mfaConfigured && rng.chance(0.8),
      external_dn: fromAd
        ? `CN=${firstname} ${lastname},OU=Users,DC=corp,DC=${ctx.domain.split('.')[0]},DC=com`
        : '',
      external_password_expiration_date: '',
      external_source_type: fromAd ? 'ActiveDirectory' : '',
      externally_managed: fromAd,
      firstname,
      jobTitle: rng.pick(JOB_TITLES[department] ?? ['Employee']),
      lastname,
      ldap_binding_user: technical && rng.chance(0.05),
      location: city,
      managedAppleId: '',
      manager: i > 0 && rng.chance(0.7) ? users[rng.int(0, i - 1)]!._id : '',
      mfa: excluded
        ? {
            configured: false,
            exclusion: true,
            exclusionUntil: iso(now + exclusionDays * DAY),
            exclusionDays,
          }
        : { configured: mfaConfigured, exclusion: false },
      mfaEnrollment: {
        totpStatus: enrollment(totp),
        webAuthnStatus: enrollment(mfaConfigured && !totp),
        pushStatus: enrollment(mfaConfigured && rng.chance(0.4)),
        smsStatus: 'NOT_ENROLLED',
        overallStatus: mfaConfigured ? 'ENROLLED' : activated ? 'PENDING_ACTIVATION' : 'NOT_ENROLLED',
        jcGoStatus: enrollment(mfaConfigured && rng.chance(0.2)),
      },
      middlename,
      organization: ctx.orgId,
      password_date: passwordDate === null ? null : iso(passwordDate),
      password_expiration_date: expiration === null ? null : iso(expiration),
      password_expired: expiration !== null && expiration < now,
      password_never_expires: neverExpires,
      passwordless_sudo: sudo && rng.chance(0.4),
      phoneNumbers: rng.chance(0.6)
        ? [
            {
              id: nextId(ctx, Kind.misc, created),
              type: 'work',
              number: `+1 303 555 ${String(rng.int(100, 9999)).padStart(4, '0')}`,
            },
          ]
        : EMPTY,
      public_key: sshKeys.length > 0 && rng.chance(0.5) ? sshKeys[0]!.public_key : '',
      recoveryEmail: activated
        ? { address: `${username}@personal.example`, verified: true, verifiedAt: iso(created + 2 * DAY) }
        : share('recovery:none', () => ({ address: '', verified: false })),
      relationships: EMPTY,
      restrictedFields: fromAd
        ? share(`restricted:${ctx.orgId}`, () => [
            { field: 'email', type: 'active_directory', id: adConnectionId(ctx) },
          ])
        : EMPTY,
      samba_service_user: technical && rng.chance(0.03),
      ssh_keys: sshKeys,
      state,
      sudo,
      suspended: state === 'SUSPENDED',
      tags: rng.chance(0.3) ? sharedTag(rng.pick(['remote', 'onsite', 'hybrid'])) : EMPTY,
      totp_enabled: totp,
      unix_guid: 5000 + i,
      unix_uid: 5000 + i,
      username,
    };
  }
  return users;
}

const sharedTag = (tag: string): string[] => share(`tag:${tag}`, () => [tag]);

function _mfaEnrollment(
  totpStatus: MfaEnrollmentStatus,
  webAuthnStatus: MfaEnrollmentStatus,
  pushStatus: MfaEnrollmentStatus,
  overallStatus: MfaEnrollmentStatus,
  jcGoStatus: MfaEnrollmentStatus,
): SystemUser['mfaEnrollment'] {
  return share(`enroll:${totpStatus}:${webAuthnStatus}:${pushStatus}:${overallStatus}:${jcGoStatus}`, () => ({
    totpStatus,
    webAuthnStatus,
    pushStatus,
    smsStatus: 'NOT_ENROLLED',
    overallStatus,
    jcGoStatus,
  }));
}

function adminRole(ctx: OrgContext, created: number, owner: boolean): NonNullable<SystemUser['admin']> {
  const roleName = owner ? 'Administrator With Billing' : 'Help Desk';
  return { id: nextId(ctx, Kind.misc, created), roleName, roleNames: [roleName] };
}

/** The org's one Active Directory connection; derived, so it is the same id on every user. */
/** The id of the org's Active Directory, which AD-sourced users name (directories.ts serves it). */
export function adConnectionId(ctx: OrgContext): string {
  return ctx.orgId.slice(0, 8) + 'ad'.padEnd(16, '0');
}
