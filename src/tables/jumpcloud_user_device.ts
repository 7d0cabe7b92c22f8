import { col } from '../sdk/index.js';
import { type Access, accessTable } from './access.js';

const sudo = (item: Access) =>
  (item.compiled_attributes as { sudo?: { enabled?: unknown; withoutPassword?: unknown } } | null)?.sudo;

export const jumpcloud_user_device = accessTable({
  name: 'jumpcloud_user_device',
  description:
    'JumpCloud User Device: one row per user bound to a device, directly or through user and device groups.',
  column: 'device_id',
  what: 'device',
  type: 'system',
  fromUser: '/api/v2/users/{user_id}/systems',
  toUsers: '/api/v2/systems/{system_id}/users',
  compiled: 'the sudo of the bindings and user groups on the paths',
  scan: { list: { path: '/api/systems', paging: 'v1' }, idField: '_id' },
  columns: [
    col.bool('sudo_enabled', 'True if the user has sudo (administrator) rights on the device.', {
      from: (item) => sudo(item)?.enabled === true,
    }),
    col.bool('sudo_without_password', 'True if the user may use sudo on the device without a password.', {
      from: (item) => sudo(item)?.enabled === true && sudo(item)?.withoutPassword === true,
    }),
  ],
});
