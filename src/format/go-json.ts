/**
 * JSON text exactly as Go's encoding/json writes the values Steampipe prints: object keys in
 * byte order (Go marshals maps with sorted keys, and pgx decodes json/jsonb into maps),
 * U+2028/U+2029 escaped, and, with an indent, `json.MarshalIndent` layout (`[]`/`{}` for empty
 * containers, `"key": value`). HTML characters are never escaped: Steampipe's json output turns
 * that off, and we also leave `<`, `>`, `&` alone in table/csv/line, where Go's `json.Marshal`
 * would have written `\u003c`: nobody wants that in a terminal or a spreadsheet.
 */

import { UserError } from '../errors.js';
import { jsonFloat } from './numbers.js';

/** Number text to be written as is (int8 beyond 2^53, numeric with all its digits). */
export class RawJsonNumber {
  constructor(readonly text: string) {}
}

/**
 * Compares strings by code point, which is the order of their UTF-8 bytes (Go's map-key order).
 * Plain `<` compares UTF-16 units and puts astral characters before U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

export function jsonString(text: string): string {
  const quoted = JSON.stringify(text);
  return /[\u2028\u2029]/.test(quoted)
    ? quoted.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
    : quoted;
}

function jsonNumber(value: number): string {
  // JSON has no NaN/Infinity; Go would refuse to encode the whole document. Callers convert
  // float columns' non-finite values to strings first, so this only guards nested data.
  return Number.isFinite(value) ? jsonFloat(value) : 'null';
}

/** Layout of the output: `undefined` for compact, else the indent unit and the current depth. */
export interface JsonLayout {
  unit: string;
  depth: number;
}

function newline(layout: JsonLayout | undefined, depth: number): string {
  return layout ? `\n${layout.unit.repeat(depth)}` : '';
}

function encodeArray(items: readonly unknown[], layout: JsonLayout | undefined, depth: number): string {
  if (items.length === 0) return '[]';
  const inner = newline(layout, depth + 1);
  const parts = items.map((item) => inner + encodeAt(item, layout, depth + 1));
  return `[${parts.join(',')}${newline(layout, depth)}]`;
}

function encodeObject(
  object: Record<string, unknown>,
  layout: JsonLayout | undefined,
  depth: number,
): string {
  const keys = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort(compareCodePoints);
  if (keys.length === 0) return '{}';
  const inner = newline(layout, depth + 1);
  const colon = layout ? ': ' : ':';
  const parts = keys.map((key) => inner + jsonString(key) + colon + encodeAt(object[key], layout, depth + 1));
  return `{${parts.join(',')}${newline(layout, depth)}}`;
}

function encodeAt(value: unknown, layout: JsonLayout | undefined, depth: number): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      return jsonNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value instanceof RawJsonNumber) return value.text;
  if (Array.isArray(value)) return encodeArray(value, layout, depth);
  if (value instanceof Date)
    return jsonString(Number.isNaN(value.getTime()) ? String(value) : value.toISOString());
  if (typeof value === 'object') return encodeObject(value as Record<string, unknown>, layout, depth);
  return jsonString(String(value));
}

/**
 * Encodes a value as Go would: compact when `layout` is omitted, else indented by `layout.unit`
 * with the first line at `layout.depth` (the caller has already written that line's indent).
 */
export function goJson(value: unknown, layout?: JsonLayout): string {
  try {
    return encodeAt(value, layout, layout?.depth ?? 0);
  } catch (error) {
    // Thousands of levels deep (never JumpCloud's data): one clear line rather than a JS error.
    if (error instanceof RangeError && /call stack/i.test(error.message))
      throw new UserError('A JSON value is nested too deeply to print', {
        hint: 'Select a part of it (->, #>), or cast it to text (::text)',
      });
    throw error;
  }
}
