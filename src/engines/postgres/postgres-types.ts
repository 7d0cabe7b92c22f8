import { parseJsonExact } from '../../format/exact-json.js';
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

/**
 * The type OIDs of json and jsonb, fixed in Postgres's catalog (pg_type.dat). Not read from
 * PGlite's `types`: importing PGlite for two numbers cost every command's start ~18 ms.
 */
const JSON_TYPES = new Set<number>([114, 3802]);

/**
 * Decodes the json/jsonb columns of a result, which the engine thread leaves as the text Postgres
 * printed (pglite-worker.js): parsed here with every digit of a number kept (see parseJsonExact),
 * where PGlite's own parser rounds past 2^53. The worker also keeps a date of `infinity` as text.
 */
export function decodeExactColumns(
  fields: readonly { dataTypeID: number }[],
  rows: unknown[][],
): unknown[][] {
  const jsonColumns = fields.flatMap((field, index) => (JSON_TYPES.has(field.dataTypeID) ? [index] : []));
  if (jsonColumns.length === 0) return rows;
  for (const row of rows)
    for (const index of jsonColumns) {
      const text = row[index];
      if (typeof text === 'string') row[index] = parseJsonExact(text);
    }
  return rows;
}
