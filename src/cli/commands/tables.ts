import type { Command } from 'commander';
import { postgresType } from '../../engines/postgres/postgres-types.js';
import { tableNamed } from '../../engines/suggest.js';
import { EXIT } from '../../errors.js';
import { tables } from '../../tables/index.js';
import type { CliIO } from '../io.js';
import { type OutputFormat, writeResult } from '../output/index.js';
import { columnListing, tableListing } from '../table-listing.js';
import { addExamples, outputOption } from './options.js';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv', 'line'];

export function registerTablesCommand(program: Command, io: CliIO): void {
  const command = program
    .command('tables')
    .description('List the tables, or one table’s columns with their types and descriptions')
    .argument('[table]', 'a table name')
    .addOption(outputOption(FORMATS));
  addExamples(
    command,
    ['jcsql tables', 'jcsql tables jumpcloud_user_device', 'jcsql tables --output json'],
    [],
  );
  command.action((name: string | undefined, options: { output: OutputFormat }) => {
    const output = {
      format: options.output,
      header: true,
      separator: ',',
      terminal: io.stdout.isTTY === true,
    };
    if (name === undefined) {
      writeResult(io.stdout, tableListing(tables), output);
      return;
    }
    const table = tableNamed(name, tables, { exitCode: EXIT.badInput });
    writeResult(io.stdout, columnListing(table, postgresType), output);
  });
}
