/** The shapes of directories.ts (jumpcloud-api-v2.yaml's schemas); kept apart so types.ts can name them. */

export interface DefaultDomain {
  id: string;
  domain: string;
}

export interface GSuite {
  id: string;
  name: string;
  userLockoutAction: 'suspend' | 'maintain';
  userPasswordExpirationAction: 'suspend' | 'maintain' | 'remove_access';
  groupsEnabled: boolean;
  importFilter: string;
  defaultDomain: DefaultDomain;
  /** The org's ObjectId as bytes, base64 (the spec's `format: byte`). */
  organizationObjectId: string;
}

export interface Office365 {
  id: string;
  name: string;
  userLockoutAction: 'suspend' | 'maintain';
  userPasswordExpirationAction: 'suspend' | 'maintain';
  groupsEnabled: boolean;
  defaultDomain: DefaultDomain;
}

export interface ActiveDirectory {
  id: string;
  domain: string;
  useCase: 'UNSET' | 'TWOWAYSYNC' | 'JCASAUTHORITY' | 'ADASAUTHORITY';
  groupsEnabled: boolean;
  delegationState: 'ENABLED' | 'PENDING' | 'DISABLED';
  primaryAgent: string;
  primaryImportAgent: string;
  updatedAt: string | null;
  permission: 'PERMISSION_UNSPECIFIED' | 'PERMISSION_OWNER' | 'PERMISSION_READ_ONLY';
  organizationId: string;
}

export type DirectoryType = 'active_directory' | 'g_suite' | 'ldap_server' | 'office_365' | 'workday';

/** One row of `/directories`. */
export interface Directory {
  id: string;
  name: string;
  type: DirectoryType;
  oAuthStatus?: Record<string, unknown> | null;
  defaultDomain?: DefaultDomain | null;
  organizationId: string;
}

type MfaFactor = 'DURT' | 'WEBAUTHN' | 'PUSH' | 'DUO' | 'TOTP' | 'SMS_OTP';

export interface AuthnPolicy {
  id: string;
  name: string;
  description: string;
  disabled: boolean;
  monitorOnly: boolean;
  type: 'user_portal' | 'application' | 'ldap' | 'admin_portal';
  effect: {
    action: 'allow' | 'deny';
    obligations?: {
      mfa?: { required: boolean };
      userVerification?: { requirement: 'none' | 'optional' | 'required' };
      mfaFactors?: { type: MfaFactor }[];
    };
    custom_error_message?: { message: string; enabled: boolean };
  };
  targets: {
    excludedApplications?: string[];
    resources: { type: 'admin_portal' | 'user_portal' | 'application' | 'ldap'; id?: string }[];
    userAttributes?: {
      exclusions?: { field: string; operator: 'EQ'; value: unknown }[];
      inclusions?: { field: string; operator: 'EQ'; value: unknown }[];
    };
    userGroups?: { inclusions: string[]; exclusions: string[] };
    users?: { inclusions: string[] };
  };
  conditions: Record<string, unknown>;
}

export interface IpList {
  id: string;
  name: string;
  description: string;
  ips: string[];
}

export interface WelcomeScreen {
  title: string | null;
  paragraph: string | null;
  button: string | null;
}

export interface AppleMdm {
  id: string;
  name: string;
  organization: string;
  apnsPushTopic: string;
  apnsCertExpiry: string | null;
  appleCertCreatorAppleID: string;
  appleCertSerialNumber: string;
  depServerTokenState: 'unknown' | 'missing' | 'valid' | 'expired';
  depAccessTokenExpiry: string | null;
  defaultSystemGroupID: string | null;
  defaultIosUserEnrollmentDeviceGroupID: string | null;
  allowMobileUserEnrollment: boolean | null;
  serviceDiscoveryEnabled: boolean | null;
  dep: {
    welcomeScreen: WelcomeScreen;
    setupAssistantOptions: { option: string }[];
    enableZeroTouchEnrollment: boolean;
  };
  ades: {
    macos: {
      welcomeScreen: WelcomeScreen;
      setupOptions: string[];
      enableZeroTouchEnrollment: boolean;
      defaultDeviceGroupObjectIds: string[] | null;
    };
  };
}

export interface AppleMdmDevice {
  id: string;
  serialNumber: string;
  udid: string;
  osVersion: string;
  depRegistered: boolean;
  enrolled: boolean;
  createdAt: string;
  hasActivationLockBypassCodes: boolean;
  modelFamily: string;
  mdmOsFamily: string;
  securityInfo: {
    enrolledViaDep: boolean;
    isActivationLockManageable: boolean;
    isUserEnrollment: boolean;
    userApprovedEnrollment: boolean;
    passcodePresent: boolean;
    passcodeCompliant: boolean;
    filevaultEnabled: boolean;
    recoveryLockEnabled: boolean;
  };
  /** Partial for a device never enrolled: Apple Business Manager knows only its model. */
  deviceInformation: Partial<{
    isSupervised: boolean;
    activationLockAllowedWhileSupervised: boolean;
    availableDeviceCapacity: number;
    deviceCapacity: number;
    deviceName: string;
    wifiMac: string;
    modelName: string;
    osMarketingName: string;
    osBuildVersion: string;
    modelMarketingName: string;
    modelNumber: string;
    isAppleSilicon: boolean;
  }>;
}

/** Everything this module generates for one org (one field of OrgData). */
export interface IdentityData {
  gsuites: GSuite[];
  office365s: Office365[];
  activeDirectories: ActiveDirectory[];
  authnPolicies: AuthnPolicy[];
  ipLists: IpList[];
  appleMdms: AppleMdm[];
  /** Apple MDM id → its devices, in id order. */
  mdmDevices: Map<string, AppleMdmDevice[]>;
  /** Directory id → the user groups and users bound to it. */
  directoryUserGroups: Map<string, string[]>;
  directoryUsers: Map<string, string[]>;
}
