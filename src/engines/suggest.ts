import { nearest } from '../edit-distance.js';
import { UserError } from '../errors.js';
import { allColumns, type TableDef } from '../sdk/index.js';

/** `Did you mean …?` for an unknown table or column name, or undefined when nothing is near. */
export function didYouMean(
  kind: 'table' | 'column',
  name: string,
  tables: Iterable<TableDef>,
): string | undefined {
  const list = [...tables];
  const candidates =
    kind === 'table'
      ? list.map((table) => table.name)
      : [...new Set(list.flatMap((table) => allColumns(table).map((column) => column.name)))];
  const near = nearest(name, candidates);
  return near.length > 0 ? `Did you mean ${near.join(', ')}?` : undefined;
}

/**
 * The table of that name, or the one error every lookup gives (CLI commands, the shell, the
 * library): `No table named x`, hinting the nearest names or, when none is near, every name.
 * `noun` says what kind of table was looked for (`attached table`); `exitCode` is the CLI's.
 */
export function tableNamed(
  name: string,
  tables: Iterable<TableDef>,
  options: { noun?: string; exitCode?: number } = {},
): TableDef {
  const list = [...tables];
  const table = list.find((candidate) => candidate.name === name);
  if (table) return table;
  throw new UserError(`No ${options.noun ?? 'table'} named ${name}`, {
    hint: didYouMean('table', name, list) ?? `Known tables: ${list.map((known) => known.name).join(', ')}`,
    exitCode: options.exitCode,
  });
}
