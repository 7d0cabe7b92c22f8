import type { Region } from '../client/regions.js';

/** A checked attribute value, or what is wrong with it (a phrase that follows the attribute's name). */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

export type Checker<T> = (value: unknown) => Checked<T>;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (problem: string, value?: unknown): Checked<never> => ({
  ok: false,
  problem: value === undefined ? problem : `${problem} (got ${JSON.stringify(value)})`,
});

const isExpression = (value: string): boolean => value.includes('${');

/** Literal strings only: hcl2json renders variables, functions and templates as `${…}`, which jcsql cannot evaluate. */
const literalString =
  (shown: boolean): Checker<string> =>
  (value) => {
    if (typeof value !== 'string') return fail('must be a quoted string', shown ? value : undefined);
    if (isExpression(value)) return fail('must be a literal string, not an expression or template');
    return ok(value.trim());
  };

export const text: Checker<string> = literalString(true);
/** Never echoes the value: it is a credential. */
export const secret: Checker<string> = (value) => {
  const checked = literalString(false)(value);
  if (!checked.ok) return checked;
  const problem = controlCharacterIn(checked.value);
  return problem === undefined ? checked : fail(problem);
};

/**
 * What is wrong with an API key holding a line break or another control character (a key pasted
 * with the end of a line): HTTP refuses such a header, which would only show as an unreachable API
 * after every retry. Never the key itself.
 */
export function controlCharacterIn(key: string): string | undefined {
  if (/[\r\n]/.test(key)) return 'contains a line break';
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'contains a control character';
  return undefined;
}

const REGIONS: readonly Region[] = ['us', 'eu', 'in'];

/** The value is never echoed: a key pasted into the wrong attribute must not reach the terminal. */
export const region: Checker<Region> = (value) =>
  REGIONS.includes(value as Region) ? ok(value as Region) : fail(`must be one of ${REGIONS.join(', ')}`);

export const integerAtLeast =
  (minimum: number): Checker<number> =>
  (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= minimum
      ? ok(value)
      : fail(`must be a whole number of at least ${minimum}`, value);

export const boolean: Checker<boolean> = (value) =>
  typeof value === 'boolean' ? ok(value) : fail('must be true or false (unquoted)', value);

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An origin: https, or http to a loopback host only (the API key travels in a header, so it must not
 * cross a network in clear text). No path, query, fragment or credentials; a trailing `/` is allowed.
 */
export const origin: Checker<string> = (value) => {
  if (typeof value !== 'string') return fail('must be a quoted URL', value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('must be a URL such as https://console.jumpcloud.com', value);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    return fail('must use https (http is allowed only for localhost or 127.0.0.1)', value);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    return fail(
      'must be an origin only, such as https://console.jumpcloud.com (no path, query or user)',
      value,
    );
  }
  return ok(url.origin);
};

const isLoopback = (hostname: string): boolean => LOOPBACK.has(hostname) || hostname.startsWith('127.');

export const stringList: Checker<string[]> = (value) =>
  Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item !== '')
    ? ok(value as string[])
    : fail('must be a non-empty list of quoted names or patterns, such as ["jc_*"]', value);
