import { isIP } from 'node:net';
import type { ColumnType } from './column-type.js';

type Converter = (raw: unknown) => unknown;

const toInteger = (raw: unknown) => {
  const number = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof number === 'number' && Number.isFinite(number) ? Math.trunc(number) : null;
};

const toDouble = (raw: unknown) => {
  const number = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
};

const toText = (raw: unknown) => {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
  return JSON.stringify(raw);
};

const toBool = (raw: unknown) => {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return null;
};

const nullable =
  (convert: Converter): Converter =>
  (raw) =>
    raw === undefined || raw === null ? null : convert(raw);

const CONVERTERS: Record<ColumnType, Converter> = {
  string: nullable(toText),
  int: nullable(toInteger),
  double: nullable(toDouble),
  bool: nullable(toBool),
  json: (raw) => raw ?? null,
  timestamp: toTimestamp,
  inet: (raw) => (typeof raw === 'string' && isInet(raw) ? raw : null),
};

/** How a column reads the API's zero values. */
export interface ZeroValues {
  /**
   * `""` and `0` are values (a Steampipe column with an explicit transform: `title`, the user's
   * names, …). Without it they are NULL, as the plugin's default `NullIfZeroValue` makes them.
   */
  keepEmpty?: boolean | undefined;
}

const nullIfZero =
  (convert: Converter): Converter =>
  (raw) => {
    const value = convert(raw);
    return value === '' || value === 0 ? null : value;
  };

const ZERO_AS_NULL = Object.fromEntries(
  Object.entries(CONVERTERS).map(([type, convert]) => [type, nullIfZero(convert)]),
) as Record<ColumnType, Converter>;

/**
 * Turns what the API sent into a column value of the declared type. As in Steampipe, `""` and `0`
 * are NULL unless the column keeps them; `false` stays false and JSON (`[]`, `{}`) stays as sent.
 * A missing or null field, or a value that cannot be of the type, is NULL.
 */
export const toColumnValue = (type: ColumnType, raw: unknown, zero: ZeroValues = {}): unknown =>
  converterFor(type, zero)(raw);

/** The conversion for one column type, looked up once per column rather than per value. */
export const converterFor = (type: ColumnType, zero: ZeroValues = {}): Converter =>
  (zero.keepEmpty ? CONVERTERS : ZERO_AS_NULL)[type];

/**
 * `2020-03-02T00:33:12.693Z`, the API's own format, with a day every month has and a real time:
 * already what toISOString would give, so it is kept as sent, with no Date made or parsed.
 */
const CANONICAL_UTC =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** ISO 8601 (extended or basic): a date, optionally a time, optionally a zone. */
const ISO_8601 =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * ISO-8601 text as an instant in UTC, or null. A time without a zone is UTC, as the plugin reads
 * it, whatever the host's time zone. A day the month does not have (`2023-02-30`) is NULL, not
 * rolled over; `24:00` is the end of the day, as ISO 8601 has it. Numbers are not guessed at:
 * epoch columns convert explicitly.
 */
export function toTimestamp(raw: unknown): string | null {
  if (typeof raw === 'string' && CANONICAL_UTC.test(raw)) return raw;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
  if (typeof raw !== 'string') return null;
  const match = ISO_8601.exec(raw.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  const endOfDay = hour === 24 && minute === 0 && second === 0 && !/[1-9]/.test(fraction);
  if ((hour > 23 && !endOfDay) || minute > 59 || second > 59) return null;
  const millis = Math.round(Number(`0.${fraction || '0'}`) * 1000);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return new Date(date.getTime() - zoneOffsetMinutes(zone) * 60_000).toISOString();
}

/** `Z`, `+02`, `+0530`, `-05:00` as minutes east of UTC. */
function zoneOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return zone.startsWith('-') ? -minutes : minutes;
}

/** Unix epoch seconds (possibly fractional) as a timestamp; non-positive values mean "never". */
export function epochSecondsToTimestamp(raw: unknown): string | null {
  const seconds = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return null;
  return new Date(Math.round(seconds * 1000)).toISOString();
}

function isInet(text: string): boolean {
  const [address, prefix, ...rest] = text.split('/');
  if (rest.length > 0 || !address) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (version === 4 ? 32 : 128);
}

/**
 * A boolean field read as the plugin's Go structs read it: absent or null in an object that is
 * there is `false`; only a missing object (`attributes` absent, a hydrate that found nothing) is NULL.
 */
export function readFlag(item: unknown, path: string): unknown {
  const dot = path.lastIndexOf('.');
  const parent = dot < 0 ? item : readPath(item, path.slice(0, dot));
  if (parent === null || typeof parent !== 'object') return undefined;
  return (parent as Record<string, unknown>)[dot < 0 ? path : path.slice(dot + 1)] ?? false;
}

const splitPaths = new Map<string, string[]>();

/** Reads a dotted path (`attributes.sambaEnabled`) from an object. */
export function readPath(item: unknown, path: string): unknown {
  if (!path.includes('.'))
    return item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[path] : undefined;
  let keys = splitPaths.get(path);
  if (!keys) {
    keys = path.split('.');
    splitPaths.set(path, keys);
  }
  let value: unknown = item;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
