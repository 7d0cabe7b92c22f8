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
    this.exitCode = options.exitCode ?? 1;
    this.reported = options.reported ?? false;
    this.sqlState = options.sqlState;
  }
}

/** One line for the user: the message, then what to do about it. */
export function describeError(error: unknown): string {
  if (error instanceof UserError) return error.hint ? `${error.message}. ${error.hint}` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
