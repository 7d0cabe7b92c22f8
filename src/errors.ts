/**
 * jcsql's exit codes: Steampipe's (pkg/constants/exit_codes.go) where it has one for the case,
 * the command's own otherwise. README.md and docs/differences.md list which command uses which.
 */
export const EXIT = {
  ok: 0,
  /** The command's own work failed once under way: an export or snapshot, `config init`'s key check (steampipe_export's 1). */
  failed: 1,
  /** `jcsql check`: a control alarms. */
  checkAlarm: 3,
  /** `jcsql check`: a control failed to run. */
  checkError: 4,
  /** `jcsql query`: one or more statements failed; the others ran (Steampipe's ExitCodeQueryExecutionFailed). */
  queryFailed: 41,
  /** Ctrl+C (128 + SIGINT), as a shell reports a process it stopped. */
  interrupted: 130,
  /** The reader of stdout went away (128 + SIGPIPE). */
  brokenPipe: 141,
  /** SIGTERM (128 + 15). */
  terminated: 143,
  /** Something jcsql needs could not be set up: an engine that does not open (ExitCodeInitializationFailed). */
  initFailed: 250,
  /** A server could not listen on its address and port (ExitCodeBindPortUnavailable). */
  portUnavailable: 251,
  /** A file or directory could not be read or written (ExitCodeFileSystemAccessFailure). */
  fileSystem: 253,
  /** Bad input: the command line, a file or config it names, the environment (ExitCodeInsufficientOrWrongInputs). */
  badInput: 254,
  /** An internal error: a bug in jcsql (ExitCodeUnknownErrorPanic). */
  internal: 255,
} as const;

/**
 * The base of every error that a user can cause or fix: bad SQL, bad flags, bad config,
 * missing credentials, an API that refuses. The CLI prints `message` (and `hint`) as one line
 * and exits with `exitCode`; it never prints a stack trace for these.
 */
export class UserError extends Error {
  override name = 'UserError';
  readonly hint: string | undefined;
  readonly exitCode: number;
  /** The details were already printed (e.g. one line per failed statement): print nothing more. */
  readonly reported: boolean;
  /** The SQLSTATE `serve` answers with, when Postgres has a code for this failure. */
  readonly sqlState: string | undefined;

  constructor(
    message: string,
    options: {
      hint?: string;
      exitCode?: number;
      cause?: unknown;
      reported?: boolean;
      sqlState?: string;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.failed;
    this.reported = options.reported ?? false;
    this.sqlState = options.sqlState;
  }
}

/** One line for the user: the message, then what to do about it. */
export function describeError(error: unknown): string {
  if (error instanceof UserError)
    return error.hint
      ? `${oneLine(error.message)}. ${oneLine(error.hint, MAX_HINT)}`
      : oneLine(error.message);
  if (error instanceof Error) return oneLine(error.message);
  return oneLine(String(error));
}

/** Longest quoted fragment (a token a parser quotes back, a value) kept whole in a message. */
const MAX_QUOTED = 80;
/** Longest message kept whole: past it, the rest is cut and counted. */
const MAX_MESSAGE = 1_000;
const MAX_HINT = 2_000; // a hint may list every column of a table
const LONG_QUOTED = new RegExp(`"([^"]{${MAX_QUOTED + 1},})("|$)`, 'g');
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/g;

/**
 * A message fit for one terminal line, whatever input it quotes: line breaks and other control
 * characters shown as escapes (a parser quoting an unterminated string quotes its newlines too),
 * a long quoted fragment shortened, and the whole capped, so megabytes of bad input never come back.
 */
function oneLine(text: string, max = MAX_MESSAGE): string {
  const escaped = text.replace(CONTROL, (char) =>
    char === '\n' ? '\\n' : char === '\r' ? '\\r' : `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  const quotesShortened = escaped.replace(
    LONG_QUOTED,
    (_, inner: string, close: string) => `"${shorten(inner, MAX_QUOTED)}${close}`,
  );
  return shorten(quotesShortened, max);
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const keep = wordBoundary(chars, max - 20);
  return `${chars.slice(0, keep).join('').trimEnd()}… (${(chars.length - keep).toLocaleString('en-US')} more characters)`;
}

/**
 * How many characters to keep so that no word is cut in two: up to the last whitespace at or
 * before `limit`. One token longer than half the room (a pasted key, a megabyte of SQL without a
 * space) has no boundary to keep to and is cut at `limit`.
 */
function wordBoundary(chars: readonly string[], limit: number): number {
  for (let index = limit; index >= limit / 2; index--) if (/\s/.test(chars[index]!)) return index;
  return limit;
}
