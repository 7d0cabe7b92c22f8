import { col } from '../sdk/index.js';
import { apiTable, organizationIdColumn, titleColumn } from './common.js';

/** A software app, as `/api/v2/softwareapps` lists it: its settings hold one entry per package. */
export interface SoftwareApp extends Record<string, unknown> {
  id: string;
  displayName?: string;
}

/** A column of the app's (first) settings entry, where JumpCloud keeps the package. */
const setting = (field: string) => `settings.0.${field}`;

export const jumpcloud_software_app = apiTable<SoftwareApp>({
  name: 'jumpcloud_software_app',
  description: 'JumpCloud Software App: a package JumpCloud installs on (or removes from) bound devices.',
  list: { path: '/api/v2/softwareapps', paging: 'v2' },
  get: '/api/v2/softwareapps/{id}',
  columns: [
    col.string('id', 'A unique identifier for the software app.'),
    col.string('display_name', 'The name of the software app.', {
      from: 'displayName',
      filter: 'displayName',
    }),
    col.string(
      'package_manager',
      'Where the package comes from: APPLE_VPP, CHOCOLATEY, MICROSOFT_STORE, ….',
      {
        from: setting('packageManager'),
      },
    ),
    col.string(
      'package_id',
      "The package's ID in its package manager (an App Store ID, a Chocolatey name).",
      {
        from: setting('packageId'),
      },
    ),
    col.string('package_version', 'The version of the package.', { from: setting('packageVersion') }),
    col.string('desired_state', 'What JumpCloud makes of the app on bound devices: Install or Uninstall.', {
      from: setting('desiredState'),
    }),
    col.bool('auto_update', 'True if the app is kept up to date.', { from: setting('autoUpdate') }),
    col.bool('allow_update_delay', 'True if users may delay updates.', { from: setting('allowUpdateDelay') }),
    col.string('location', 'The repository of the package within its package manager.', {
      from: setting('location'),
    }),
    col.string('description', 'Description of the software app.', { from: setting('description') }),
    col.json('settings', 'The settings of the app: package manager, package, update and install options.'),
    col.timestamp('created_at', 'The time the app was created.', { from: 'createdAt' }),
    col.timestamp('updated_at', 'The time the app was last changed.', { from: 'updatedAt' }),
    organizationIdColumn('organization'),
    titleColumn('displayName'),
  ],
});
