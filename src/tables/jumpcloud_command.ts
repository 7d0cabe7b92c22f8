import { col } from '../sdk/index.js';
import {
  apiTable,
  associationHydrate,
  detailHydrate,
  hydrated,
  organizationIdColumn,
  titleColumn,
} from './common.js';

/** A command, as `/api/commands` lists it (the get adds the user, timeout, shell, …). */
export interface Command extends Record<string, unknown> {
  _id: string;
  name?: string;
}

const get = '/api/commands/{id}';

export const jumpcloud_command = apiTable<Command>({
  name: 'jumpcloud_command',
  description: 'JumpCloud Command: a script run on devices, by hand, on a schedule or by a trigger.',
  list: { path: '/api/commands', paging: 'v1' },
  get,
  hydrates: {
    // The list leaves out the user, timeout, shell, sudo and TTL: one GET per command for them.
    detail: detailHydrate<Command>(get, '_id'),
    devices: associationHydrate<Command, { id: string }>(
      '/api/v2/commands/{command_id}/systems',
      '_id',
      (system) => system.id,
    ),
  },
  columns: [
    col.string('id', 'A unique identifier for the command.', { from: '_id' }),
    col.string('name', 'The name of the command.', { filter: 'name' }),
    col.string('command_type', 'The OS the command runs on: linux, mac or windows.', {
      from: 'commandType',
      filter: 'commandType',
    }),
    col.string('launch_type', 'How the command runs: manual, repeated, one-time or trigger.', {
      from: 'launchType',
      filter: 'launchType',
    }),
    col.string('schedule', "The command's crontab (seconds first), or immediate."),
    col.string(
      'schedule_repeat_type',
      'How often a repeated command runs: minute, hour, day, week or month.',
      {
        from: 'scheduleRepeatType',
      },
    ),
    col.int('schedule_year', 'The year a one-time command is scheduled in.', {
      hydrate: 'detail',
      from: (_item, detail) => (detail as Command | null)?.scheduleYear,
    }),
    col.string('trigger', 'The name of the webhook trigger that launches the command.', {
      filter: 'trigger',
    }),
    col.string('description', 'Description of the command.'),
    col.string('command', 'The script the command runs, as the command object holds it.', {
      hydrate: 'detail',
      from: (_item, detail) => (detail as Command | null)?.command,
    }),
    col.string(
      'user_id',
      'The ID of the user the command runs as (000000000000000000000000 is root / SYSTEM).',
      {
        hydrate: 'detail',
        from: (_item, detail) => (detail as Command | null)?.user,
      },
    ),
    col.string('shell', 'The shell the command runs in (bash, powershell, …).', {
      hydrate: 'detail',
      from: (_item, detail) => (detail as Command | null)?.shell,
    }),
    col.int('timeout', 'The seconds the command may run for.', {
      hydrate: 'detail',
      from: (_item, detail) => {
        const timeout = (detail as Command | null)?.timeout;
        return typeof timeout === 'string' && /^\d+$/.test(timeout) ? Number(timeout) : null;
      },
    }),
    col.int('time_to_live_seconds', 'The seconds the command may wait in the queue for a device.', {
      hydrate: 'detail',
      from: (_item, detail) => (detail as Command | null)?.timeToLiveSeconds,
    }),
    col.bool('sudo', 'True if the command runs with sudo.', {
      hydrate: 'detail',
      from: (_item, detail) => (detail as Command | null)?.sudo,
    }),
    col.json('files', 'The IDs of the files sent with the command.', {
      hydrate: 'detail',
      from: (_item, detail) => (detail as Command | null)?.files,
    }),
    col.int('device_count', 'The number of devices the command reaches, directly or through device groups.', {
      hydrate: 'devices',
      from: (_item, devices) => (Array.isArray(devices) ? devices.length : null),
      keepEmpty: true,
    }),
    col.json('device_ids', 'The IDs of the devices the command reaches.', {
      hydrate: 'devices',
      from: hydrated,
    }),
    organizationIdColumn('organization'),
    titleColumn('name'),
  ],
});
