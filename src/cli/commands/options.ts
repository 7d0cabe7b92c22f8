import { type Command, InvalidArgumentError, Option } from 'commander';
import type { StatementTimeout } from '../../engines/engine.js';
import { EXIT, UserError } from '../../errors.js';
import type { OutputFormat, TimingMode } from '../output/index.js';

/** The connection flags every data command shares. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option('--demo', 'query the built-in simulated JumpCloud org (no account or network needed)')
    .option('--connection <name>', 'the connection (or aggregator) from your .spc config to query')
    .option('--config-dir <dir>', 'read .spc config files from this directory (default ~/.jcsql/config)')
    .option('--no-cache', 'fetch fresh data: ignore and do not fill the scan cache');
}

export const outputOption = (formats: readonly OutputFormat[]) =>
  new Option('--output <format>', `output format: ${formats.join(', ')}`)
    .choices(formats)
    .default(formats[0]);

/** `--no-pager`, for the commands that print tables (`--help` lists JCSQL_PAGER and PAGER with it). */
export const pagerOption = () =>
  new Option(
    '--no-pager',
    'print directly; by default a table taller or wider than the terminal opens in $JCSQL_PAGER, else $PAGER, else less -SRXF',
  );

const BOOLEAN_FLAGS = new Set(['--header', '--cache']);
const TRUE_WORDS = new Set(['true', 'on', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'off', 'no', '0']);
/** `--timing`'s values, with Steampipe's legacy true/false. */
const TIMING_WORDS: Readonly<Record<string, TimingMode>> = {
  off: 'off',
  on: 'on',
  verbose: 'verbose',
  true: 'on',
  false: 'off',
};

/**
 * Steampipe writes booleans as `--header=false`: rewrite them as the bare `--header` /
 * `--no-header` flags, so a bare flag never swallows the SQL after it. `--timing` takes
 * off|on|verbose as `--timing=verbose` or `--timing verbose`; bare, it means on, as in Steampipe.
 */
export function normaliseBooleanFlags(argv: string[]): string[] {
  const normalised: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    const [flag, value] = arg.split(/=(.*)/s, 2);
    if (flag === '--timing') {
      const next = argv[index + 1];
      if (value === undefined && next !== undefined && TIMING_WORDS[next.toLowerCase()] !== undefined) {
        normalised.push(`--timing=${TIMING_WORDS[next.toLowerCase()]}`);
        index++;
      } else if (value === undefined) normalised.push('--timing=on');
      else {
        const mode = TIMING_WORDS[value.toLowerCase()];
        if (mode === undefined)
          throw new InvalidArgumentError(`--timing takes off, on or verbose, got '${value}'`);
        normalised.push(`--timing=${mode}`);
      }
      continue;
    }
    if (value === undefined || !flag || !BOOLEAN_FLAGS.has(flag)) {
      normalised.push(arg);
      continue;
    }
    const lower = value.toLowerCase();
    if (TRUE_WORDS.has(lower)) normalised.push(flag);
    else if (FALSE_WORDS.has(lower)) normalised.push(`--no-${flag.slice(2)}`);
    else throw new InvalidArgumentError(`${flag} takes true or false, got '${value}'`);
  }
  return normalised;
}

/** A long flag as typed: `--output`, `--output=csv`. */
const LONG_FLAG = /^--[A-Za-z][\w-]*(?:=|$)/;

/**
 * SQL that starts with a comment (`-- count users⏎select …`) as an argument of its own: Commander
 * takes every argument that starts with `-` for an option. One that starts with `--` but is no flag
 * (a space, a line break or a `;` follows the name) and is no option's value is SQL: it gets a
 * leading space, which Commander takes for an operand and the SQL ignores. No error position moves:
 * the comment fills the first line, and a position is reported as line and column.
 */
export function protectLeadingComments(argv: string[], program: Command): string[] {
  const name = argv.find((arg) => !arg.startsWith('-'));
  const command = program.commands.find((candidate) => candidate.name() === name);
  const takesValue = new Set(
    [...program.options, ...(command?.options ?? [])]
      .filter((option) => option.required)
      .flatMap((option) => [option.long, option.short])
      .filter((flag): flag is string => flag !== undefined),
  );
  return argv.map((arg, index) => {
    const previous = argv[index - 1];
    const isValue = previous !== undefined && takesValue.has(previous);
    return !isValue && arg.startsWith('--') && arg !== '--' && !LONG_FLAG.test(arg) ? ` ${arg}` : arg;
  });
}

/** The environment variable that sets `--query-timeout` when the flag is not given. */
export const QUERY_TIMEOUT_ENV = 'JCSQL_QUERY_TIMEOUT';

/** Steampipe's `--query-timeout`: seconds, 0 (the default) for none. */
export const queryTimeoutOption = (description: string) =>
  new Option(
    '--query-timeout <seconds>',
    `${description} (0: no limit; default $${QUERY_TIMEOUT_ENV}, else 0)`,
  ).argParser((value: string) => {
    const seconds = parseSeconds(value);
    if (seconds === undefined)
      throw new InvalidArgumentError(`--query-timeout takes ${SECONDS_RANGE}, got '${value}'`);
    return seconds;
  });

/** A whole or decimal number of seconds, 0 or more; undefined for anything else. */
function parseSeconds(value: string): number | undefined {
  const text = value.trim();
  if (!/^\d+(?:\.\d+)?$|^\.\d+$/.test(text)) return undefined;
  const seconds = Number(text);
  return Number.isFinite(seconds) && seconds * 1000 <= MAX_TIMEOUT_MS ? seconds : undefined;
}

/** setTimeout's ceiling (about 24.8 days): a longer timeout would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const SECONDS_RANGE = `a number of seconds from 0 (no limit) to ${Math.floor(MAX_TIMEOUT_MS / 1000)}`;

/** A query timeout in force, and where it came from (for the error that names it). */
export interface QueryTimeout {
  seconds: number;
  source: '--query-timeout' | typeof QUERY_TIMEOUT_ENV;
}

/** The flag's value, else $JCSQL_QUERY_TIMEOUT's; undefined when neither sets a limit above 0. */
export function resolveQueryTimeout(
  flag: number | undefined,
  env: NodeJS.ProcessEnv,
): QueryTimeout | undefined {
  if (flag !== undefined) return flag > 0 ? { seconds: flag, source: '--query-timeout' } : undefined;
  const text = env[QUERY_TIMEOUT_ENV];
  if (text === undefined || text.trim() === '') return undefined;
  const seconds = parseSeconds(text);
  if (seconds === undefined)
    throw new UserError(`${QUERY_TIMEOUT_ENV} takes ${SECONDS_RANGE}, got '${text}'`, {
      hint: `Fix or unset ${QUERY_TIMEOUT_ENV}`,
      exitCode: EXIT.badInput,
    });
  return seconds > 0 ? { seconds, source: QUERY_TIMEOUT_ENV } : undefined;
}

/** What timed out: a query's statement, an export, or a run of controls (whose ways to narrow differ). */
export type TimedOut = 'query' | 'export' | 'check';

const SUBJECT: Record<TimedOut, string> = { query: 'Query', export: 'Export', check: 'Check' };

const NARROWING: Record<TimedOut, string> = {
  query: 'narrow the query with WHERE or LIMIT',
  export: 'narrow the export with --where or --limit',
  check: 'run fewer controls at a time',
};

/** What a statement (or an export) fails with when its time is up. */
export class QueryTimeoutError extends UserError {
  override name = 'QueryTimeoutError';

  constructor(
    readonly timeout: QueryTimeout,
    what: TimedOut = 'query',
  ) {
    super(
      `${SUBJECT[what]} timed out after ${timeout.seconds} s (${timeout.source}); its API calls were stopped`,
      {
        hint: `Raise ${timeout.source} (0 means no limit), or ${NARROWING[what]} so it needs fewer API calls`,
      },
    );
  }
}

/** The engines' form of a query timeout. */
export function statementTimeout(
  timeout: QueryTimeout | undefined,
  what: TimedOut = 'query',
): StatementTimeout | undefined {
  return (
    timeout && {
      ms: Math.max(1, Math.round(timeout.seconds * 1000)),
      error: () => new QueryTimeoutError(timeout, what),
    }
  );
}

/** What each environment variable jcsql reads does, for the commands' `--help`. */
const ENVIRONMENT: Record<string, string> = {
  JUMPCLOUD_API_KEY: 'API key of a connection that sets none (and of the implicit one when no .spc has any)',
  JUMPCLOUD_ORG_ID: 'organization of a connection that sets no org_id (multi-tenant admins)',
  JUMPCLOUD_API_URL: 'API origin of a connection that sets no api_url (e.g. `jcsql demo serve`)',
  JCSQL_CONFIG_DIR: 'where the .spc files are, when --config-dir is not given (default ~/.jcsql/config)',
  STEAMPIPE_INSTALL_DIR:
    "Steampipe's directory, whose config/ is read when ~/.jcsql/config has no connection",
  JCSQL_HOME: "jcsql's own folder: history, prepared engine, serve's password (default ~/.jcsql)",
  JCSQL_QUERY_TIMEOUT: 'seconds before a statement is cancelled, when --query-timeout is not given',
  JCSQL_CACHE_MAX_SIZE_MB: 'the scan cache bound in MB (or STEAMPIPE_CACHE_MAX_SIZE_MB; default 256)',
  JCSQL_CACHE_MAX_ENTRIES: 'the most results the scan cache keeps (default 1000)',
  JCSQL_HISTORY_FILE: "the shell's history file (default $JCSQL_HOME/history)",
  JCSQL_PAGER:
    'the pager for results that do not fit the terminal (default $PAGER, else less -SRXF; empty: none)',
  PAGER: 'the pager, when JCSQL_PAGER is not set (empty: none)',
  JCSQL_DEBUG: 'set: print the stack of an internal error',
};

/** The environment variables every command that reads an org uses. */
export const CONNECTION_ENVIRONMENT = [
  'JUMPCLOUD_API_KEY',
  'JUMPCLOUD_ORG_ID',
  'JUMPCLOUD_API_URL',
  'JCSQL_CONFIG_DIR',
  'STEAMPIPE_INSTALL_DIR',
  'JCSQL_CACHE_MAX_SIZE_MB',
  'JCSQL_CACHE_MAX_ENTRIES',
];

/** Adds examples and the environment variables it reads to a command's `--help`. */
export function addExamples(
  command: Command,
  examples: readonly string[],
  environment: readonly string[],
): Command {
  const width = Math.max(0, ...environment.map((name) => name.length));
  const lines = ['', 'Examples:', ...examples.map((example) => `  $ ${example}`)];
  if (environment.length > 0)
    lines.push(
      '',
      'Environment:',
      ...environment.map((name) => `  ${name.padEnd(width)}  ${ENVIRONMENT[name] ?? ''}`),
    );
  return command.addHelpText('after', lines.join('\n'));
}
