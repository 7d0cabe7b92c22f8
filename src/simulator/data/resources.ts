import { APP_COLORS, SSO_APPS } from './catalog.js';
import { creationTimes, Kind, nextId, type OrgContext } from './context.js';
import { DAY, iso } from './time.js';
import type { Application, FormField, Organization, RadiusServer, SystemUser, UserGroup } from './types.js';

function field<V>(label: string, position: number, value: V, type = 'text'): FormField<V> {
  return {
    label,
    position,
    readOnly: false,
    required: true,
    tooltip: {
      template: '{{message}}',
      variables: { icon: 'info', message: `The ${label} of the service provider` },
    },
    type,
    value,
    visible: true,
  };
}

export function generateApplications(ctx: OrgContext, count: number, groups: readonly UserGroup[]) {
  const { rng, now } = ctx;
  const applications: Application[] = [];
  const applicationUserGroups = new Map<string, string[]>();
  const times = creationTimes(ctx, count, Date.UTC(2021, 5, 1));
  for (let a = 0; a < count; a++) {
    const [key, display, url] = SSO_APPS[a % SSO_APPS.length]!;
    const id = nextId(ctx, Kind.application, times[a]!);
    const beta = a === 1;
    applications.push({
      _id: id,
      active: a !== count - 1 || count === 1,
      beta,
      color: rng.pick(APP_COLORS),
      config: {
        acsUrl: field('ACS URL', 1, `${url}/saml/acs`, 'url'),
        constantAttributes:
          a % 2 === 0
            ? {
                ...field(
                  'Constant Attributes',
                  8,
                  [{ name: 'department', value: 'all', readOnly: false, required: false, visible: true }],
                  'list',
                ),
                mutable: true,
              }
            : null,
        databaseAttributes: { position: 9 },
        idpCertificate: field(
          'IdP Certificate',
          4,
          `-----BEGIN CERTIFICATE-----\nMIIC${rng.hex(40)}\n-----END CERTIFICATE-----`,
          'file',
        ),
        idpEntityId: field('IdP Entity ID', 2, `JumpCloud-${key}`),
        idpPrivateKey: field('IdP Private Key', 5, '', 'file'),
        spEntityId: field('SP Entity ID', 3, `${url}/saml/metadata`),
        signAssertion: field('Sign Assertion', 6, a % 3 !== 0, 'checkbox'),
        signResponse: field('Sign Response', 7, true, 'checkbox'),
        spErrorFlow: null,
      },
      created: iso(times[a]!),
      databaseAttributes: [],
      description: `Single sign-on to ${display}`,
      displayLabel: display,
      displayName: display,
      learnMore: `https://jumpcloud.com/support/integrate-with-${key}`,
      logo: { color: '', url: `https://cdn.jumpcloud.com/logos/${key}.png` },
      name: key,
      organization: ctx.orgId,
      sso: {
        type: 'saml',
        beta,
        jit: a % 2 === 1,
        hidden: false,
        idpCertExpirationAt: iso(now + rng.int(30, 700) * DAY),
      },
      ssoUrl: `https://sso.jumpcloud.com/saml2/${key}`,
    });
    // The last application has no groups bound (an answer for "unused applications").
    const bound = a === count - 1 && count > 1 ? [] : rng.sample(groups.slice(0, -1), rng.int(1, 3));
    applicationUserGroups.set(
      id,
      bound.map((g) => g.id),
    );
  }
  return { applications, applicationUserGroups };
}

const RADIUS_MFA: RadiusServer['mfa'][] = ['DISABLED', 'ENABLED', 'REQUIRED', 'ALWAYS'];

/** RADIUS servers and the user group each one authenticates. */
const RADIUS_SERVERS: ReadonlyArray<readonly [server: string, group: string]> = [
  ['Office Wi-Fi', 'Wi-Fi Users'],
  ['Corporate VPN', 'VPN Users'],
  ['Datacenter Switches', 'IT Admins'],
  ['Guest Wi-Fi', 'Contractors'],
];

export function generateRadiusServers(
  ctx: OrgContext,
  count: number,
  groups: readonly UserGroup[],
  users: readonly SystemUser[],
) {
  const { rng } = ctx;
  const radiusServers: RadiusServer[] = [];
  const radiusUserGroups = new Map<string, string[]>();
  const radiusUsers = new Map<string, string[]>();
  const times = creationTimes(ctx, count, Date.UTC(2022, 0, 1));
  for (let r = 0; r < count; r++) {
    const id = nextId(ctx, Kind.radius, times[r]!);
    const [base, groupName] = RADIUS_SERVERS[r % RADIUS_SERVERS.length]!;
    const name = base + (r >= RADIUS_SERVERS.length ? ` ${r}` : '');
    const tags = r % 2 === 0 ? ['network'] : ['network', 'vpn'];
    radiusServers.push({
      _id: id,
      authIdp: r === 3 ? 'AZURE' : 'JUMPCLOUD',
      mfa: RADIUS_MFA[r % RADIUS_MFA.length]!,
      name,
      networkSourceIp: `203.0.113.${10 + r}`,
      organization: ctx.orgId,
      sharedSecret: rng.hex(24),
      tagNames: tags,
      tags: tags.map(() => rng.hex(24)),
      userLockoutAction: r % 2 === 0 ? 'DENY' : 'MAINTAIN',
      userPasswordExpirationAction: r % 2 === 0 ? 'ALLOW' : 'DENY',
      userPasswordEnabled: true,
      userCertEnabled: r === 2,
      deviceCertEnabled: r === 2,
      caCert: '',
      requireTlsAuth: r === 2,
      radsecEnabled: false,
      requireRadsec: false,
      caSource: r === 2 ? 'JUMPCLOUD_MANAGED' : 'NONE',
    });
    // The group the server is for, or everyone's group in an org too small to have it.
    const bound = [groups.find((g) => g.name === groupName) ?? groups[0]].filter((g) => g !== undefined);
    radiusUserGroups.set(
      id,
      bound.map((g) => g.id),
    );
    radiusUsers.set(
      id,
      rng.sample(users, Math.min(users.length, rng.int(1, 4))).map((u) => u._id),
    );
  }
  return { radiusServers, radiusUserGroups, radiusUsers };
}

export function generateOrganization(ctx: OrgContext, primary: boolean, userCount: number): Organization {
  const { rng, now } = ctx;
  const created = Date.UTC(2020, 2, 2) + ctx.index * 40 * DAY;
  const pricePerUser = 11;
  return {
    _id: ctx.orgId,
    accessRestriction: '',
    accountType: primary ? 'MSP' : 'Tenant',
    accountsReceivable: '',
    created: iso(created),
    customEmailSettings: { enabled: primary },
    displayName: ctx.orgName,
    entitlement: {
      billingModel: primary ? 'subscription' : 'msp',
      capUserQuantity: !primary,
      maxUserQuantity: Math.max(userCount * 2, 50),
      purchaseChannel: primary ? 'direct' : 'partner',
      entitlementProducts: [
        {
          committedUsers: userCount,
          contractType: 'annual',
          maxUserCount: Math.max(userCount * 2, 50),
          name: 'Platform',
          pricePerUser,
          productCategory: 'platform',
          productCode: 'PLATFORM',
          uncommittedUsers: 0,
        },
      ],
      isManuallyBilled: false,
      pricePerUserSum: pricePerUser,
    },
    hasCreditCard: primary,
    hasStripeCustomerId: primary || ctx.index === 2,
    lastEstimateCalculationTimeStamp: iso(now - DAY),
    lastSfdcSyncStatus: { success: true, lastSyncedAt: iso(now - 2 * DAY) },
    logoUrl: ctx.index === 1 ? null : `https://cdn.jumpcloud.com/org-logos/${ctx.orgId}.png`,
    provider: primary ? null : rng.hex(24),
    settings: {
      agentVersion: '1.170.0',
      betaFeatures: {},
      contactEmail: `it@${ctx.domain}`,
      contactName: 'IT Department',
      disableCommandRunner: false,
      disableLdap: !primary,
      disableUM: false,
      emailDisclaimer: '',
      enableGoogleApps: primary,
      enableManagedUID: true,
      enableO365: !primary,
      enableUserPortalAgentInstall: true,
      features: {
        directoryInsights: { enabled: true },
        directoryInsightsPremium: { enabled: primary, createdAt: iso(created), updatedAt: iso(created) },
        systemInsights: {
          enabled: true,
          enableNewDarwin: true,
          enableNewLinux: true,
          enableNewWindows: true,
          createdAt: iso(created),
          updatedAt: iso(created),
        },
      },
      logo: '',
      name: ctx.orgName,
      newSystemUserStateDefaults: {
        applicationImport: 'STAGED',
        csvImport: 'STAGED',
        manualEntry: 'ACTIVATED',
      },
      passwordCompliance: primary ? 'custom' : 'windows',
      passwordPolicy: {
        allowUsernameSubstring: false,
        daysBeforeExpirationToForceReset: 7,
        disallowCommonlyUsedPasswords: true,
        disallowSequentialOrRepetitiveChars: true,
        enableDaysBeforeExpirationToForceReset: true,
        enableLockoutTimeInSeconds: true,
        enableMaxHistory: true,
        enableMaxLoginAttempts: true,
        enableMinChangePeriodInDays: false,
        enableMinLength: true,
        enablePasswordExpirationInDays: primary,
        lockoutTimeInSeconds: 600,
        maxHistory: 5,
        maxLoginAttempts: 10,
        minChangePeriodInDays: 0,
        minLength: primary ? 12 : 8,
        needsLowercase: true,
        needsNumeric: true,
        needsSymbolic: primary,
        needsUppercase: true,
        passwordExpirationInDays: 90,
        enableResetLockoutCounter: false,
        resetLockoutCounterMinutes: 15,
        enableRecoveryEmail: true,
      },
      pendingDelete: false,
      requireAdminMFA: primary,
      showIntro: false,
      systemUserPasswordExpirationInDays: 90,
      systemUsersCanEdit: true,
      disableGoogleLogin: false,
      userPortal: { idleSessionDurationMinutes: 60, cookieExpirationType: 'session' },
      deviceIdentificationEnabled: primary,
      maxSystemUsers: 0,
      windowsMDM: { enabled: primary, autoEnroll: false },
    },
    totalBillingEstimate: userCount * pricePerUser,
  };
}
