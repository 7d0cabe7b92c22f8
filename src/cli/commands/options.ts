import { type Command, InvalidArgumentError, Option } from 'commander';
import type { OutputFormat } from '../output/index.js';

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

const BOOLEAN_FLAGS = new Set(['--header', '--timing', '--cache']);
const TRUE_WORDS = new Set(['true', 'on', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'off', 'no', '0']);

/**
 * Steampipe writes booleans as `--header=false` and `--timing=on`: rewrite them as the bare
 * `--header` / `--no-header` flags, so a bare flag never swallows the SQL after it.
 */
export function normaliseBooleanFlags(argv: string[]): string[] {
  return argv.map((arg) => {
    const [flag, value] = arg.split(/=(.*)/s, 2);
    if (value === undefined || !flag || !BOOLEAN_FLAGS.has(flag)) return arg;
    const lower = value.toLowerCase();
    if (TRUE_WORDS.has(lower)) return flag;
    if (FALSE_WORDS.has(lower)) return `--no-${flag.slice(2)}`;
    throw new InvalidArgumentError(`${flag} takes true or false, got '${value}'`);
  });
}
