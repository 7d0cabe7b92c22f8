import { col } from '../sdk/index.js';
import { getTarget, organizationIdColumn } from './common.js';
import { fanOutTable, getOncePerScan } from './fan-out.js';

/** One device a command reaches: the command, the device, and the paths that bind them. */
interface Target extends Record<string, unknown> {
  command_id: string;
  command: Record<string, unknown> | undefined;
  device_id: unknown;
  paths: unknown;
}

type Hop = { to?: { id?: unknown; type?: unknown } };

const commandGet = '/api/commands/{id}';

/** The device groups the paths go through (an empty list: bound directly only). */
const groupsOf = (paths: unknown): string[] =>
  Array.isArray(paths)
    ? [
        ...new Set(
          (paths as Hop[][]).flatMap((path) =>
            path.filter((hop) => hop.to?.type === 'system_group').map((hop) => String(hop.to?.id)),
          ),
        ),
      ]
    : [];

export const jumpcloud_command_target = fanOutTable<Target>({
  name: 'jumpcloud_command_target',
  description:
    'JumpCloud Command Target: one row per device a command reaches, directly or through a device group.',
  keys: [
    {
      column: 'command_id',
      list: { path: '/api/v2/commands/{command_id}/systems', paging: 'v2' },
      row: (entry, parent) => ({
        command_id: parent.id,
        command: parent.item,
        device_id: entry.id,
        paths: entry.paths,
      }),
    },
  ],
  scan: {
    key: 'command_id',
    list: { path: '/api/commands', paging: 'v1' },
    idField: '_id',
    fields: ['name', 'commandType'],
  },
  hydrates: {
    command: {
      requests: getTarget(commandGet),
      run: async (target, ctx) =>
        target.command ?? (await getOncePerScan(commandGet, target.command_id, ctx)),
    },
  },
  columns: [
    col.string('command_id', 'The ID of the command.'),
    col.string('command_name', 'The name of the command.', {
      hydrate: 'command',
      from: (_row, command) => (command as { name?: unknown } | null)?.name,
    }),
    col.string('device_id', 'The ID of the device the command reaches.'),
    col.bool('direct', 'True if the command is bound to the device itself (not only through a group).', {
      from: (target) =>
        Array.isArray(target.paths) && (target.paths as unknown[][]).some((path) => path.length === 1),
    }),
    col.json(
      'device_group_ids',
      'The IDs of the device groups through which the command reaches the device.',
      {
        from: (target) => groupsOf(target.paths),
      },
    ),
    organizationIdColumn(),
  ],
});
