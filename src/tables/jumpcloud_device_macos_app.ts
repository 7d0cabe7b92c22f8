import { col, epochSecondsToTimestamp } from '../sdk/index.js';
import { apiTable, organizationIdColumn, titleColumn } from './common.js';

/**
 * osquery's "1"/"0", read as the plugin reads it (Go's `strconv.Atoi`, then `!= 0`): any integer
 * text is true unless it is zero. Where the plugin fails the query ("", "yes"), the value is NULL.
 */
const flag = (value: unknown) => {
  if (typeof value === 'number') return Number.isInteger(value) ? value !== 0 : null;
  return typeof value === 'string' && /^[+-]?\d+$/.test(value) ? Number(value) !== 0 : null;
};

export const jumpcloud_device_macos_app = apiTable({
  name: 'jumpcloud_device_macos_app',
  description: 'JumpCloud MacOS Device App',
  list: { path: '/api/v2/systeminsights/apps', paging: 'insights', keyColumns: ['device_id'] },
  columns: [
    col.string('device_id', 'A JumpCloud generated unique identifier for the device.', {
      from: 'system_id',
      keepEmpty: true,
      filter: 'system_id',
    }),
    col.string('name', 'The name of the app.'),
    col.string('version', 'The installed version of the app.', {
      from: 'bundle_short_version',
      keepEmpty: true,
    }),
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
