/**
 * The hand-written input of the System Insights generator (`npm run generate`): what the spec does
 * not say. Table names where `jumpcloud_device_<path>` reads badly or collides, the platforms each
 * osquery table reports on, the columns that are timestamps, renamed columns, column descriptions
 * the spec lacks, and the worked examples of the important tables' docs pages.
 */

export type Platform = 'darwin' | 'windows' | 'linux';

/** The paths the hand-written tables already cover (the Steampipe plugin's); not generated. */
export const HAND_WRITTEN: Readonly<Record<string, string>> = {
  apps: 'jumpcloud_device_macos_app',
  programs: 'jumpcloud_device_windows_program',
  linux_packages: 'jumpcloud_device_linux_package',
};

/**
 * Table names, `jumpcloud_device_` + this, where the path's plain name reads badly: a plural
 * (Steampipe names are singular: a row is one of them) or a collision (`groups` would be
 * `jumpcloud_device_group`, the device groups; `users` reads as the JumpCloud users of a device).
 */
export const NAMES: Readonly<Record<string, string>> = {
  alf_exceptions: 'alf_exception',
  alf_explicit_auths: 'alf_explicit_auth',
  appcompat_shims: 'appcompat_shim',
  authorized_keys: 'authorized_key',
  azure_instance_tags: 'azure_instance_tag',
  browser_plugins: 'browser_plugin',
  certificates: 'certificate',
  chrome_extensions: 'chrome_extension',
  crashes: 'crash',
  cups_destinations: 'cups_destination',
  dns_resolvers: 'dns_resolver',
  etc_hosts: 'etc_host',
  firefox_addons: 'firefox_addon',
  groups: 'local_group',
  ie_extensions: 'ie_extension',
  interface_addresses: 'interface_address',
  interface_details: 'interface_detail',
  logged_in_users: 'logged_in_user',
  logical_drives: 'logical_drive',
  managed_policies: 'managed_policy',
  mounts: 'mount',
  patches: 'patch',
  python_packages: 'python_package',
  safari_extensions: 'safari_extension',
  scheduled_tasks: 'scheduled_task',
  services: 'service',
  shared_folders: 'shared_folder',
  shared_resources: 'shared_resource',
  startup_items: 'startup_item',
  system_controls: 'system_control',
  usb_devices: 'usb_device',
  user_groups: 'local_user_group',
  user_ssh_keys: 'user_ssh_key',
  users: 'local_user',
  wifi_networks: 'wifi_network',
  windows_security_products: 'windows_security_product',
};

const ALL: readonly Platform[] = ['darwin', 'windows', 'linux'];
const MAC: readonly Platform[] = ['darwin'];
const WIN: readonly Platform[] = ['windows'];
const LINUX: readonly Platform[] = ['linux'];
const POSIX: readonly Platform[] = ['darwin', 'linux'];

/** The platforms the agent reports each table on (osquery's platforms for it). */
export const PLATFORMS: Readonly<Record<string, readonly Platform[]>> = {
  alf: MAC,
  alf_exceptions: MAC,
  alf_explicit_auths: MAC,
  appcompat_shims: WIN,
  authorized_keys: POSIX,
  azure_instance_metadata: ALL,
  azure_instance_tags: ALL,
  battery: MAC,
  bitlocker_info: WIN,
  browser_plugins: MAC,
  certificates: ['darwin', 'windows'],
  chassis_info: WIN,
  chrome_extensions: ALL,
  connectivity: WIN,
  crashes: MAC,
  cups_destinations: MAC,
  disk_encryption: POSIX,
  disk_info: WIN,
  dns_resolvers: POSIX,
  etc_hosts: ALL,
  firefox_addons: ALL,
  groups: ALL,
  ie_extensions: WIN,
  interface_addresses: ALL,
  interface_details: ALL,
  kernel_info: ALL,
  launchd: MAC,
  logged_in_users: ALL,
  logical_drives: WIN,
  managed_policies: MAC,
  mounts: POSIX,
  os_version: ALL,
  patches: WIN,
  python_packages: ALL,
  safari_extensions: MAC,
  scheduled_tasks: WIN,
  secureboot: ['windows', 'linux'],
  services: WIN,
  shadow: LINUX,
  shared_folders: MAC,
  shared_resources: WIN,
  sharing_preferences: MAC,
  sip_config: MAC,
  startup_items: ALL,
  system_controls: POSIX,
  system_info: ALL,
  tpm_info: WIN,
  uptime: ALL,
  usb_devices: POSIX,
  user_groups: ALL,
  user_ssh_keys: POSIX,
  userassist: WIN,
  users: ALL,
  wifi_networks: MAC,
  wifi_status: MAC,
  windows_security_center: WIN,
  windows_security_products: WIN,
};

/**
 * Columns that are times: `epoch` (seconds since 1970, as a number or a numeric string) or `iso`
 * (a date the API sends as text). They become timestamp columns, parsed.
 */
export const TIMESTAMPS: Readonly<Record<string, Readonly<Record<string, 'epoch' | 'iso'>>>> = {
  appcompat_shims: { install_time: 'epoch' },
  battery: { manufacture_date: 'epoch' },
  certificates: { not_valid_before: 'epoch', not_valid_after: 'epoch' },
  logged_in_users: { time: 'epoch' },
  os_version: { install_date: 'epoch' },
  scheduled_tasks: { last_run_time: 'epoch', next_run_time: 'epoch' },
  userassist: { last_execution_time: 'epoch' },
  users: { last_login: 'epoch' },
  wifi_networks: { last_connected: 'epoch' },
  windows_security_products: { state_timestamp: 'iso' },
};

/**
 * Columns renamed because their name is taken: `device_id` is the JumpCloud device (the API's
 * `system_id`) in every table, so osquery's own `device_id` (a drive's) is `drive_device_id`.
 */
export const RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  bitlocker_info: { device_id: 'drive_device_id' },
  logical_drives: { device_id: 'drive_device_id' },
};

/** Descriptions of the columns the spec leaves undescribed, by column name (osquery's meaning). */
export const DESCRIPTIONS: Readonly<Record<string, string>> = {
  address: 'The address.',
  algorithm: 'The key algorithm.',
  arch: 'The architecture.',
  author: 'The author.',
  comment: 'The comment.',
  description: 'The description.',
  directory: 'The directory.',
  disabled: '1 if disabled, 0 if not.',
  enabled: '1 if enabled, 0 if not.',
  encrypted: '1 if encrypted, 0 if not.',
  gid: 'The group ID (unsigned).',
  gid_signed: 'The group ID (signed).',
  groupname: 'The name of the group.',
  hostnames: 'The host names the address resolves to, space separated.',
  identifier: 'The unique identifier.',
  interface: 'The network interface.',
  manufacturer: 'The manufacturer.',
  model: 'The model.',
  name: 'The name.',
  path: 'The path on the device.',
  pid: 'The process ID.',
  serial: 'The serial number.',
  shell: 'The login shell.',
  state: 'The state.',
  status: 'The status.',
  type: 'The type.',
  uid: 'The user ID (unsigned).',
  uid_signed: 'The user ID (signed).',
  username: 'The user name.',
  uuid: 'The UUID.',
  version: 'The version.',
};

/** A worked example of a docs page: a heading and its SQL in both dialects (the same when one is given). */
export interface DocExample {
  heading: string;
  postgres: string;
  sqlite?: string;
}

/** The important tables' worked examples, shown first on their pages; the generic ones follow. */
export const EXAMPLES: Readonly<Record<string, readonly DocExample[]>> = {
  disk_encryption: [
    {
      heading: 'List devices whose disk is not encrypted',
      postgres: `select
  d.display_name as device,
  d.os,
  e.name as disk,
  e.encryption_status
from
  jumpcloud_device_disk_encryption as e
  join jumpcloud_device as d on d.id = e.device_id
where
  e.encrypted = 0
order by
  device;`,
    },
  ],
  bitlocker_info: [
    {
      heading: 'List Windows devices whose system drive BitLocker does not protect',
      postgres: `select
  d.display_name as device,
  b.drive_letter,
  b.encryption_method,
  b.percentage_encrypted
from
  jumpcloud_device_bitlocker_info as b
  join jumpcloud_device as d on d.id = b.device_id
where
  b.protection_status = 0
order by
  device;`,
    },
  ],
  alf: [
    {
      heading: 'List Macs with the application firewall off',
      postgres: `select
  d.display_name as device,
  d.version as macos,
  a.stealth_enabled
from
  jumpcloud_device_alf as a
  join jumpcloud_device as d on d.id = a.device_id
where
  a.global_state = 0
order by
  device;`,
    },
  ],
  windows_security_products: [
    {
      heading: 'List Windows devices whose firewall is off',
      postgres: `select
  d.display_name as device,
  p.name,
  p.state,
  p.state_timestamp
from
  jumpcloud_device_windows_security_product as p
  join jumpcloud_device as d on d.id = p.device_id
where
  p.type = 'Firewall'
  and p.state = 'Off'
order by
  device;`,
    },
  ],
  windows_security_center: [
    {
      heading: 'List Windows devices whose firewall or updates are not in good health',
      postgres: `select
  d.display_name as device,
  c.firewall,
  c.autoupdate,
  c.antivirus
from
  jumpcloud_device_windows_security_center as c
  join jumpcloud_device as d on d.id = c.device_id
where
  c.firewall <> 'Good'
  or c.autoupdate <> 'Good'
order by
  device;`,
    },
  ],
  sip_config: [
    {
      heading: 'List Macs with System Integrity Protection off',
      postgres: `select distinct
  d.display_name as device,
  d.version as macos
from
  jumpcloud_device_sip_config as s
  join jumpcloud_device as d on d.id = s.device_id
where
  s.enabled = 0
order by
  device;`,
    },
  ],
  secureboot: [
    {
      heading: 'List devices with Secure Boot off',
      postgres: `select
  d.display_name as device,
  d.os
from
  jumpcloud_device_secureboot as s
  join jumpcloud_device as d on d.id = s.device_id
where
  s.secure_boot = 0
order by
  device;`,
    },
  ],
  users: [
    {
      heading: 'List the local administrators of each device',
      postgres: `select
  d.display_name as device,
  u.username,
  u.managed,
  u.last_login
from
  jumpcloud_device_local_user as u
  join jumpcloud_device as d on d.id = u.device_id
where
  u.admin
  and u.real_user
order by
  device,
  u.username;`,
    },
    {
      heading: 'List local administrators JumpCloud does not manage',
      postgres: `select
  d.display_name as device,
  d.os,
  u.username
from
  jumpcloud_device_local_user as u
  join jumpcloud_device as d on d.id = u.device_id
where
  u.admin
  and u.real_user
  and not u.managed
order by
  device;`,
    },
  ],
  patches: [
    {
      heading: 'List Windows devices missing an update',
      postgres: `select
  d.display_name as device,
  d.version
from
  jumpcloud_device as d
where
  d.id in (select device_id from jumpcloud_device_patch)
  and d.id not in (
    select device_id from jumpcloud_device_patch where hotfix_id = 'KB5036893'
  )
order by
  device;`,
    },
    {
      heading: 'Count the devices that have each update',
      postgres: `select
  hotfix_id,
  description,
  count(distinct device_id) as devices
from
  jumpcloud_device_patch
group by
  hotfix_id,
  description
order by
  hotfix_id;`,
    },
  ],
  usb_devices: [
    {
      heading: 'List removable USB storage plugged into devices',
      postgres: `select
  d.display_name as device,
  u.vendor,
  u.model,
  u.serial
from
  jumpcloud_device_usb_device as u
  join jumpcloud_device as d on d.id = u.device_id
where
  u.removable = 1
order by
  device;`,
    },
  ],
  chrome_extensions: [
    {
      heading: 'List Chrome extensions that can read and change every site',
      postgres: `select
  d.display_name as device,
  e.name,
  e.version,
  e.permissions
from
  jumpcloud_device_chrome_extension as e
  join jumpcloud_device as d on d.id = e.device_id
where
  e.permissions like '%<all_urls>%'
order by
  device;`,
    },
    {
      heading: 'Count the devices with each Chrome extension',
      postgres: `select
  name,
  identifier,
  count(distinct device_id) as devices
from
  jumpcloud_device_chrome_extension
group by
  name,
  identifier
order by
  devices desc;`,
    },
  ],
  os_version: [
    {
      heading: 'Count the devices on each OS version',
      postgres: `select
  name,
  version,
  count(*) as devices
from
  jumpcloud_device_os_version
group by
  name,
  version
order by
  devices desc;`,
    },
    {
      heading: 'List Macs older than macOS 14 and Windows 10 devices',
      postgres: `select
  d.display_name as device,
  o.name,
  o.version,
  o.build
from
  jumpcloud_device_os_version as o
  join jumpcloud_device as d on d.id = o.device_id
where
  (o.platform = 'darwin' and o.major < 14)
  or o.name like 'Microsoft Windows 10%'
order by
  o.name,
  o.version;`,
    },
  ],
};
