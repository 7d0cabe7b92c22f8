import { col } from '../sdk/index.js';
import { apiTable, organizationIdColumn, titleColumn } from './common.js';

/** An Apple MDM configuration, as `/api/v2/applemdms` lists it (the spec has no get by id). */
export interface AppleMdm extends Record<string, unknown> {
  id: string;
  name?: string;
}

export const jumpcloud_apple_mdm = apiTable<AppleMdm>({
  name: 'jumpcloud_apple_mdm',
  description:
    "JumpCloud Apple MDM: the organization's Apple MDM configuration, its certificates and DEP (ADE) settings.",
  list: { path: '/api/v2/applemdms', paging: 'v2' },
  columns: [
    col.string('id', 'The ID of the MDM enrollment.'),
    col.string('name', 'A friendly name for the enrollment.'),
    col.string(
      'apns_push_topic',
      'The push topic Apple assigned after the signed CSR was uploaded; empty until a signed certificate is provided.',
      { from: 'apnsPushTopic' },
    ),
    col.timestamp('apns_cert_expiry', 'When the APNs certificate expires.', { from: 'apnsCertExpiry' }),
    col.string(
      'apple_cert_creator_apple_id',
      'The Apple ID of the admin who created the Apple signed certificate.',
      {
        from: 'appleCertCreatorAppleID',
      },
    ),
    col.string('apple_cert_serial_number', 'The serial number of the Apple signed certificate.', {
      from: 'appleCertSerialNumber',
    }),
    col.string(
      'dep_server_token_state',
      'The state of the DEP server token: unknown, missing, valid or expired.',
      {
        from: 'depServerTokenState',
      },
    ),
    col.timestamp('dep_access_token_expiry', 'When the DEP access token expires.', {
      from: 'depAccessTokenExpiry',
    }),
    col.string(
      'default_system_group_id',
      'The ID of the default device group of the MDM (deprecated by Apple ADE settings).',
      {
        from: 'defaultSystemGroupID',
      },
    ),
    col.bool('allow_mobile_user_enrollment', 'True if mobile devices may be enrolled by their users.', {
      from: 'allowMobileUserEnrollment',
    }),
    col.bool('service_discovery_enabled', 'True if service discovery is enabled for the device manager.', {
      from: 'serviceDiscoveryEnabled',
    }),
    col.bool(
      'enable_zero_touch_enrollment',
      'True if DEP-registered Macs go through Zero Touch Enrollment.',
      {
        from: 'ades.macos.enableZeroTouchEnrollment',
      },
    ),
    col.json('dep', 'The DEP settings (deprecated): welcome screen, setup assistant options, zero touch.'),
    col.json(
      'ades',
      'The automated device enrollment settings per OS (macos, ios): welcome screen, skipped setup panes, default device groups.',
    ),
    organizationIdColumn('organization'),
    titleColumn('name'),
  ],
});
