import { col } from '../sdk/index.js';
import { organizationIdColumn } from './common.js';
import { fanOutTable } from './fan-out.js';

/** One device of one Apple MDM: the MDM's entry, and the MDM it belongs to. */
interface MdmDevice extends Record<string, unknown> {
  apple_mdm_id: string;
}

export const jumpcloud_mdm_device = fanOutTable<MdmDevice>({
  name: 'jumpcloud_mdm_device',
  description:
    'JumpCloud MDM Device: one row per device of an Apple MDM, enrolled or registered in Apple Business Manager and waiting.',
  keys: [
    {
      column: 'apple_mdm_id',
      list: { path: '/api/v2/applemdms/{apple_mdm_id}/devices', paging: 'v2' },
      row: (entry, parent) => ({ ...entry, apple_mdm_id: parent.id }),
    },
  ],
  scan: { key: 'apple_mdm_id', list: { path: '/api/v2/applemdms', paging: 'v2' }, idField: 'id' },
  columns: [
    col.string('id', "The ID of the MDM device (a device's mdm -> 'internal' ->> 'deviceId').", {
      filter: 'id',
    }),
    col.string('apple_mdm_id', 'The ID of the Apple MDM the device belongs to.'),
    col.string('serial_number', 'The serial number of the device (joins jumpcloud_device.serial_number).', {
      from: 'serialNumber',
      filter: 'serialNumber',
    }),
    col.string('udid', 'The unique device identifier; empty until the device enrolls.', { filter: 'udid' }),
    col.string('os_version', 'The OS version the device reported.', {
      from: 'osVersion',
      filter: 'osVersion',
    }),
    col.bool('dep_registered', 'True if the device is registered in Apple Business Manager (DEP).', {
      from: 'depRegistered',
      filter: 'depRegistered',
    }),
    col.bool('enrolled', 'True if the device is enrolled in the MDM.', { filter: 'enrolled' }),
    col.timestamp('created_at', 'When the MDM first knew the device.', { from: 'createdAt' }),
    col.bool(
      'has_activation_lock_bypass_codes',
      'True if the MDM holds Activation Lock bypass codes for the device.',
      {
        from: 'hasActivationLockBypassCodes',
      },
    ),
    col.string('model_family', 'The model family (e.g. Mac).', { from: 'modelFamily' }),
    col.string('mdm_os_family', 'The OS family the MDM manages on it (e.g. macOS).', { from: 'mdmOsFamily' }),
    col.string('device_name', 'The name the device reports.', { from: 'deviceInformation.deviceName' }),
    col.string('model_name', 'The model name (e.g. MacBook Pro).', { from: 'deviceInformation.modelName' }),
    col.string('model_marketing_name', 'The marketing name of the model.', {
      from: 'deviceInformation.modelMarketingName',
    }),
    col.bool('is_apple_silicon', 'True for an Apple silicon Mac.', {
      from: 'deviceInformation.isAppleSilicon',
    }),
    col.bool('is_supervised', 'True if the device is supervised.', {
      from: 'deviceInformation.isSupervised',
    }),
    col.bool('enrolled_via_dep', 'True if the device enrolled through automated device enrollment (DEP).', {
      from: 'securityInfo.enrolledViaDep',
    }),
    col.bool('user_approved_enrollment', 'True if the user approved the enrollment.', {
      from: 'securityInfo.userApprovedEnrollment',
    }),
    col.bool('filevault_enabled', 'True if FileVault is on.', { from: 'securityInfo.filevaultEnabled' }),
    col.json(
      'security_info',
      'The security information the device reported (passcode, FileVault, recovery lock…).',
      {
        from: 'securityInfo',
      },
    ),
    col.json(
      'device_information',
      'The device information the device reported (capacity, model, OS build, Wi-Fi MAC…).',
      {
        from: 'deviceInformation',
      },
    ),
    organizationIdColumn(),
  ],
});
