/**
 * JSON text parsed without losing a number's digits: `JSON.parse` turns 9007199254740993 into
 * 9007199254740992, and Postgres keeps jsonb numbers exactly. A number that a double holds
 * exactly (an integer within ±2^53, or at most 15 significant digits) stays a JavaScript number;
 * a longer integer becomes a bigint and any other long number a RawJsonNumber of its text, both
 * of which goJson writes back digit for digit.
 */

import { RawJsonNumber } from './go-json.js';

/** A JSON string token, or a number token (strings first, so digits inside them are skipped). */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
/**
 * A number with more than SAFE_DIGITS significant digits has a run of 16 digits (one `.` among
 * them at most): text without such a run holds no lossy number, and JSON.parse reads it as it is.
 */
const LONG_DIGIT_RUN = /[\d.]{16}/;
/** Significant digits a double always round-trips. */
const SAFE_DIGITS = 15;

function significantDigits(number: string): number {
  const mantissa = number
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '');
  return mantissa.replace(/^0+/, '').replace(/0+$/, '').length;
}

function isLossy(number: string): boolean {
  if (/^-?\d+$/.test(number)) return !Number.isSafeInteger(Number(number));
  return significantDigits(number) > SAFE_DIGITS;
}

/** A number token's exact value: a bigint for an integer, else its text. */
function exactNumber(number: string): bigint | RawJsonNumber {
  return /^-?\d+$/.test(number) ? BigInt(number) : new RawJsonNumber(number);
}

export function parseJsonExact(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  const lossy: string[] = [];
  for (const [token] of text.matchAll(TOKEN)) if (token[0] !== '"' && isLossy(token)) lossy.push(token);
  if (lossy.length === 0) return JSON.parse(text);
  // Each lossy number is replaced by a marker string no JSON text can hold (a fresh random key
  // inside), then put back as its exact value while parsing.
  const key = `\u0000jcsql-number-${Math.random().toString(36).slice(2)}:`;
  const marked = text.replace(TOKEN, (token) =>
    token[0] !== '"' && isLossy(token) ? JSON.stringify(key + token) : token,
  );
  return JSON.parse(marked, (_name, value: unknown) =>
    typeof value === 'string' && value.startsWith(key) ? exactNumber(value.slice(key.length)) : value,
  );
}
