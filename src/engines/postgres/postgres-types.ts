import type { ColumnType } from '../../sdk/index.js';

/** How each logical column type is stored in Postgres. */
export const postgresType: Record<ColumnType, string> = {
  string: 'text',
  int: 'bigint',
  double: 'double precision',
  bool: 'boolean',
  json: 'jsonb',
  timestamp: 'timestamptz',
  inet: 'inet',
};
