/** The columns an export writes, and the one error for a name that is not a column. */

import { nearest } from '../../edit-distance.js';
import { EXIT, UserError } from '../../errors.js';
import { allColumns, type ColumnType, type TableDef } from '../../sdk/index.js';

export interface ExportColumn {
  name: string;
  type: ColumnType;
}

/** Looks a column up by name; an unknown name is a UserError naming the nearest columns. */
export function findColumn(table: TableDef, name: string, context: string): ExportColumn {
  const columns = allColumns(table);
  const found = columns.find((column) => column.name === name);
  if (found) return { name: found.name, type: found.type };
  const names = columns.map((column) => column.name);
  const near = nearest(name, names);
  throw new UserError(`${context}: ${table.name} has no column '${name}'`, {
    exitCode: EXIT.badInput,
    hint: near.length > 0 ? `Did you mean ${near.join(', ')}?` : `Its columns are ${names.join(', ')}`,
  });
}

/**
 * The columns to write: the `--select` names in their order (each may be a comma list, as
 * steampipe_export takes them), or every column in the table's order.
 */
export function selectColumns(table: TableDef, select: readonly string[] | undefined): ExportColumn[] {
  const names = (select ?? []).flatMap((item) => item.split(',')).map((name) => name.trim());
  if (names.length === 0)
    return allColumns(table).map((column) => ({ name: column.name, type: column.type }));
  const seen = new Set<string>();
  return names.map((name) => {
    if (name === '') throw new UserError('--select has an empty column name', { exitCode: EXIT.badInput });
    if (seen.has(name))
      throw new UserError(`--select names column '${name}' twice`, { exitCode: EXIT.badInput });
    seen.add(name);
    return findColumn(table, name, '--select');
  });
}
