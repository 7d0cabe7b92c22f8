import { isIP } from 'node:net';
import type { ColumnType } from './column-type.js';

/**
 * Turns what the API sent into a column value of the declared type. Zero values stay values
 * (unlike the anchor's NullIfZeroValue): "" is "", 0 is 0, false is false, [] is []. Only a
 * missing or null field, or a value that cannot be of the type, is NULL.
 */
export function toColumnValue(type: ColumnType, raw: unknown): unknown {
  if (raw === undefined || raw === null) return null;
  switch (type) {
    case 'string':
      if (typeof raw === 'string') return raw;
      if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
      return JSON.stringify(raw);
    case 'int': {
      const number = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      return typeof number === 'number' && Number.isFinite(number) ? Math.trunc(number) : null;
    }
    case 'double': {
      const number = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      return typeof number === 'number' && Number.isFinite(number) ? number : null;
    }
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      return null;
    case 'json':
      return raw;
    case 'timestamp':
      return toTimestamp(raw);
    case 'inet':
      return typeof raw === 'string' && isInet(raw) ? raw : null;
  }
}

/** ISO-8601 text in UTC, or null. Numbers are not guessed at: epoch columns convert explicitly. */
export function toTimestamp(raw: unknown): string | null {
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
