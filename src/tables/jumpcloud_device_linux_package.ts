import { col, epochSecondsToTimestamp } from '../sdk/index.js';
import { apiTable, organizationIdColumn, titleColumn } from './common.js';

export const jumpcloud_device_linux_package = apiTable({
  name: 'jumpcloud_device_linux_package',
  description: 'JumpCloud Linux Device Package',
  list: { path: '/api/v2/systeminsights/linux_packages', paging: 'insights', keyColumns: ['device_id'] },
  columns: [
    col.string('device_id', 'A JumpCloud generated unique identifier for the device.', {
      from: 'system_id',
      keepEmpty: true,
      filter: 'system_id',
    }),
    col.string('name', 'The name of the package.'),
    col.string('version', 'The installed version of the package.'),
    col.string('size', 'Specifies the size of the package.'),
    col.string('arch', 'Specifies the package architecture.'),
    col.timestamp('collection_time', 'The time when the data was collected by the JumpCloud agent.'),
    col.timestamp('install_time', 'The time when the package was installed.', {
      from: (pkg: Record<string, unknown>) => epochSecondsToTimestamp(pkg.install_time),
    }),
    col.string('maintainer_or_vendor', 'The name of the maintainer or vendor of the package.'),
    col.string('mount_namespace_id', 'The mount name space ID of the package.'),
    col.string('package_format', 'The format of the package.'),
    col.string('package_group_or_section', 'Specifies the package group or section.'),
    col.int('pid_with_namespace', 'Specifies the PID with namespace.'),
    col.string('release_or_revision', 'Specifies the release or revision of the package.'),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
