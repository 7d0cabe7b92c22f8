import { allColumns, type ColumnType, type TableDef } from '../sdk/index.js';
import type { QueryResult } from './output/index.js';

const text = (name: string) => ({ name, dataType: 'text' });

/** `table | description` for each table: what `jcsql tables` and the shell's `.inspect` show. */
export function tableListing(tables: readonly TableDef[]): QueryResult {
  return {
    columns: [text('table'), text('description')],
    rows: tables.map((table) => [table.name, table.description]),
  };
}

/** `column | type | description` of one table, types named as the engine names them. */
export function columnListing(
  table: TableDef,
  types: Record<ColumnType, string>,
  options: { sortByName?: boolean } = {},
): QueryResult {
  const rows = allColumns(table).map((column) => [column.name, types[column.type], column.description]);
  if (options.sortByName) rows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return { columns: [text('column'), text('type'), text('description')], rows };
}
