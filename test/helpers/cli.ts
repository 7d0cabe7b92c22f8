import { Readable } from 'node:stream';
import { type CliIO, runCli } from '../../src/cli/cli.js';
import { testHome } from './engine.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env?: Record<string, string>;
  /**
   * Piped input (text, or raw bytes such as invalid UTF-8); a stream stands for a terminal that
   * types into the CLI; undefined is an idle terminal.
   */
  stdin?: string | Buffer | Readable;
  /** Whether stdout stands for a terminal (default: a pipe). */
  stdoutIsTTY?: boolean;
}

/** Runs the jcsql CLI in-process with captured output. */
export async function jcsql(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const piped = typeof options.stdin === 'string' || Buffer.isBuffer(options.stdin);
  const stdin = (
    options.stdin instanceof Readable ? options.stdin : Readable.from(piped ? [options.stdin] : [])
  ) as CliIO['stdin'];
  stdin.isTTY = !piped;
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
  io.stdout.isTTY = options.stdoutIsTTY === true;
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
