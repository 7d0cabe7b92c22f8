import { type ParserOptions, types as pgTypes } from '@electric-sql/pglite';
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

const INFINITIES = new Set(['infinity', '-infinity']);

/**
 * How PGlite turns result text into values, where its own parsers lose what Postgres printed:
 * json/jsonb numbers keep every digit (see parseJsonExact), and a date or timestamp of
 * `infinity` / `-infinity` stays that text (PGlite makes it an Invalid Date).
 */
export const exactParsers: ParserOptions = {
  [pgTypes.JSON]: parseJsonExact,
  [pgTypes.JSONB]: parseJsonExact,
  ...Object.fromEntries(
    [pgTypes.DATE, pgTypes.TIMESTAMP, pgTypes.TIMESTAMPTZ].map((oid) => [
      oid,
      (text: string) => (INFINITIES.has(text) ? text : pgTypes.parsers[oid]!(text, oid)),
    ]),
  ),
};
