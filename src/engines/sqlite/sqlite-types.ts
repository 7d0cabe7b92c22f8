import type { ColumnType } from '../../sdk/index.js';

/** The declared types a SQLite user expects; they are also the result types the output formatters see. */
export type SqliteType = 'text' | 'integer' | 'real';

/** How each logical column type is declared in SQLite. */
export const sqliteType: Record<ColumnType, SqliteType> = {
  string: 'text',
  int: 'integer',
  double: 'real',
  bool: 'integer',
  json: 'text',
  timestamp: 'text',
  inet: 'text',
};

/** A value SQLite can store. */
export type SqliteValue = string | number | bigint | null;

/** How each logical column type's values are stored: booleans as 0/1, JSON as text, timestamps as ISO-8601 text. */
const toStored: Record<ColumnType, (value: unknown) => SqliteValue> = {
  string: (value) => String(value),
  int: (value) => (typeof value === 'bigint' ? value : Number(value)),
  double: (value) => Number(value),
  bool: (value) => (value ? 1 : 0),
  json: (value) => JSON.stringify(value),
  timestamp: (value) => String(value),
  inet: (value) => String(value),
};

/** A column value (as `scan()` yields it) as SQLite stores it. SQL NULL stays NULL, never '' or 0. */
export function toSqliteValue(type: ColumnType, value: unknown): SqliteValue {
  return value === null || value === undefined ? null : toStored[type](value);
}
