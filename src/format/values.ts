/**
 * One value → text conversion shared by table, line and csv (Steampipe's `ColumnValueAsString`),
 * and the value → JSON conversion of the json format (`ParseJSONOutputColumnValue`); `jcsql export`
 * writes its values with them too.
 */

import { goJson, RawJsonNumber } from './go-json.js';
import { formatFloat, groupThousands, jsonFloat } from './numbers.js';

/** How a column's values are rendered; derived once per column from its type name. */
export type ValueKind =
  | 'integer'
  | 'float'
  | 'float4'
  | 'numeric'
  | 'bool'
  | 'json'
  | 'timestamptz'
  | 'timestamp'
  | 'date'
  | 'bytea'
  | 'array'
  | 'other';

const KIND_BY_TYPE: Readonly<Record<string, ValueKind>> = {
  int2: 'integer',
  int4: 'integer',
  int8: 'integer',
  smallint: 'integer',
  integer: 'integer', // Postgres int4, or SQLite's INTEGER
  int: 'integer',
  bigint: 'integer',
  float8: 'float',
  'double precision': 'float',
  // `real` is SQLite's 8-byte float; Postgres reports its own 4-byte `real` as `float4`.
  real: 'float',
  float4: 'float4',
  numeric: 'numeric',
  decimal: 'numeric',
  bool: 'bool',
  boolean: 'bool',
  json: 'json',
  jsonb: 'json',
  timestamptz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
  timestamp: 'timestamp',
  'timestamp without time zone': 'timestamp',
  date: 'date',
  bytea: 'bytea',
};

/** A column's rendering: its kind and, for arrays, the kind of the elements. */
export interface ValueType {
  kind: ValueKind;
  element: ValueKind;
}

function kindOf(type: string): ValueKind {
  return KIND_BY_TYPE[type] ?? 'other';
}

/** Postgres names array types `_elem` (`_text`); `text[]` is accepted too. */
export function valueType(dataType: string): ValueType {
  const type = dataType.trim().toLowerCase();
  if (type.startsWith('_')) return { kind: 'array', element: kindOf(type.slice(1)) };
  if (type.endsWith('[]')) return { kind: 'array', element: kindOf(type.slice(0, -2)) };
  return { kind: kindOf(type), element: 'other' };
}

export interface TextOptions {
  /** What NULL prints as: `<null>` in table and line, an empty field in csv. */
  nullText: string;
  /** `10000` → `10,000` for integer columns (table and line only, as Steampipe since v1.1.2). */
  humanizeIntegers: boolean;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function datePart(date: Date): string {
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

function clockPart(date: Date): string {
  return `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
}

/**
 * Dates as Steampipe shows them. timestamptz: Go's `time.RFC3339` layout in the session zone
 * (UTC), which has no fractional seconds, so they are dropped. timestamp (no zone): Steampipe's
 * `2006-01-02 15:04:05`; the engine hands it over as a Date whose UTC fields are the wall-clock
 * fields. date: `YYYY-MM-DD`.
 */
function formatDate(date: Date, kind: ValueKind): string {
  // Postgres' `infinity` has no Date equivalent; show what the engine gave rather than throw.
  if (Number.isNaN(date.getTime())) return String(date);
  if (kind === 'date') return datePart(date);
  if (kind === 'timestamp') return `${datePart(date)} ${clockPart(date)}`;
  return `${datePart(date)}T${clockPart(date)}Z`;
}

/** bytea as Postgres' own hex output (`\x0a1b`); Go would have written the raw bytes. */
function formatBytes(bytes: Uint8Array): string {
  return `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

const INTEGER_TEXT = /^-?\d+$/;

function formatInteger(value: number | bigint | string, humanize: boolean): string {
  const text = typeof value === 'number' ? formatFloat(value) : String(value);
  return humanize && INTEGER_TEXT.test(text) ? groupThousands(text) : text;
}

function formatNumber(value: number, kind: ValueKind, options: TextOptions): string {
  if (kind === 'integer' && Number.isInteger(value)) return formatInteger(value, options.humanizeIntegers);
  return formatFloat(value, kind === 'float4');
}

/**
 * The text of one value for table, line and csv. NULL is `options.nullText`; json/jsonb and
 * arrays are compact JSON; timestamps per {@link formatDate}; booleans `true`/`false`; integers
 * optionally grouped; floats in Go's shortest plain form; strings unchanged.
 */
export function valueText(value: unknown, type: ValueType, options: TextOptions): string {
  if (value === null || value === undefined) return options.nullText;
  const kind = type.kind;
  if (kind === 'json') return goJson(value);
  switch (typeof value) {
    case 'string':
      return kind === 'integer' ? formatInteger(value, options.humanizeIntegers) : value;
    case 'number':
      return formatNumber(value, kind, options);
    case 'bigint':
      return formatInteger(value, options.humanizeIntegers && kind === 'integer');
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value instanceof Date) return formatDate(value, kind);
  if (value instanceof Uint8Array) return formatBytes(value);
  // Arrays (Postgres `_text` and friends) and any other structured value: compact JSON. Go would
  // print `[a b]`, which cannot be told apart from one string with a space in it.
  return goJson(jsonValue(value, type));
}

/** Dates and bytes inside json output: their display text (NULL never reaches it). */
const JSON_TEXT: TextOptions = { nullText: '', humanizeIntegers: false };

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function isNumericKind(kind: ValueKind): boolean {
  return kind === 'integer' || kind === 'float' || kind === 'float4' || kind === 'numeric';
}

function jsonNumber(value: number, kind: ValueKind): unknown {
  // NaN and ±Infinity cannot be JSON numbers (Go fails the whole document); keep them as text.
  if (!Number.isFinite(value)) return formatFloat(value);
  return new RawJsonNumber(jsonFloat(value, kind === 'float4'));
}

/**
 * The JSON value of one column value. Like Steampipe: json/jsonb nested, bool and numbers
 * native, NULL null, everything else its display text (timestamps RFC 3339, dates
 * `YYYY-MM-DD`). Beyond Steampipe: numeric is a number with all its digits (Steampipe: a
 * string), int8 keeps every digit (a bigint or digit string is written as is), and arrays are
 * JSON arrays whose elements follow the element type (Steampipe: the string `[a b]`).
 */
export function jsonValue(value: unknown, type: ValueType): unknown {
  if (value === null || value === undefined) return null;
  if (type.kind === 'json') return value;
  if (Array.isArray(value)) {
    const itemType: ValueType = { kind: type.kind === 'array' ? type.element : type.kind, element: 'other' };
    return value.map((item) => jsonValue(item, itemType));
  }
  switch (typeof value) {
    case 'boolean':
    case 'bigint':
      return value;
    case 'number':
      return jsonNumber(value, type.kind);
    case 'string':
      return isNumericKind(type.kind) && JSON_NUMBER.test(value) ? new RawJsonNumber(value) : value;
    default:
      break;
  }
  if (value instanceof Date || value instanceof Uint8Array) return valueText(value, type, JSON_TEXT);
  return value;
}
