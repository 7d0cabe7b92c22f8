import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { ENGINE_KINDS, type EngineKind, type SqlEngine } from '../../engines/index.js';
import { EXIT, UserError } from '../../errors.js';
import type { StatementPlan } from '../../sdk/index.js';
import type { CliIO } from '../io.js';
import { csvSeparator } from '../output/format-csv.js';
import {
  type OutputFormat,
  type OutputOptions,
  PAGER_ENVIRONMENT,
  Pager,
  TIMING_MODES,
  type TimingMode,
} from '../output/index.js';
import { Progress } from '../progress.js';
import { CANCELLED, openQuerySession, runStatements } from '../run-statement.js';
import {
  addConnectionOptions,
  addExamples,
  CONNECTION_ENVIRONMENT,
  outputOption,
  pagerOption,
  queryTimeoutOption,
  resolveQueryTimeout,
  statementTimeout,
} from './options.js';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv', 'line'];

interface QueryOptions {
  output: OutputFormat;
  header: boolean;
  separator: string;
  timing: TimingMode;
  pager: boolean;
  demo?: boolean;
  connection?: string;
  configDir?: string;
  cache: boolean;
  pushdown: boolean;
  engine: EngineKind;
  queryTimeout?: number;
}

/** The exit codes of a run stopped by a signal, as a shell reports a process killed by it (128 + its number). */
const SIGNAL_EXIT_CODES = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated } as const;

export function registerQueryCommand(program: Command, io: CliIO): void {
  const command = program
    .command('query')
    .description(
      'Run SQL against your JumpCloud org (Postgres dialect, or SQLite with --engine sqlite): SQL text, .sql files, or SQL on stdin',
    )
    .argument('[sql-or-files...]', 'SQL statements, or paths of .sql files')
    .addOption(outputOption(FORMATS))
    .addOption(
      new Option('--engine <engine>', 'SQL dialect and engine').choices(ENGINE_KINDS).default('postgres'),
    )
    .option('--header', 'print column headers (table, csv); --header=false to omit them', true)
    .option('--no-header', 'omit column headers')
    .option('--separator <char>', 'csv field separator', ',')
    .addOption(
      new Option(
        '--timing [mode]',
        'print time, rows and API calls to stderr after each statement (and in json output); verbose adds each scan',
      )
        .choices(TIMING_MODES)
        .default('off'),
    )
    .addOption(pagerOption())
    .addOption(
      queryTimeoutOption(
        'cancel a statement that runs longer than this many seconds, stopping its API calls',
      ),
    );
  addConnectionOptions(command);
  addExamples(
    command,
    [
      'jcsql query --demo "select username, email from jumpcloud_user where not activated"',
      'jcsql query --output csv "select display_name, os from jumpcloud_device" > devices.csv',
      'jcsql query --engine sqlite --timing report.sql',
      'jcsql query --demo --timing verbose --output json "select count(*) from jumpcloud_device"',
      'jcsql query --connection jc_all "select sp_connection_name, count(*) from jumpcloud_user group by 1"',
      'jcsql query --demo --no-pager "select * from jumpcloud_user"   # straight to the terminal',
      'jcsql query                      # the interactive shell, on a terminal',
    ],
    [
      ...CONNECTION_ENVIRONMENT,
      'JCSQL_QUERY_TIMEOUT',
      ...PAGER_ENVIRONMENT,
      'JCSQL_HISTORY_FILE',
      'JCSQL_HOME',
    ],
  );
  command
    .option('--no-pushdown', 'fetch whole tables, never pushing WHERE or LIMIT to the API (for comparison)')
    .action(async (inputs: string[], options: QueryOptions) => runQuery(inputs, options, io));
}

async function runQuery(inputs: string[], options: QueryOptions, io: CliIO): Promise<void> {
  const timeout = statementTimeout(resolveQueryTimeout(options.queryTimeout, io.env));
  // No SQL on a terminal: the interactive shell.
  if (inputs.length === 0 && io.stdin.isTTY) {
    // Loaded only for the shell: a batch query's start does not pay for it.
    const { runShell } = await import('../shell/shell.js');
    return runShell({ ...options, timeout }, io);
  }
  const sql = await readSql(inputs, io);
  if (options.output === 'csv') csvSeparator(options.separator); // refused before anything opens
  const output: OutputOptions = {
    format: options.output,
    header: options.header,
    separator: options.separator,
    terminal: io.stdout.isTTY === true,
  };
  const { session, engine } = await openQuerySession(options, io);
  const pager = options.pager ? new Pager(io) : undefined;
  // Ctrl+C (or a kill) cancels the statement running, stopping its API calls; a second one kills at once.
  // Ctrl+C in a pager is the pager's.
  const cancel = new AbortController();
  let stoppedBy: keyof typeof SIGNAL_EXIT_CODES | undefined;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT_CODES) => {
    if (signal === 'SIGINT' && pager?.showing) {
      process.once('SIGINT', onSignal);
      return;
    }
    stoppedBy ??= signal;
    cancel.abort(new UserError(CANCELLED));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  let failures = 0;
  try {
    const progress = new Progress(io.stderr, session.connections.requests);
    failures = await runStatements(engine, planScript(engine, sql), {
      output,
      timing: options.timing,
      stdout: io.stdout,
      pager,
      timingOut: io.stderr,
      errors: io.stderr,
      progress,
      signal: cancel.signal,
      timeout,
    });
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await engine.close();
    await session.close();
  }
  if (stoppedBy) throw new UserError(CANCELLED, { exitCode: SIGNAL_EXIT_CODES[stoppedBy], reported: true });
  if (failures > 0)
    throw new UserError(`${failures} statement${failures > 1 ? 's' : ''} failed`, {
      exitCode: EXIT.queryFailed,
      reported: true,
    });
}

/** The script's statements; SQL that does not parse fails the query (Steampipe's exit code for it), not the command line. */
function planScript(engine: SqlEngine, sql: string): StatementPlan[] {
  try {
    return engine.plan(sql);
  } catch (error) {
    if (!(error instanceof UserError) || error.exitCode !== EXIT.failed) throw error;
    throw new UserError(error.message, { hint: error.hint, exitCode: EXIT.queryFailed, cause: error });
  }
}

/** Text that must be UTF-8: replacing bad bytes would quietly change the literals a query compares. */
function utf8(bytes: Buffer, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${what} is not valid UTF-8`, {
      hint: 'Save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)',
      exitCode: EXIT.badInput,
    });
  }
}

/** SQL from the arguments (text or .sql files, as Steampipe reads them) or from piped stdin. */
async function readSql(inputs: string[], io: CliIO): Promise<string> {
  if (inputs.length === 0) {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin)
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const text = utf8(Buffer.concat(chunks), 'the SQL on stdin');
    if (text.trim() === '') throw new UserError('No SQL on stdin', { exitCode: EXIT.badInput });
    return text;
  }
  return inputs
    .map((input) => {
      if (existsSync(input) && statSync(input).isFile()) return utf8(readFileSync(input), `'${input}'`);
      if (input.trim().endsWith('.sql'))
        throw new UserError(`file '${resolve(input)}' does not exist`, { exitCode: EXIT.badInput });
      return input;
    })
    .map((text) => (text.trim().endsWith(';') ? text : `${text}\n;`))
    .join('\n');
}
