import { EXIT } from '../errors.js';
/**
 * What happens when the process's own output cannot be written. Without a listener, Node prints
 * its stack trace for the stream's `error` event. Instead:
 * - a closed pipe (`jcsql query … | head -1`, EPIPE): stop at once and quietly, with exit code
 *   141 (128 + SIGPIPE), what a shell reports for Steampipe and for Unix tools, which SIGPIPE
 *   kills (Node ignores SIGPIPE, so the code is set rather than the signal taken);
 * - any other failure (a full disk, `> /dev/full`: ENOSPC; EIO): one line on stderr, exit 1.
 * It exits at once: the output is lost, so there is nothing to finish; a PGlite copy left in the
 * temporary directory is removed by the next run.
 */

/** The exit code of a process whose reader went away (128 + SIGPIPE's number, 13). */
export const BROKEN_PIPE_EXIT_CODE = EXIT.brokenPipe;

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EIO: 'input/output error',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
};

/** The one line that reports an output stream's write error. */
export function outputErrorLine(stream: 'stdout' | 'stderr', error: NodeJS.ErrnoException): string {
  const code = error.code ?? 'unknown error';
  const why = DESCRIPTIONS[code];
  return `Error: cannot write to ${stream}: ${why ? `${why} (${code})` : code}\n`;
}

/** Makes a write error on stdout or stderr end the process as described above. */
export function exitOnOutputErrors(): void {
  const onError = (stream: 'stdout' | 'stderr') => (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(BROKEN_PIPE_EXIT_CODE);
    if (stream === 'stdout') {
      try {
        process.stderr.write(outputErrorLine(stream, error));
      } catch {
        // stderr is broken too: the exit code is all that is left.
      }
    }
    process.exit(EXIT.failed);
  };
  process.stdout.on('error', onError('stdout'));
  process.stderr.on('error', onError('stderr'));
}
