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

/**
 * Turns what the API sent into a column value of the declared type. Zero values stay values
 * (unlike the anchor's NullIfZeroValue): "" is "", 0 is 0, false is false, [] is []. Only a
 * missing or null field, or a value that cannot be of the type, is NULL.
 */
export const toColumnValue = (type: ColumnType, raw: unknown): unknown => CONVERTERS[type](raw);

/** The conversion for one column type, looked up once per column rather than per value. */
export const converterFor = (type: ColumnType): Converter => CONVERTERS[type];

/**
 * `2020-03-02T00:33:12.693Z`, the API's own format, with a day every month has and a real time:
 * already what toISOString would give, so it is kept as sent, with no Date made or parsed.
 * Other days are not (Date.parse turns Feb 30 into Mar 1, and 24:00 into the next day).
 */
const CANONICAL_UTC =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** ISO-8601 text in UTC, or null. Numbers are not guessed at: epoch columns convert explicitly. */
export function toTimestamp(raw: unknown): string | null {
  if (typeof raw === 'string' && CANONICAL_UTC.test(raw)) return raw;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
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
