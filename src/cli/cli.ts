import { Command, CommanderError } from 'commander';
import { describeError, EXIT, UserError } from '../errors.js';
import { JCSQL_VERSION } from '../version.js';
import { registerCheckCommand } from './commands/check.js';
import { registerCompletionCommand } from './commands/completion.js';
import { registerConfigCommand } from './commands/config.js';
import { registerConnectionsCommand } from './commands/connections.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerExportCommand } from './commands/export.js';
import { registerMcpCommand } from './commands/mcp.js';
import { normaliseBooleanFlags, protectLeadingComments } from './commands/options.js';
import { registerQueryCommand } from './commands/query.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSnapshotCommand } from './commands/snapshot.js';
import { registerTablesCommand } from './commands/tables.js';
import { type CliIO, defaultIO } from './io.js';

export type { CliIO } from './io.js';

/** Builds the command tree. Tests drive it in-process; it never calls process.exit. */
export function createCli(io: CliIO): Command {
  const program = new Command('jcsql')
    .description('Query your JumpCloud organization with SQL.')
    .version(JCSQL_VERSION, '-v, --version', 'print the version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerQueryCommand(program, io);
  registerTablesCommand(program, io);
  registerServeCommand(program, io);
  registerDemoCommand(program, io);
  registerSnapshotCommand(program, io);
  registerExportCommand(program, io);
  registerCheckCommand(program, io);
  registerConnectionsCommand(program, io);
  registerConfigCommand(program, io);
  registerCompletionCommand(program, io);
  registerMcpCommand(program, io);
  return program;
}

/** Runs the CLI and returns the exit code: 0 on success, the error's code otherwise. */
export async function runCli(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const program = createCli(io);
  try {
    await program.parseAsync(protectLeadingComments(normaliseBooleanFlags(argv), program), { from: 'user' });
    return 0;
  } catch (error) {
    if (
      error instanceof CommanderError &&
      error.code === 'commander.invalidArgument' &&
      !error.message.startsWith('error:')
    ) {
      io.stderr.write(`Error: ${error.message}\n`);
      return EXIT.badInput;
    }
    if (error instanceof CommanderError) {
      // Commander has already printed its one-line message (or the help / version text).
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (!(error instanceof UserError && error.reported)) io.stderr.write(`Error: ${describeError(error)}\n`);
    if (!(error instanceof UserError) && io.env.JCSQL_DEBUG) io.stderr.write(`${(error as Error)?.stack}\n`);
    return exitCodeOf(error);
  }
}

/**
 * A UserError's own code; an operating-system error no command turned into one (a port in use, a
 * file that cannot be written) Steampipe's code for it; anything else is a bug in jcsql.
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UserError) return error.exitCode;
  const syscall = (error as NodeJS.ErrnoException | undefined)?.syscall;
  if (syscall === 'listen' || syscall === 'bind') return EXIT.portUnavailable;
  if (syscall !== undefined) return EXIT.fileSystem;
  return EXIT.internal;
}
