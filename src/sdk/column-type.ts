/** The one list of logical column types. Every engine maps it with a Record<ColumnType, …>. */
export const ColumnType = {
  string: 'string',
  int: 'int',
  double: 'double',
  bool: 'bool',
  json: 'json',
  timestamp: 'timestamp',
  inet: 'inet',
} as const;

export type ColumnType = (typeof ColumnType)[keyof typeof ColumnType];

/** Steampipe's names for the same types, as table listings and json output show them. */
export const steampipeTypeName: Record<ColumnType, string> = {
  string: 'STRING',
  int: 'INT',
  double: 'DOUBLE',
  bool: 'BOOL',
  json: 'JSON',
  timestamp: 'TIMESTAMP',
  inet: 'IPADDR',
};
