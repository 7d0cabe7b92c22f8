import type { IdentityData } from './identity-types.js';

/**
 * The shapes the simulator serves, named after the spec's schemas (v1 `_id`, v2 `id`).
 * Field names and nullability follow jumpcloud-api-v1.yaml / -v2.yaml exactly: no field the spec
 * does not have (the product's `system_token` and `username_hashes` columns read fields it lacks).
 */

import type { Command, CommandResult, SoftwareApp, SoftwareAppStatus, Targets } from './command-types.js';

export type MfaEnrollmentStatus =
  | 'NOT_ENROLLED'
  | 'DISABLED'
  | 'PENDING_ACTIVATION'
  | 'ENROLLMENT_EXPIRED'
  | 'IN_ENROLLMENT'
  | 'PRE_ENROLLMENT'
  | 'ENROLLED';

export interface NameValue {
  name: string;
  value: string;
}

export interface SshKey {
  _id: string;
  create_date: string;
  name: string;
  public_key: string;
}

export interface SystemUser {
  _id: string;
  account_locked: boolean;
  account_locked_date: string | null;
  activated: boolean;
  admin: { id: string; roleName: string; roleNames: string[] } | null;
  addresses: {
    id: string;
    type: string;
    poBox: string;
    extendedAddress: string;
    streetAddress: string;
    locality: string;
    region: string;
    postalCode: string;
    country: string;
  }[];
  allow_public_key: boolean;
  alternateEmail: string;
  attributes: NameValue[];
  badLoginAttempts: number;
  company: string;
  costCenter: string;
  created: string;
  creationSource: string;
  delegatedAuthority: { name: 'ActiveDirectory'; id: string } | null;
  department: string;
  description: string;
  disableDeviceMaxLoginAttempts: boolean;
  displayname: string;
  email: string;
  employeeIdentifier: string;
  employeeType: string;
  enable_managed_uid: boolean;
  enable_user_portal_multifactor: boolean;
  external_dn: string;
  external_password_expiration_date: string;
  external_source_type: string;
  externally_managed: boolean;
  firstname: string;
  jobTitle: string;
  lastname: string;
  ldap_binding_user: boolean;
  location: string;
  managedAppleId: string;
  manager: string;
  mfa: { configured: boolean; exclusion: boolean; exclusionUntil?: string; exclusionDays?: number };
  mfaEnrollment: {
    totpStatus: MfaEnrollmentStatus;
    webAuthnStatus: MfaEnrollmentStatus;
    pushStatus: MfaEnrollmentStatus;
    smsStatus: MfaEnrollmentStatus;
    overallStatus: MfaEnrollmentStatus;
    jcGoStatus: MfaEnrollmentStatus;
  };
  middlename: string;
  organization: string;
  password_date: string | null;
  password_expiration_date: string | null;
  password_expired: boolean;
  password_never_expires: boolean;
  passwordless_sudo: boolean;
  phoneNumbers: { id: string; type: string; number: string }[];
  public_key: string;
  recoveryEmail: { address: string; verified: boolean; verifiedAt?: string };
  relationships: { type: string; value: string }[];
  restrictedFields: { field: string; type: string; id: string }[];
  samba_service_user: boolean;
  ssh_keys: SshKey[];
  state: 'STAGED' | 'ACTIVATED' | 'SUSPENDED';
  sudo: boolean;
  suspended: boolean;
  tags: string[];
  totp_enabled: boolean;
  unix_guid: number;
  unix_uid: number;
  username: string;
}

export type OsFamily = 'darwin' | 'windows' | 'linux';

export interface System {
  _id: string;
  active: boolean;
  agentHasFullDiskAccess: boolean;
  agentVersion: string;
  allowMultiFactorAuthentication: boolean;
  allowPublicKeyAuthentication: boolean;
  allowSshPasswordAuthentication: boolean;
  allowSshRootLogin: boolean;
  amazonInstanceID: string;
  arch: string;
  archFamily: string;
  attributes: NameValue[];
  azureAdJoined: boolean;
  builtInCommands: { type: 'security'; name: 'erase' | 'lock' | 'restart' | 'shutdown' }[];
  connectionHistory: Record<string, unknown>[];
  created: string;
  description: string;
  desktopCapable: boolean;
  displayManager: string;
  displayName: string;
  domainInfo: { partOfDomain: boolean; domainName: string };
  fde: { active: boolean; keyPresent: boolean };
  fileSystem: string | null;
  hasServiceAccount: boolean;
  hostname: string;
  hwVendor: string;
  isPolicyBound: boolean;
  lastContact: string | null;
  mdm: {
    vendor: 'unknown' | 'none' | 'internal' | 'external';
    dep?: boolean;
    userApproved?: boolean;
    enrollmentType?: 'unknown' | 'automated device' | 'device' | 'user';
    profileIdentifier?: string;
    internal?: { deviceId?: string; windowsDeviceId?: string };
  };
  modifySSHDConfig: boolean;
  networkInterfaces: { address: string; family: 'IPv4' | 'IPv6'; internal: boolean; name: string }[];
  organization: string;
  os: string;
  osFamily: OsFamily;
  osVersionDetail: {
    osName: string;
    releaseName: string;
    major: string;
    minor: string;
    patch: string;
    majorNumber: number;
    minorNumber: number;
    patchNumber: number;
    revision: string;
    distributionName: string;
    version: string;
  };
  policyStats: {
    duplicate: number;
    failed: number;
    pending: number;
    success: number;
    total: number;
    unsupportedOs: number;
  };
  primarySystemUser: { id: string | null };
  provisionMetadata: { provisioner: { type: 'administrator' | 'mdm' | 'user'; provisionerId: string } };
  remoteAssistAgentVersion: string;
  remoteIP: string;
  secureLogin: { supported: boolean; enabled: boolean };
  serialNumber: string;
  serviceAccountState: { hasSecureToken: boolean; passwordODValid: boolean; passwordAPFSValid: boolean };
  sshRootEnabled: boolean;
  sshdParams: NameValue[];
  systemInsights: { state: 'enabled' | 'disabled' | 'deferred' };
  systemTimezone: number;
  tags: string[];
  templateName: string;
  userMetrics: {
    userName: string;
    admin: boolean;
    managed: boolean;
    suspended: boolean;
    secureTokenEnabled: boolean;
  }[];
  version: string;
}

export interface FormField<V> {
  label: string;
  position: number;
  readOnly: boolean;
  required: boolean;
  tooltip: { template: string; variables: { icon: string; message: string } } | null;
  type: string;
  value: V;
  visible: boolean;
}

export interface Application {
  _id: string;
  active: boolean;
  beta: boolean;
  color: string;
  config: {
    acsUrl: FormField<string>;
    constantAttributes: (FormField<Record<string, unknown>[]> & { mutable: boolean }) | null;
    databaseAttributes: { position: number };
    idpCertificate: FormField<string>;
    idpEntityId: FormField<string>;
    idpPrivateKey: FormField<string>;
    spEntityId: FormField<string>;
    signAssertion: FormField<boolean> | null;
    signResponse: FormField<boolean> | null;
    spErrorFlow: FormField<boolean> | null;
  };
  created: string;
  databaseAttributes: Record<string, unknown>[];
  description: string;
  displayLabel: string;
  displayName: string;
  learnMore: string;
  logo: { color: string; url: string };
  name: string;
  organization: string;
  sso: { type: string; beta: boolean; jit: boolean; hidden: boolean; idpCertExpirationAt: string };
  ssoUrl: string;
}

export interface RadiusServer {
  _id: string;
  authIdp: 'JUMPCLOUD' | 'AZURE';
  mfa: 'DISABLED' | 'ENABLED' | 'REQUIRED' | 'ALWAYS';
  name: string;
  networkSourceIp: string;
  organization: string;
  sharedSecret: string;
  tagNames: string[];
  tags: string[];
  userLockoutAction: string;
  userPasswordExpirationAction: string;
  userPasswordEnabled: boolean;
  userCertEnabled: boolean;
  deviceCertEnabled: boolean;
  caCert: string;
  requireTlsAuth: boolean;
  radsecEnabled: boolean;
  requireRadsec: boolean;
  caSource: 'NONE' | 'BYOC' | 'JUMPCLOUD_MANAGED';
}

interface GroupBase {
  id: string;
  name: string;
  description: string;
  email: string;
  memberQueryErrorFlags: string[];
  memberQueryExemptions: { id: string; type: string }[];
  memberSuggestionsNotify: boolean;
  membershipMethod: 'NOTSET' | 'STATIC' | 'DYNAMIC_REVIEW_REQUIRED' | 'DYNAMIC_AUTOMATED';
  organizationObjectId: string | null;
}

export interface UserGroup extends GroupBase {
  type: 'user_group';
  attributes: {
    sudo?: { enabled: boolean; withoutPassword: boolean };
    posixGroups?: { id: number; name: string }[];
    ldapGroups?: { name: string }[];
    radius?: { reply: NameValue[] };
    sambaEnabled?: boolean;
  } | null;
  suggestionCounts: { add: number; remove: number; total: number };
}

export interface SystemGroup extends GroupBase {
  type: 'system_group';
  attributes: Record<string, unknown> | null;
}

export interface OrganizationSummary {
  _id: string;
  displayName: string;
  logoUrl: string | null;
}

/** The full `organization` schema; settings and entitlement are deep, so they are kept loosely typed. */
export interface Organization extends OrganizationSummary {
  accessRestriction: string;
  accountType: string;
  accountsReceivable: string;
  created: string;
  customEmailSettings: { enabled: boolean };
  entitlement: Record<string, unknown>;
  hasCreditCard: boolean;
  hasStripeCustomerId: boolean;
  lastEstimateCalculationTimeStamp: string;
  lastSfdcSyncStatus: Record<string, unknown>;
  provider: string | null;
  settings: Record<string, unknown> & { passwordPolicy: Record<string, unknown> };
  totalBillingEstimate: number;
}

export interface SiSystemInfo {
  collection_time: string;
  computer_name: string | null;
  cpu_brand: string | null;
  cpu_logical_cores: number | null;
  cpu_microcode: string | null;
  cpu_physical_cores: number | null;
  cpu_subtype: string | null;
  cpu_type: string | null;
  hardware_model: string | null;
  hardware_serial: string | null;
  hardware_vendor: string | null;
  hardware_version: string | null;
  hostname: string | null;
  local_hostname: string | null;
  physical_memory: string | null;
  system_id: string;
  uuid: string | null;
}

export interface SiApp {
  applescript_enabled: string | null;
  bundle_executable: string | null;
  bundle_identifier: string | null;
  bundle_name: string | null;
  bundle_package_type: string | null;
  bundle_short_version: string | null;
  bundle_version: string | null;
  category: string | null;
  collection_time: string;
  compiler: string | null;
  copyright: string | null;
  development_region: string | null;
  display_name: string | null;
  element: string | null;
  environment: string | null;
  info_string: string | null;
  last_opened_time: number | null;
  minimum_system_version: string | null;
  name: string | null;
  path: string | null;
  system_id: string;
}

export interface SiProgram {
  collection_time: string;
  identifying_number: string | null;
  install_date: string | null;
  install_location: string | null;
  install_source: string | null;
  language: string | null;
  name: string | null;
  publisher: string | null;
  system_id: string;
  uninstall_string: string | null;
  version: string | null;
}

export interface SiLinuxPackage {
  arch: string | null;
  /** [not in spec for this table] the agent sends it, and the product's `collection_time` column reads it. */
  collection_time: string;
  install_time: number | null;
  maintainer_or_vendor: string | null;
  mount_namespace_id: string | null;
  name: string;
  package_format: string;
  package_group_or_section: string | null;
  pid_with_namespace: number | null;
  release_or_revision: string | null;
  size: string | null;
  system_id: string;
  version: string | null;
}

/** Directory Insights events are schemaless (`object[]`); these are the fields every generated event has. */
export interface DirectoryEvent {
  id: string;
  timestamp: string;
  event_type: string;
  service: string;
  organization: string;
  success: boolean;
  [key: string]: unknown;
}

/** One organization's directory. Lists are kept in id (= creation) order. */
export interface OrgData {
  organization: Organization;
  users: SystemUser[];
  systems: System[];
  userGroups: UserGroup[];
  systemGroups: SystemGroup[];
  applications: Application[];
  radiusServers: RadiusServer[];
  /** user group id → member user ids */
  userGroupMembers: Map<string, string[]>;
  /** system group id → member system ids */
  systemGroupMembers: Map<string, string[]>;
  /** application id → associated user group ids */
  applicationUserGroups: Map<string, string[]>;
  /** RADIUS server id → associated user group ids and direct user ids */
  radiusUserGroups: Map<string, string[]>;
  radiusUsers: Map<string, string[]>;
  /** user group id → system group ids it is bound to (users reach those systems) */
  userGroupSystemGroups: Map<string, string[]>;
  /** system id → user ids bound directly (the device's own users) */
  systemUsers: Map<string, string[]>;
  systemInfo: SiSystemInfo[];
  apps: SiApp[];
  programs: SiProgram[];
  linuxPackages: SiLinuxPackage[];
  events: DirectoryEvent[];
  /** The other System Insights lists' rows, by API name (`/systeminsights/<api>`): insights-tables.ts. */
  insightTables: Record<string, Record<string, unknown>[]>;
  /** Commands, their results and software apps (commands.ts). */
  commands: Command[];
  commandResults: CommandResult[];
  commandTargets: Map<string, Targets>;
  softwareApps: SoftwareApp[];
  softwareAppTargets: Map<string, Targets>;
  softwareAppStatuses: SoftwareAppStatus[];
  /** Directories, authentication policies, IP lists, Apple MDM and its devices (directories.ts). */
  identity: IdentityData;
  /** Policies: templates, the org's policies, their groups, bindings and results (policies.ts). */
  policies: OrgPolicies;
  /** `${system id} ${user id}` → the attributes of that direct binding (sudo), when it has any */
  systemUserAttributes: Map<string, GraphAttributes>;
  ldapServers: LdapServer[];
  /** LDAP server id → associated user group ids and direct user ids */
  ldapUserGroups: Map<string, string[]>;
  ldapUsers: Map<string, string[]>;
}

/** The attributes of a graph edge (GraphAttributes): a user↔device binding's sudo. */
export interface GraphAttributes {
  sudo?: { enabled: boolean; withoutPassword: boolean };
  [key: string]: unknown;
}

/** An LDAP server, as `/api/v2/ldapservers` lists it (schema `ldap-server`). */
export interface LdapServer {
  id: string;
  name: string;
  userLockoutAction: 'disable' | 'remove';
  userPasswordExpirationAction: 'disable' | 'remove';
}

export interface DemoData {
  seed: number;
  /** The clock the relative timestamps were generated against (ms since epoch). */
  now: number;
  primaryOrgId: string;
  orgs: OrgData[];
}

/** `OSRestriction`: the OS versions a policy template applies to. */
export interface OsRestriction {
  osName: string;
  earliestVersion: string;
  isMdmRequired: boolean;
}

/** `PolicyTemplateConfigField`: one setting a policy of the template configures. */
export interface PolicyConfigField {
  id: string;
  name: string;
  label: string;
  displayType: 'checkbox' | 'number' | 'select' | 'text';
  displayOptions: Record<string, unknown> | null;
  defaultValue: string | number | boolean | null;
  position: number;
  readOnly: boolean;
  required: boolean;
  sensitive: boolean;
  tooltip: { template: string; variables: { icon: string; message: string } } | null;
  validators: Record<string, unknown> | null;
}

/** `PolicyTemplate` (the list) with its `configFields` (`PolicyTemplateWithDetails`, the get). */
export interface PolicyTemplate {
  id: string;
  name: string;
  displayName: string;
  description: string;
  osMetaFamily: 'darwin' | 'windows' | 'linux';
  activation: string;
  behavior: string;
  deliveryTypes: ('agent' | 'mdm')[];
  state: string;
  alert: string | null;
  reference: string | null;
  osRestrictions: OsRestriction[];
  configFields: PolicyConfigField[];
}

export type PolicyTemplateSummary = Omit<PolicyTemplate, 'configFields'>;

/** `PolicyValue`: a policy's value for one of its template's config fields. */
export interface PolicyValue {
  configFieldID: string;
  value: string | number | boolean;
  sensitive: boolean;
}

/** `PolicyWithDetails` (the get); the list shows `Policy`: id, name and template. */
export interface Policy {
  id: string;
  name: string;
  notes: string;
  template: PolicyTemplateSummary;
  values: PolicyValue[];
  configFields: PolicyConfigField[];
}

export interface PolicyGroup {
  attributes: Record<string, unknown> | null;
  description: string;
  email: string;
  id: string;
  name: string;
  organizationObjectId: string;
  type: 'policy_group';
}

/** `PolicyResult`: one application of a policy on a device; a pending one has not ended. */
export interface PolicyResult {
  id: string;
  policyID: string;
  systemID: string;
  userObjectId?: string;
  state: 'success' | 'failed' | 'pending';
  success: boolean;
  startedAt: string;
  endedAt?: string;
  exitStatus?: number;
  detail: string;
  stdOut?: string;
  stdErr?: string;
}

export interface OrgPolicies {
  /** The template catalog: JumpCloud's, the same in every org. */
  templates: readonly PolicyTemplate[];
  policies: Policy[];
  groups: PolicyGroup[];
  /** policy group id → member policy ids */
  groupMembers: Map<string, string[]>;
  /** policy id → system ids it is bound to directly */
  systems: Map<string, string[]>;
  /** policy id → system group ids it is bound to */
  systemGroups: Map<string, string[]>;
  /** Every result, oldest first (id order); the latest per policy and system is its status. */
  results: PolicyResult[];
}
