import { col } from '../sdk/index.js';
import { getTarget, organizationIdColumn } from './common.js';
import { fanOutTable, getOncePerScan, type ParentRef } from './fan-out.js';

/** One software app on one device: its install status. */
interface AppStatus extends Record<string, unknown> {
  software_app_id: string;
  /** The app, when the status came with it (a device's list) or the app was listed (a full scan). */
  app: ParentRef['item'];
}

type Entry = Record<string, unknown>;

const appGet = '/api/v2/softwareapps/{id}';

const row = (status: Entry, softwareAppId: string, app: ParentRef['item']): AppStatus => ({
  ...status,
  software_app_id: softwareAppId,
  device_id: status.systemId,
  app,
});

export const jumpcloud_software_app_status = fanOutTable<AppStatus>({
  name: 'jumpcloud_software_app_status',
  description: 'JumpCloud Software App Status: the install status of one software app on one device.',
  keys: [
    {
      column: 'software_app_id',
      list: { path: '/api/v2/softwareapps/{software_app_id}/statuses', paging: 'v2' },
      row: (entry, parent) => row(entry, parent.id, parent.item),
    },
    {
      column: 'device_id',
      list: { path: '/api/v2/systems/{system_id}/softwareappstatuses', paging: 'v2' },
      row: (entry) => {
        const status = (entry.status ?? {}) as Entry;
        return row(status, String(status.softwareAppId), entry.app as Entry | undefined);
      },
    },
  ],
  scan: { key: 'software_app_id', list: { path: '/api/v2/softwareapps', paging: 'v2' }, idField: 'id' },
  hydrates: {
    // A full scan lists the apps and a device's list carries them; rows read by software_app_id
    // ask once per app.
    app: {
      requests: getTarget(appGet),
      run: async (status, ctx) => status.app ?? (await getOncePerScan(appGet, status.software_app_id, ctx)),
    },
  },
  columns: [
    col.string('id', 'A unique identifier for the status.'),
    col.string('software_app_id', 'The ID of the software app.'),
    col.string('software_app_name', 'The name of the software app.', {
      hydrate: 'app',
      from: (_row, app) => (app as { displayName?: unknown } | null)?.displayName,
    }),
    col.string('device_id', 'The ID of the device.'),
    col.string('state', 'The install state on the device: INSTALLED, FAILED, PENDING, UNINSTALLED, ….'),
    col.string('details', 'Why the state is what it is (the reason of a failure).'),
    col.int('code', 'The code the installer returned.', { keepEmpty: true }),
    col.string('version', 'The version installed on the device.'),
    col.timestamp('timestamp', 'The time the device reported the state.'),
    organizationIdColumn(),
  ],
});
