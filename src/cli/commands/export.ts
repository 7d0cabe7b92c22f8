import { type Command, InvalidArgumentError, Option } from 'commander';
import type { TextSink } from '../../engines/export/sinks.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../engines/export/writers.js';
import { tableNamed } from '../../engines/suggest.js';
import { describeError, EXIT, UserError } from '../../errors.js';
import { tables } from '../../tables/index.js';
import type { CliIO } from '../io.js';
import { Progress } from '../progress.js';
import { openSession, warnTo } from '../session.js';
import {
  addConnectionOptions,
  addExamples,
  CONNECTION_ENVIRONMENT,
  QueryTimeoutError,
  queryTimeoutOption,
  resolveQueryTimeout,
  statementTimeout,
} from './options.js';

interface ExportOptions {
  select: string[];
  where: string[];
  limit?: number;
  output: ExportFormat;
  outputFile?: string;
  demo?: boolean;
  connection?: string;
  configDir?: string;
  queryTimeout?: number;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function rowCount(value: string): number {
  if (!/^\d+$/.test(value))
    throw new InvalidArgumentError(`--limit takes a whole number of rows, got '${value}'`);
  return Number(value);
}

export function registerExportCommand(program: Command, io: CliIO): void {
  const command = program
    .command('export')
    .description('Stream one table to csv, json or jsonl, with the flags of steampipe_export (no SQL engine)')
    .argument('<table>', 'the table to export')
    .option(
      '--select <columns>',
      'columns to write, comma-separated, in this order (default: all)',
      collect,
      [],
    )
    .option('--where <condition>', 'a condition "column operator value"; repeat to AND several', collect, [])
    .option('--limit <rows>', 'write at most this many rows (0: no limit)', rowCount)
    .addOption(new Option('--output <format>', 'output format').choices(EXPORT_FORMATS).default('csv'))
    .option('--output-file <path>', 'write to this file, atomically (all or nothing), instead of stdout')
    .addOption(
      queryTimeoutOption('stop the export, and its API calls, if it runs longer than this many seconds'),
    );
  addConnectionOptions(command);
  addExamples(
    command,
    [
      'jcsql export --demo jumpcloud_user --output jsonl > users.jsonl',
      'jcsql export jumpcloud_device --select id,hostname,os --where "os=Windows" --output csv',
    ],
    [...CONNECTION_ENVIRONMENT, 'JCSQL_QUERY_TIMEOUT'],
  );
  command.action((name: string, options: ExportOptions) => exportCommand(name, options, io));
}

async function exportCommand(name: string, options: ExportOptions, io: CliIO): Promise<void> {
  const table = tableNamed(name, tables, { exitCode: EXIT.badInput });
  const timeout = statementTimeout(resolveQueryTimeout(options.queryTimeout, io.env), 'export');
  // Loaded only for an export: another command's start does not pay for them.
  const [{ planExport, runExport }, { AtomicFileSink, StreamSink }] = await Promise.all([
    import('../../engines/export/export.js'),
    import('../../engines/export/sinks.js'),
  ]);
  // Bad columns and conditions fail here, before a connection is opened or an API call made.
  const plan = planExport({
    table,
    select: options.select,
    where: options.where,
    limit: options.limit,
    format: options.output,
  });
  // The scan cache would keep every row of the table: an export streams and never fills it.
  const session = await openSession({ ...options, cache: false, env: io.env, warn: warnTo(io.stderr) });
  const progress = new Progress(io.stderr, session.connections.requests);
  const cancel = new AbortController();
  const onSignal = () => cancel.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const stdout = new StreamSink(io.stdout);
  try {
    const sink: TextSink = options.outputFile ? await AtomicFileSink.create(options.outputFile) : stdout;
    const result = await runExport(plan, {
      connections: session.connections.default,
      sink,
      signal: cancel.signal,
      timeout,
      onProgress: progress.update,
      notice: (message) => {
        progress.clear();
        warnTo(io.stderr)(message);
      },
    });
    progress.clear();
    if (options.outputFile && io.stderr.isTTY)
      io.stderr.write(`Exported ${result.rows.toLocaleString('en-US')} rows to ${options.outputFile}\n`);
  } catch (error) {
    progress.clear();
    if (error instanceof UserError && error.exitCode === EXIT.badInput) throw error;
    const outcome = options.outputFile
      ? `${options.outputFile} was not written`
      : stdout.flushed
        ? 'the output on stdout is incomplete'
        : 'nothing was written';
    throw failure(error, outcome, cancel.signal.aborted);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await session.close();
  }
}

/** One line: what failed, and what became of the output. */
function failure(error: unknown, outcome: string, cancelled: boolean): UserError {
  if (error instanceof QueryTimeoutError && !cancelled)
    return new UserError(`${error.message} (${outcome})`, { hint: error.hint, cause: error });
  const what = cancelled ? 'Export cancelled' : `Export failed: ${describeError(error)}`;
  return new UserError(`${what} (${outcome})`, {
    exitCode: cancelled ? EXIT.interrupted : EXIT.failed,
    cause: error,
  });
}
