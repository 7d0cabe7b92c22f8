import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { EXIT, UserError } from '../errors.js';

/**
 * The command line as the kernel holds it (NUL-terminated arguments), or undefined where there is
 * no /proc. Node decodes argv with U+FFFD for bytes that are not UTF-8, so only these bytes tell
 * an invalid argument from one that really holds U+FFFD. Read before process.title rewrites them.
 */
export function rawCommandLine(): Buffer | undefined {
  try {
    return readFileSync('/proc/self/cmdline');
  } catch {
    return undefined;
  }
}

/**
 * A UserError naming the first of jcsql's arguments (`args`, counted from 1 after `jcsql`) that is
 * not valid UTF-8, or undefined. Without the raw command line, an argument holding U+FFFD (what
 * Node put in place of the bad bytes) is taken for one.
 */
export function invalidUtf8Argument(args: readonly string[], raw: Buffer | undefined): UserError | undefined {
  const valid =
    raw === undefined ? args.map((arg) => !arg.includes('\ufffd')) : rawArgumentsValid(raw, args.length);
  const position = valid.indexOf(false);
  if (position < 0) return undefined;
  return new UserError(`argument ${position + 1} is not valid UTF-8`, {
    hint: 'Give it in UTF-8 (e.g. convert a Latin-1 value with iconv -f latin1 -t utf-8), or put the SQL in a UTF-8 .sql file',
    exitCode: EXIT.badInput,
  });
}

/** Whether each of the last `count` arguments of the raw command line is UTF-8 (node and its flags come first). */
function rawArgumentsValid(raw: Buffer, count: number): boolean[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let end = raw.indexOf(0, start); end >= 0; end = raw.indexOf(0, start)) {
    parts.push(raw.subarray(start, end));
    start = end + 1;
  }
  return parts.slice(parts.length - count).map((part) => isUtf8(part));
}
