import type { ListEndpoint } from '../client/index.js';
import { col } from '../sdk/index.js';
import { apiTable, type Ctx, hydrated, listTarget, titleColumn } from './common.js';

/** A device, as `/api/systems` lists it. */
export interface System extends Record<string, unknown> {
  _id: string;
  displayName?: string;
  os?: string;
  organization?: string;
}

/** A row of System Insights' `system_info`: one per device. */
interface SystemInfo extends Record<string, unknown> {
  system_id: string;
}

const systemInfo: ListEndpoint = { path: '/api/v2/systeminsights/system_info', paging: 'insights' };

export const jumpcloud_device = apiTable<System>({
  name: 'jumpcloud_device',
  description: 'JumpCloud Device',
  list: { path: '/api/systems', paging: 'v1' },
  get: '/api/systems/{id}',
  hydrates: {
    deviceInfo: {
      requests: listTarget(systemInfo),
      // One device: its own system_info row. Many: one listing of every device's system_info.
      run: async (device: System, ctx: Ctx) => {
        const rows = ctx.connection.client.list<SystemInfo>(systemInfo, {
          filters: [{ field: 'system_id', values: [device._id] }],
          limit: 1,
          signal: ctx.signal,
        });
        for await (const row of rows) return row;
        return null;
      },
      batch: async (_devices: System[], ctx: Ctx) => {
        const byDevice = new Map<string, SystemInfo>();
        for await (const row of ctx.connection.client.list<SystemInfo>(systemInfo, { signal: ctx.signal })) {
          if (!byDevice.has(row.system_id)) byDevice.set(row.system_id, row);
        }
        return (device: System) => byDevice.get(device._id) ?? null;
      },
    },
  },
  columns: [
    col.string('display_name', 'Display name of the device.', { from: 'displayName', filter: 'displayName' }),
    col.string('id', 'A unique identifier JumpCloud generated for the device.', { from: '_id' }),
    col.string('os', 'The operating system installed in the device.', { filter: 'os' }),
    col.bool('active', 'If true, the device is active.', { filter: 'active' }),
    col.timestamp('created', 'The time when the device was created.'),
    col.bool('allow_multi_factor_authentication', 'If true, MFA is enabled for the device.', {
      from: 'allowMultiFactorAuthentication',
    }),
    col.timestamp('last_contact', 'The time when the device was last scanned.', { from: 'lastContact' }),
    col.string('agent_version', 'The JumCloud agent version installed on the device.', {
      from: 'agentVersion',
    }),
    col.bool('allow_public_key_authentication', 'If true, the device allows public key authentication.', {
      from: 'allowPublicKeyAuthentication',
    }),
    col.bool('allow_ssh_password_authentication', 'If true, the device allows SSH password authentication.', {
      from: 'allowSshPasswordAuthentication',
    }),
    col.bool('allow_ssh_root_login', 'If true, the device allows root login using SSH.', {
      from: 'allowSshRootLogin',
    }),
    col.string('amazon_instance_id', 'The amazon instance ID.', { from: 'amazonInstanceID' }),
    col.string('arch', 'The CPU that a Linux distribution runs on.'),
    col.string('file_system', "The device's file system.", { from: 'fileSystem' }),
    col.bool('has_service_account', 'If true, device has service accounts.', { from: 'hasServiceAccount' }),
    col.string('hostname', 'The hostname of the device.', { filter: 'hostname' }),
    col.bool('modify_sshd_config', 'If true, device allows to modify the SSHD config file.', {
      from: 'modifySSHDConfig',
    }),
    col.string('os_family', 'Specifies the OS family.', { from: 'osFamily', filter: 'osFamily' }),
    col.inet('remote_ip', 'The remote IP address of the device.', { from: 'remoteIP' }),
    col.string('serial_number', 'The serial number of the device.', {
      from: 'serialNumber',
      filter: 'serialNumber',
    }),
    col.bool('ssh_root_enabled', 'If true, device is allowed to perform SSH on root.', {
      from: 'sshRootEnabled',
    }),
    col.int('system_timezone', 'Specifies the area timezone of the device.', { from: 'systemTimezone' }),
    col.string('system_token', 'Specifies the system token used to enroll the device.', {
      from: 'systemToken',
    }),
    col.string('template_name', 'Specifies the device template.', { from: 'templateName' }),
    col.string('version', 'The current OS version installed on the device.'),
    col.json('connection_history', 'The device connection history.', { from: 'connectionHistory' }),
    col.json('device_info', 'Specifies the device information.', {
      hydrate: 'deviceInfo',
      from: hydrated,
    }),
    col.json('fde', 'Indicates if the full disk encryption is active in the system.'),
    col.json(
      'mdm',
      'Specifies the mobile device management (MDM) configuration where the device is enrolled.',
    ),
    col.json('network_interfaces', 'Specifies the list of network interface.', { from: 'networkInterfaces' }),
    col.json('service_account_state', 'Specifies the service account state information.', {
      from: 'serviceAccountState',
    }),
    col.json('sshd_params', 'Specifies the list of SSHD config params of the device.', {
      from: 'sshdParams',
    }),
    col.json('system_insights', 'Specifies the system_insights.', { from: 'systemInsights' }),
    col.json('tags', 'A list of tags assigned to the device.'),
    col.json('username_hashes', 'Specifies the username hashes of the device.', { from: 'usernameHashes' }),
    col.json('user_metrics', 'Specifies a list of user metrics.', { from: 'userMetrics' }),
    col.string('organization_id', 'Specifies the ID of the organization.', {
      from: 'organization',
      keepEmpty: true,
    }),
    titleColumn('displayName'),
  ],
});
