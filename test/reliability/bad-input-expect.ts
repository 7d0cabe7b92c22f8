import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { type CliIO, runCli } from '../../src/cli/cli.js';
import type { CliRun } from '../helpers/cli.js';
import { testHome } from '../helpers/engine.js';

/**
 * The exit codes of the bad-input corpus, one per category:
 * - USAGE (2): the command line itself is wrong: an unknown command, flag, flag value or table,
 *   a `--where` that does not parse or fit its column, a missing file, no SQL at all;
 * - INPUT (1): the command line is fine but what it names is wrong: SQL the engine refuses,
 *   a `.spc` file that does not parse or holds a wrong value.
 */
export const USAGE = 2;
export const INPUT = 1;

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

/**
 * Runs the CLI in-process, as test/helpers/cli.ts does, but stdin may be raw bytes (invalid
 * UTF-8 among them).
 */
export async function jcsqlBytes(
  args: string[],
  options: { env?: Record<string, string>; stdin?: Buffer | string } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]) as CliIO['stdin'];
  stdin.isTTY = options.stdin === undefined;
  const sink = (append: (chunk: string) => void) =>
    ({
      write: (chunk: string | Uint8Array) => {
        append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return true;
      },
    }) as unknown as CliIO['stdout'];
  const io: CliIO = {
    stdout: sink((chunk) => {
      stdout += chunk;
    }),
    stderr: sink((chunk) => {
      stderr += chunk;
    }),
    stdin,
    env: { JCSQL_HOME: testHome(), HOME: testHome(), ...options.env },
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
