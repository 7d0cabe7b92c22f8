import { spawn } from 'node:child_process';
import { BENCH_CONFIG_DIR, BENCH_HOME, CLI_PATH } from './paths.js';

export interface ChildRun {
  /** From spawn to the first stdout line that `isFirstRow` accepts (NaN if none came). */
  firstRowMs: number;
  exitMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak RSS reported by /usr/bin/time (MB). */
  peakRssMb: number;
}

/** The environment of a child `jcsql`: the bench's own home and an empty config directory. */
export const cliEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  JCSQL_HOME: BENCH_HOME,
  JCSQL_CONFIG_DIR: BENCH_CONFIG_DIR,
  ...extra,
});

const RSS_MARK = 'bench-maxrss-kb=';

/**
 * Runs the built CLI as a user would, under /usr/bin/time (for its peak RSS), timing the first
 * row printed and the exit.
 */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; isFirstRow: (line: string, index: number) => boolean },
): Promise<ChildRun> {
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', `${RSS_MARK}%M`, process.execPath, CLI_PATH, ...args], {
    env: cliEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let firstRowMs = Number.NaN;
  let lineCount = 0;
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (!Number.isNaN(firstRowMs)) return;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (options.isFirstRow(line, lineCount++)) {
        firstRowMs = performance.now() - started;
        break;
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const rss = new RegExp(`${RSS_MARK}(\\d+)`).exec(stderr);
      resolve({
        firstRowMs,
        exitMs: performance.now() - started,
        code,
        stdout,
        stderr: stderr.replace(new RegExp(`${RSS_MARK}\\d+\\n?`), ''),
        peakRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN,
      });
    });
  });
}
