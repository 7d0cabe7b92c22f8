/**
 * Identity sources and security settings of one organization: its directories (Google Workspace,
 * Microsoft 365, Active Directory), authentication policies, IP lists, Apple MDM and the MDM's
 * devices. Shapes follow jumpcloud-api-v2.yaml (`gsuite`, `office365`, `active-directory`,
 * `Directory`, `AuthnPolicy`, `IPList`, `AppleMDM`, `apple-mdm-device`).
 *
 * Consistent with the rest of the org: the Active Directory is the one users' `delegatedAuthority`
 * names and its domain is their `external_dn`'s; policies target the org's user groups, users and
 * applications and name its IP lists; the office range holds the RADIUS servers' source IPs; the
 * MDM's devices are the org's Macs whose `mdm.vendor` is internal (device id = the system's
 * `mdm.internal.deviceId`, same serial number), plus one Mac bought in Apple Business Manager and
 * not yet set up (DEP-registered, not enrolled, in no system yet). jumpcloud_device holds no
 * iPhone or iPad (a system's osFamily is darwin, windows or linux), so neither does the MDM.
 */
import { Kind, nextId, type OrgContext } from './context.js';
import type { DirectEdge } from './graph-edge.js';
import type {
  ActiveDirectory,
  AppleMdm,
  AppleMdmDevice,
  AuthnPolicy,
  Directory,
  GSuite,
  IdentityData,
  IpList,
  Office365,
  WelcomeScreen,
} from './identity-types.js';
import { DAY, iso } from './time.js';
import type { Application, OrgData, System, SystemGroup, SystemUser, UserGroup } from './types.js';
import { adConnectionId } from './users.js';

/**
 * The direct edges of the org's directories: each one's bound user groups and users (types as
 * the graph names them: `g_suite`, `office_365`, `active_directory`, `user_group`, `user`).
 */
export function directoryEdges(org: OrgData): DirectEdge[] {
  const { identity } = org;
  const kinds: [string, readonly { id: string }[]][] = [
    ['g_suite', identity.gsuites],
    ['office_365', identity.office365s],
    ['active_directory', identity.activeDirectories],
  ];
  return kinds.flatMap(([type, rows]) =>
    rows.flatMap((row) => [
      ...(identity.directoryUserGroups.get(row.id) ?? []).map((id) => ({
        from: { type, id: row.id },
        to: { type: 'user_group', id },
      })),
      ...(identity.directoryUsers.get(row.id) ?? []).map((id) => ({
        from: { type, id: row.id },
        to: { type: 'user', id },
      })),
    ]),
  );
}

/**
 * Where `/directories` gets its rows: one function per kind of directory. Another kind (LDAP
 * servers) is one more line here.
 */
export const DIRECTORY_SOURCES: ReadonlyArray<(org: OrgData) => Directory[]> = [
  (org) =>
    org.identity.gsuites.map((g) => ({
      id: g.id,
      name: g.name,
      type: 'g_suite',
      oAuthStatus: { expired: false, error: null },
      defaultDomain: g.defaultDomain,
      organizationId: org.organization._id,
    })),
  (org) =>
    org.identity.office365s.map((o) => ({
      id: o.id,
      name: o.name,
      type: 'office_365',
      oAuthStatus: null,
      defaultDomain: o.defaultDomain,
      organizationId: org.organization._id,
    })),
  (org) =>
    org.identity.activeDirectories.map((ad) => ({
      id: ad.id,
      name: ad.domain,
      type: 'active_directory',
      organizationId: org.organization._id,
    })),
];

/** Every directory of the org, in id (creation) order. */
export const directoriesOf = (org: OrgData): Directory[] =>
  DIRECTORY_SOURCES.flatMap((source) => source(org)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** This part's ids: Kind.misc with a serial range of its own, so they meet no other part's. */
const SERIAL_BASE = 0x16_0000_0000;

const WELCOME: WelcomeScreen = {
  title: 'Welcome',
  paragraph: 'In just a few steps, you will be working securely from your Mac.',
  button: 'continue',
};

const MAC_MODELS: ReadonlyArray<readonly [name: string, marketing: string, number: string, arm: boolean]> = [
  ['MacBook Pro', 'MacBook Pro (14-inch, M3, 2023)', 'MTL73LL/A', true],
  ['MacBook Air', 'MacBook Air (13-inch, M2, 2022)', 'MLY33LL/A', true],
  ['MacBook Pro', 'MacBook Pro (16-inch, 2019)', 'MVVJ2LL/A', false],
  ['iMac', 'iMac (Retina 5K, 27-inch, 2020)', 'MXWT2LL/A', false],
];

const OS_BUILDS: Record<string, string> = { '14.5': '23F79', '13.6.7': '22G720', '12.7.5': '21H1222' };
const MARKETING: Record<string, string> = {
  '14': 'macOS Sonoma',
  '13': 'macOS Ventura',
  '12': 'macOS Monterey',
};

export interface IdentityInputs {
  primary: boolean;
  users: readonly SystemUser[];
  systems: readonly System[];
  userGroups: readonly UserGroup[];
  systemGroups: readonly SystemGroup[];
  applications: readonly Application[];
}

export function generateIdentity(ctx: OrgContext, inputs: IdentityInputs): IdentityData {
  const part: OrgContext = { ...ctx, serial: SERIAL_BASE };
  const { rng, now } = part;
  const { primary, users, systems, userGroups, systemGroups, applications } = inputs;
  const group = (name: string) => userGroups.find((g) => g.name === name);
  const company = ctx.domain.split('.')[0]!;
  const id = (at: number) => nextId(part, Kind.misc, at);
  const directoryUserGroups = new Map<string, string[]>();
  const directoryUsers = new Map<string, string[]>();
  const bind = (directory: string, groups: (UserGroup | undefined)[]) =>
    directoryUserGroups.set(
      directory,
      groups.filter((g) => g !== undefined).map((g) => g.id),
    );

  // Google Workspace: the primary org and every other tenant but the third (which has no cloud directory).
  const gsuites: GSuite[] = [];
  if (ctx.index !== 2) {
    const gsuite: GSuite = {
      id: id(Date.UTC(2021, 1, 3)),
      name: 'Google Workspace',
      userLockoutAction: 'suspend',
      userPasswordExpirationAction: primary ? 'remove_access' : 'maintain',
      groupsEnabled: primary,
      importFilter: primary ? "orgUnitPath='/Employees'" : '',
      defaultDomain: { id: rng.hex(24), domain: ctx.domain },
      organizationObjectId: Buffer.from(ctx.orgId, 'hex').toString('base64'),
    };
    gsuites.push(gsuite);
    bind(gsuite.id, [group('All Employees') ?? userGroups[0]]);
  }

  // Microsoft 365: the primary org only, for Sales and Marketing (they live in Outlook and Teams).
  const office365s: Office365[] = [];
  if (primary) {
    const o365: Office365 = {
      id: id(Date.UTC(2022, 6, 12)),
      name: 'Microsoft 365',
      userLockoutAction: 'maintain',
      userPasswordExpirationAction: 'suspend',
      groupsEnabled: false,
      defaultDomain: { id: rng.hex(24), domain: `${company}.onmicrosoft.com` },
    };
    office365s.push(o365);
    bind(o365.id, [group('Sales'), group('Marketing')]);
  }

  // Active Directory: the one AD-sourced users name, in every org that has such users (and the primary).
  const adUsers = users.filter((u) => u.external_source_type === 'ActiveDirectory');
  const activeDirectories: ActiveDirectory[] = [];
  if (primary || adUsers.length > 0) {
    const adId = adConnectionId(ctx);
    activeDirectories.push({
      id: adId,
      domain: `corp.${company}.com`,
      useCase: primary ? 'TWOWAYSYNC' : 'ADASAUTHORITY',
      groupsEnabled: primary,
      delegationState: primary ? 'ENABLED' : 'PENDING',
      primaryAgent: rng.hex(24),
      primaryImportAgent: rng.hex(24),
      updatedAt: primary ? iso(now - rng.int(1, 20) * DAY) : null,
      permission: 'PERMISSION_OWNER',
      organizationId: ctx.orgId,
    });
    bind(adId, primary ? [group('IT Admins'), group('Engineering')] : []);
    directoryUsers.set(
      adId,
      adUsers.map((u) => u._id),
    );
  }

  // IP lists: the office range holds the RADIUS servers' source IPs; VPN egress; one list left empty.
  const ipLists: IpList[] = [];
  const office: IpList = {
    id: id(Date.UTC(2022, 2, 1)),
    name: 'Office networks',
    description: 'Headquarters and branch office egress ranges',
    ips: ['203.0.113.0/24', ...(primary ? ['198.51.100.16/28'] : [])],
  };
  ipLists.push(office);
  let vpn: IpList | undefined;
  if (primary) {
    vpn = {
      id: id(Date.UTC(2022, 2, 2)),
      name: 'VPN egress',
      description: 'Corporate VPN concentrators',
      ips: ['192.0.2.10', '192.0.2.11', '2001:db8:10::/48'],
    };
    ipLists.push(vpn);
    ipLists.push({
      id: id(Date.UTC(2023, 10, 20)),
      name: 'Partner datacenter',
      description: '',
      ips: [],
    });
  }
  // Authentication policies.
  const authnPolicies: AuthnPolicy[] = [];
  const everyone = group('All Employees') ?? userGroups[0];
  const admins = group('IT Admins');
  const contractors = group('Contractors');
  if (primary) {
    authnPolicies.push({
      id: id(Date.UTC(2022, 3, 4)),
      name: 'Admins: MFA everywhere',
      description: 'IT admins always sign in to the User Portal with a second factor',
      disabled: false,
      monitorOnly: false,
      type: 'user_portal',
      effect: {
        action: 'allow',
        obligations: {
          mfa: { required: true },
          mfaFactors: [{ type: 'WEBAUTHN' }, { type: 'PUSH' }, { type: 'TOTP' }],
        },
      },
      targets: {
        resources: [{ type: 'user_portal' }],
        userGroups: { inclusions: admins ? [admins.id] : [], exclusions: [] },
      },
      conditions: {},
    });
    const excluded = applications.at(-1);
    authnPolicies.push({
      id: id(Date.UTC(2022, 3, 5)),
      name: 'Block applications outside the office and VPN',
      description: 'Deny SSO from networks that are not an office or the VPN',
      disabled: false,
      monitorOnly: false,
      type: 'application',
      effect: {
        action: 'deny',
        custom_error_message: {
          message: 'Connect to the corporate VPN to use this application.',
          enabled: true,
        },
      },
      targets: {
        ...(excluded && { excludedApplications: [excluded._id] }),
        resources: [{ type: 'application' }],
        userGroups: {
          inclusions: everyone ? [everyone.id] : [],
          exclusions: contractors ? [contractors.id] : [],
        },
      },
      conditions: { not: { ipAddressIn: [office.id, vpn!.id] } },
    });
    const owner = users[0];
    authnPolicies.push({
      id: id(Date.UTC(2023, 0, 9)),
      name: 'MFA on unmanaged devices',
      description: 'Trial: ask for MFA when the device is not managed by JumpCloud',
      disabled: true,
      monitorOnly: false,
      type: 'user_portal',
      effect: { action: 'allow', obligations: { mfa: { required: true } } },
      targets: {
        resources: [{ type: 'user_portal' }],
        users: { inclusions: owner ? [owner._id] : [] },
      },
      conditions: { deviceManaged: false },
    });
    const firstApp = applications[0];
    authnPolicies.push({
      id: id(Date.UTC(2023, 4, 17)),
      name: 'Watch sign-ins from abroad',
      description: 'Monitor only: logins from outside North America to the first SSO app',
      disabled: false,
      monitorOnly: true,
      type: 'application',
      effect: {
        action: 'allow',
        obligations: { mfa: { required: true }, userVerification: { requirement: 'required' } },
      },
      targets: {
        resources: [{ type: 'application', ...(firstApp && { id: firstApp._id }) }],
        userGroups: { inclusions: everyone ? [everyone.id] : [], exclusions: [] },
      },
      conditions: {
        all: [{ not: { locationIn: { countries: ['US', 'CA'] } } }, { deviceEncrypted: true }],
      },
    });
    authnPolicies.push({
      id: id(Date.UTC(2024, 1, 26)),
      name: 'LDAP bind users skip MFA',
      description: 'Service accounts that bind to LDAP are not asked for MFA',
      disabled: false,
      monitorOnly: false,
      type: 'ldap',
      effect: { action: 'allow', obligations: { mfa: { required: false } } },
      targets: {
        resources: [{ type: 'ldap' }],
        userAttributes: { inclusions: [{ field: 'ldap_binding_user', operator: 'EQ', value: true }] },
      },
      conditions: {},
    });
  } else if (ctx.index === 1) {
    authnPolicies.push({
      id: id(Date.UTC(2022, 8, 1)),
      name: 'MFA for everyone',
      description: '',
      disabled: false,
      monitorOnly: false,
      type: 'user_portal',
      effect: { action: 'allow', obligations: { mfa: { required: true } } },
      targets: {
        resources: [{ type: 'user_portal' }],
        userGroups: { inclusions: everyone ? [everyone.id] : [], exclusions: [] },
      },
      conditions: {},
    });
  }

  // Apple MDM: every org with a Mac managed by JumpCloud MDM has one; the primary's APNs
  // certificate expires in 12 days, the second tenant's DEP token has expired.
  const macs = systems.filter((s) => s.osFamily === 'darwin');
  const managed = macs.filter((s) => s.mdm.vendor === 'internal');
  const appleMdms: AppleMdm[] = [];
  const mdmDevices = new Map<string, AppleMdmDevice[]>();
  if (primary || managed.length > 0) {
    const mdmId = id(Date.UTC(2021, 8, 14));
    const allMacs = systemGroups.find((g) => g.name === 'All Macs');
    const depExpired = ctx.index === 1;
    appleMdms.push({
      id: mdmId,
      name: 'JumpCloud MDM',
      organization: ctx.orgId,
      apnsPushTopic: `com.apple.mgmt.External.${rng.uuid()}`,
      apnsCertExpiry: iso(now + (primary ? 12 : rng.int(60, 300)) * DAY),
      appleCertCreatorAppleID: `it-admin@${ctx.domain}`,
      appleCertSerialNumber: rng.hex(16).toUpperCase(),
      depServerTokenState: depExpired ? 'expired' : 'valid',
      depAccessTokenExpiry: iso(now + (depExpired ? -rng.int(5, 40) : rng.int(90, 360)) * DAY),
      defaultSystemGroupID: allMacs?.id ?? null,
      defaultIosUserEnrollmentDeviceGroupID: null,
      allowMobileUserEnrollment: primary ? false : null,
      serviceDiscoveryEnabled: primary ? false : null,
      dep: {
        welcomeScreen: WELCOME,
        setupAssistantOptions: [{ option: 'siri' }, { option: 'screenTime' }],
        enableZeroTouchEnrollment: primary,
      },
      ades: {
        macos: {
          welcomeScreen: WELCOME,
          setupOptions: ['siri', 'screenTime', 'appleID', 'diagnostics'],
          enableZeroTouchEnrollment: primary,
          defaultDeviceGroupObjectIds: allMacs ? [allMacs.id] : null,
        },
      },
    });
    const devices = managed.map((s) => macDevice(part, s));
    if (primary) devices.push(unboxedMac(part));
    mdmDevices.set(
      mdmId,
      devices.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    );
  }

  return {
    gsuites,
    office365s,
    activeDirectories,
    authnPolicies,
    ipLists,
    appleMdms,
    mdmDevices,
    directoryUserGroups,
    directoryUsers,
  };
}

const capacityOf = (arm: boolean) => (arm ? 494.38 : 250.69);

/** The MDM's record of a Mac the org manages: the system's MDM device id, serial and OS. */
function macDevice(ctx: OrgContext, system: System): AppleMdmDevice {
  const { rng } = ctx;
  const arm = system.arch === 'arm64';
  const candidates = MAC_MODELS.filter((m) => m[3] === arm);
  const [modelName, marketing, number] = rng.pick(candidates);
  const automated = system.mdm.enrollmentType === 'automated device';
  const version = system.osVersionDetail.version;
  const capacity = capacityOf(arm);
  return {
    id: system.mdm.internal?.deviceId ?? rng.hex(24),
    serialNumber: system.serialNumber,
    udid: rng.uuid().toUpperCase(),
    osVersion: version,
    depRegistered: automated || system.mdm.dep === true,
    enrolled: true,
    createdAt: system.created,
    hasActivationLockBypassCodes: automated,
    modelFamily: 'Mac',
    mdmOsFamily: 'macOS',
    securityInfo: {
      enrolledViaDep: automated,
      isActivationLockManageable: automated,
      isUserEnrollment: system.mdm.enrollmentType === 'user',
      userApprovedEnrollment: system.mdm.userApproved === true,
      passcodePresent: true,
      passcodeCompliant: rng.chance(0.9),
      filevaultEnabled: system.fde.active,
      recoveryLockEnabled: arm && rng.chance(0.3),
    },
    deviceInformation: {
      isSupervised: automated,
      activationLockAllowedWhileSupervised: false,
      availableDeviceCapacity: Math.round(capacity * rng.int(15, 80)) / 100,
      deviceCapacity: capacity,
      deviceName: system.displayName,
      wifiMac: macAddress(ctx),
      modelName,
      osMarketingName: MARKETING[version.split('.')[0]!] ?? 'macOS',
      osBuildVersion: OS_BUILDS[version] ?? '',
      modelMarketingName: marketing,
      modelNumber: number,
      isAppleSilicon: arm,
    },
  };
}

/** A Mac bought through Apple Business Manager, still in its box: registered, never enrolled. */
function unboxedMac(ctx: OrgContext): AppleMdmDevice {
  const { rng, now } = ctx;
  const [modelName, marketing, number] = MAC_MODELS[0]!;
  return {
    id: rng.hex(24),
    serialNumber: `H${rng.hex(10).toUpperCase()}`,
    udid: '',
    osVersion: '',
    depRegistered: true,
    enrolled: false,
    createdAt: iso(now - rng.int(2, 9) * DAY),
    hasActivationLockBypassCodes: false,
    modelFamily: 'Mac',
    mdmOsFamily: 'macOS',
    securityInfo: {
      enrolledViaDep: false,
      isActivationLockManageable: false,
      isUserEnrollment: false,
      userApprovedEnrollment: false,
      passcodePresent: false,
      passcodeCompliant: false,
      filevaultEnabled: false,
      recoveryLockEnabled: false,
    },
    deviceInformation: {
      modelName,
      modelMarketingName: marketing,
      modelNumber: number,
      isAppleSilicon: true,
    },
  };
}

const macAddress = (ctx: OrgContext) =>
  Array.from({ length: 6 }, () => ctx.rng.hex(2))
    .join(':')
    .replace(/^../, 'a4');
