import { col } from '../sdk/index.js';
import { apiTable, organizationIdColumn, titleColumn } from './common.js';

/**
 * Windows reports install dates as yyyymmdd (the registry's InstallDate), sometimes yyyy-mm-dd or
 * m/d/yyyy. Each becomes midnight UTC of that day; anything else (or an impossible date) is NULL.
 */
export function windowsInstallDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const match =
    /^(\d{4})(\d{2})(\d{2})$/.exec(text) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? usDate(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date.toISOString() : null;
}

/** m/d/yyyy as [_, year, month, day]. */
function usDate(text: string): string[] | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  return match ? [match[0], match[3]!, match[1]!, match[2]!] : null;
}

export const jumpcloud_device_windows_program = apiTable({
  name: 'jumpcloud_device_windows_program',
  description: 'JumpCloud Windows Device Program',
  list: { path: '/api/v2/systeminsights/programs', paging: 'insights', keyColumns: ['device_id'] },
  columns: [
    col.string('device_id', 'A JumpCloud generated unique identifier for the device.', {
      from: 'system_id',
      keepEmpty: true,
      filter: 'system_id',
    }),
    col.string('name', 'The name of the program.'),
    col.string('version', 'The installed version of the program.'),
    col.timestamp('collection_time', 'The time when the data was collected by the JumpCloud agent.'),
    col.string('identifying_number', 'A system generated unique identifying number for the program.'),
    col.timestamp('install_date', 'The time when the program was installed.', {
      from: (program: Record<string, unknown>) => windowsInstallDate(program.install_date),
    }),
    col.string('install_location', 'Specifies the path where the program was installed.'),
    col.string('install_source', 'The source of the program.'),
    col.string('publisher', 'The publisher of the program.'),
    col.string('uninstall_string', 'The uninstall string of the program.'),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
