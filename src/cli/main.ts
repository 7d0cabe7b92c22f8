#!/usr/bin/env node
import { runCli } from './cli.js';
import { exitOnOutputErrors } from './output-errors.js';

const COMMANDS = new Set(['query', 'tables', 'serve', 'demo', 'snapshot', 'export']);

/**
 * What `ps` and /proc/<pid>/cmdline show for a running jcsql: `jcsql <command>`, never the rest of
 * the command line (SQL, paths, a password given to serve) that other users of the machine could
 * read. On Linux, setting the title overwrites the whole argument area.
 */
function processTitle(argv: readonly string[]): string {
  const command = argv.find((arg) => !arg.startsWith('-'));
  return command !== undefined && COMMANDS.has(command) ? `jcsql ${command}` : 'jcsql';
}

process.title = processTitle(process.argv.slice(2));
exitOnOutputErrors();
process.exitCode = await runCli(process.argv.slice(2));
