import { Readable } from 'node:stream';
import { type CliIO, runCli } from '../../src/cli/cli.js';
import { testHome } from './engine.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the jcsql CLI in-process with captured output; `stdin` is piped text, or a TTY when undefined. */
export async function jcsql(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]) as CliIO['stdin'];
  stdin.isTTY = options.stdin === undefined;
  const sink = (append: (chunk: string) => void) =>
    ({
      write: (chunk: string) => {
        append(chunk);
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
