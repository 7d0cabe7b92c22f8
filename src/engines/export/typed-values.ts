/**
 * How `--where` compares a column's values, per column type: what a literal may look like,
 * how a row value and a literal are brought to one comparable form, and which operators make
 * sense. The comparisons follow Postgres (what `jcsql query` would answer), so an export and
 * the same query select the same rows.
 */

import { isIP } from 'node:net';
import { compareCodePoints } from '../../format/go-json.js';
import type { ColumnType } from '../../sdk/index.js';

/** The comparable form of a value: text, a number (timestamps: epoch milliseconds) or a boolean. */
export type Comparable = string | number | boolean;

export interface TypeRules {
  /** A `--where` literal as a comparable, or undefined when it is not a value of the type. */
  parse(text: string): Comparable | undefined;
  /** A row's value (never NULL) as a comparable, or undefined if it cannot be compared. */
  fromRow(value: unknown): Comparable | undefined;
  /** Whether the type has an order (`<`, `>` …) and text patterns (`like`). */
  ordered: boolean;
  text: boolean;
  /** What a literal of the type looks like, for error messages. */
  expected: string;
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', 'off', '0']);

function parseBool(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

const UNIX_SECONDS = /^-?\d+(\.\d+)?$/;
/** RFC 3339 and its relatives: `T` or a space between date and time, optional fraction and zone. */
const ISO_DATETIME = /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)(Z|[+-]\d\d(?::?\d\d)?)?)?$/i;
/** RFC 1123 / RFC 822 (with their zone, which Date.parse understands). */
const RFC_1123 =
  /^(?:[A-Za-z]{3}, )?\d{1,2} [A-Za-z]{3} \d{2,4} \d\d:\d\d(?::\d\d)? (?:[A-Z]{1,4}|[+-]\d{4})$/;

/**
 * A timestamp literal as epoch milliseconds. Without a zone it is UTC (jcsql's session zone),
 * never the machine's local time.
 */
export function parseTimestamp(text: string): number | undefined {
  const trimmed = text.trim();
  if (UNIX_SECONDS.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const iso = ISO_DATETIME.exec(trimmed);
  if (iso) {
    const [, date, time, zone] = iso;
    if (time === undefined) return finite(Date.parse(`${date}T00:00:00Z`));
    const seconds = time.length === 5 ? `${time}:00` : time;
    return finite(Date.parse(`${date}T${seconds}${isoZone(zone)}`));
  }
  return RFC_1123.test(trimmed) ? finite(Date.parse(trimmed)) : undefined;
}

/** `Z`, `+02`, `+0200` or `+02:00` (none: UTC) in the form Date.parse reads: `Z` or `+02:00`. */
function isoZone(zone: string | undefined): string {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 'Z';
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`;
}

const finite = (value: number) => (Number.isFinite(value) ? value : undefined);

/**
 * An inet's canonical text: the address (IPv6 compressed, lower case) and its prefix length,
 * which Postgres defaults to the full width, so `10.0.0.1` equals `10.0.0.1/32`.
 */
export function canonicalInet(text: string): string | undefined {
  const [address = '', prefix, ...rest] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return undefined;
  const width = version === 4 ? 32 : 128;
  const bits = prefix === undefined ? width : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  if (!(bits >= 0 && bits <= width)) return undefined;
  const host = version === 4 ? address : new URL(`http://[${address}]/`).hostname.slice(1, -1);
  return `${host}/${bits}`;
}

const asString = (value: unknown): Comparable | undefined => (typeof value === 'string' ? value : undefined);

export const TYPE_RULES: Record<ColumnType, TypeRules> = {
  string: { parse: (text) => text, fromRow: asString, ordered: true, text: true, expected: 'text' },
  int: {
    parse: parseNumber,
    fromRow: (value) => (typeof value === 'number' ? value : undefined),
    ordered: true,
    text: false,
    expected: 'a number, e.g. 42',
  },
  double: {
    parse: parseNumber,
    fromRow: (value) => (typeof value === 'number' ? value : undefined),
    ordered: true,
    text: false,
    expected: 'a number, e.g. 4.2',
  },
  bool: {
    parse: parseBool,
    fromRow: (value) => (typeof value === 'boolean' ? value : undefined),
    ordered: false,
    text: false,
    expected: 'true or false',
  },
  timestamp: {
    parse: parseTimestamp,
    // Row timestamps are ISO-8601 in UTC already (the SDK's toTimestamp).
    fromRow: (value) => (typeof value === 'string' ? finite(Date.parse(value)) : undefined),
    ordered: true,
    text: false,
    expected:
      "a timestamp: RFC 3339 ('2024-05-01T12:00:00Z'), '2024-05-01', '2024-05-01 12:00:00' or unix seconds",
  },
  inet: {
    parse: canonicalInet,
    fromRow: (value) => (typeof value === 'string' ? canonicalInet(value) : undefined),
    ordered: false,
    text: false,
    expected: "an IP address, e.g. '10.0.0.1' or '10.0.0.0/8'",
  },
  json: {
    parse: () => undefined,
    fromRow: () => undefined,
    ordered: false,
    text: false,
    expected: 'nothing: a json column can only be tested with is null / is not null',
  },
};

/** Orders two comparables of one type: strings by code point (the C collation), others natively. */
export function compareValues(a: Comparable, b: Comparable): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
