export type OutputFormat = 'table' | 'json' | 'csv' | 'line';

export interface ResultColumn {
  name: string;
  /**
   * Lower-case Postgres type name as Steampipe's json shows it: text, int8, int4, float8,
   * numeric, bool, jsonb, json, timestamptz, timestamp, date, inet, _text, ... (an engine may
   * also pass SQLite's: text, integer, real).
   */
  dataType: string;
}

export interface QueryResult {
  columns: ResultColumn[];
  /**
   * Positional. Values: null, string, number, bigint, boolean, Date (timestamptz/timestamp/date),
   * parsed JSON (object/array/string/number/bool for json/jsonb), Uint8Array (bytea).
   */
  rows: unknown[][];
  /** Steampipe's json `metadata` member (timing, members in order); only the json format writes it. */
  metadata?: Record<string, unknown> | undefined;
}

export interface OutputOptions {
  format: OutputFormat;
  /** Default true. Applies to table and csv, as in Steampipe. */
  header: boolean;
  /** csv only; default ','. Only the first character is used. */
  separator: string;
  /** Output goes to a terminal: control characters are shown escaped (see terminal-safe.ts). */
  terminal?: boolean;
}
