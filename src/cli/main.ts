#!/usr/bin/env node
import { describeError } from '../errors.js';
import { runCli } from './cli.js';
import { exitOnOutputErrors } from './output-errors.js';
import { invalidUtf8Argument, rawCommandLine } from './raw-arguments.js';

const COMMANDS = new Set(['query', 'tables', 'serve', 'demo', 'snapshot', 'export', 'mcp']);

/**
 * What `ps` and /proc/<pid>/cmdline show for a running jcsql: `jcsql <command>`, never the rest of
 * the command line (SQL, paths, a password given to serve) that other users of the machine could
 * read. On Linux, setting the title overwrites the whole argument area.
 */
function processTitle(argv: readonly string[]): string {
  const command = argv.find((arg) => !arg.startsWith('-'));
  return command !== undefined && COMMANDS.has(command) ? `jcsql ${command}` : 'jcsql';
}

const args = process.argv.slice(2);
// Before process.title rewrites the argument area that /proc/self/cmdline shows.
const notUtf8 = invalidUtf8Argument(args, rawCommandLine());
process.title = processTitle(args);
exitOnOutputErrors();
if (notUtf8 !== undefined) {
  process.stderr.write(`Error: ${describeError(notUtf8)}\n`);
  process.exitCode = notUtf8.exitCode;
} else {
  process.exitCode = await runCli(args);
}
