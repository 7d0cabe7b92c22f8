import { col, epochSecondsToTimestamp } from '../sdk/index.js';
import { apiTable, organizationIdColumn, titleColumn } from './common.js';

/** osquery reports "1"/"0" (text); anything else is unknown. */
const flag = (value: unknown) =>
  value === '1' || value === 1 ? true : value === '0' || value === 0 ? false : null;

export const jumpcloud_device_macos_app = apiTable({
  name: 'jumpcloud_device_macos_app',
  description: 'JumpCloud MacOS Device App',
  list: { path: '/api/v2/systeminsights/apps', paging: 'insights', keyColumns: ['device_id'] },
  columns: [
    col.string('device_id', 'A JumpCloud generated unique identifier for the device.', {
      from: 'system_id',
      filter: 'system_id',
    }),
    col.string('name', 'The name of the app.'),
    col.string('version', 'The installed version of the app.', { from: 'bundle_short_version' }),
    col.timestamp('last_opened_time', 'The time when the app was last opened.', {
      from: (app: Record<string, unknown>) => epochSecondsToTimestamp(app.last_opened_time),
    }),
    col.string('display_name', 'The display name of the app.'),
    col.string('path', 'Specifies the device path where the app was installed.'),
    col.bool('applescript_enabled', 'True if the applescript is enabled for the app.', {
      from: (app: Record<string, unknown>) => flag(app.applescript_enabled),
    }),
    col.string('bundle_executable', 'Specifies the bundle executable.'),
    col.string('bundle_identifier', 'The bundle identifier of the app.'),
    col.string('bundle_name', 'The bundle version of the app.'),
    col.string('bundle_package_type', 'The bundle package type of the app.'),
    col.string('bundle_version', 'The bundle version.'),
    col.string('category', 'The app category.'),
    col.timestamp('collection_time', 'The time when the data was collected by the JumpCloud agent.'),
    col.string('compiler', 'The app complier.'),
    col.string('copyright', 'The copyright information of the app.'),
    col.string('development_region', 'The development region of the app.'),
    col.string('element', 'Specifies the app element.'),
    col.string('environment', 'The app environment.'),
    col.string('info_string', 'The app information.'),
    col.string('minimum_system_version', 'The minimum OS version required to install the app.'),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
