import { expect } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { type CliRun, jcsql } from '../helpers/cli.js';

/**
 * The exit codes of the bad-input corpus (Steampipe's, README "Exit codes"):
 * - BAD_INPUT (254): the command line is wrong (an unknown command, flag, flag value or table, a
 *   `--where` that does not parse or fit its column, a missing file, no SQL at all), or what it
 *   names is (a .sql file or stdin that is not UTF-8, a `.spc` file that does not parse or holds a
 *   wrong value);
 * - QUERY_FAILED (41): `jcsql query` ran, and a statement failed: SQL the engine refuses.
 */
export const BAD_INPUT = EXIT.badInput;
export const QUERY_FAILED = EXIT.queryFailed;

/**
 * Longest error line accepted: a clear message names the problem and never echoes megabytes of
 * input; its hint may list a table's columns (describeError keeps 1,000 + 2,000 characters).
 */
export const MAX_ERROR_LINE = 3_100;

/** A Node stack frame, `    at fn (file:1:2)` or `    at file:1:2`. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/**
 * The contract for every malformed input: the expected exit code, exactly one line on stderr
 * (`Error: …`, short, printable), no stack trace, and nothing on stdout passed off as a result.
 * Warnings (`Warning: …`) may come before the error.
 */
export function expectCleanError(run: CliRun, code: number): string {
  const context = `exit ${run.code}\nstderr: ${run.stderr.slice(0, 2000)}\nstdout: ${run.stdout.slice(0, 500)}`;
  expect(run.code, context).toBe(code);
  expect(run.stderr, context).not.toMatch(STACK_FRAME);
  expect(run.stderr.endsWith('\n'), context).toBe(true);
  // Commander (unknown commands and options, bad choices) writes `error: …`, and may add its
  // `(Did you mean …?)` on a line of its own; jcsql's own errors are `Error: …` on one line.
  const lines = run.stderr
    .slice(0, -1)
    .split('\n')
    .filter((line) => !line.startsWith('Warning: ') && !/^\(Did you mean .+\?\)$/.test(line));
  expect(lines, context).toHaveLength(1);
  const line = lines[0]!;
  expect(line, context).toMatch(/^(Error|error): \S/);
  expect(line.length, context).toBeLessThanOrEqual(MAX_ERROR_LINE);
  // Printable: no control characters that could garble or drive the terminal.
  expect(line, context).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  expect(line, context).not.toMatch(/\[object Object\]|\bundefined\b|\bNaN\b/);
  expect(run.stdout, context).toBe('');
  return line;
}

/** The CLI in-process (test/helpers/cli.ts), whose stdin may be raw bytes (invalid UTF-8 among them). */
export const jcsqlBytes = jcsql;
