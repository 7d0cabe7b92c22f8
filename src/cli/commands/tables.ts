import type { Command } from 'commander';
import { postgresType } from '../../engines/postgres/postgres-types.js';
import { tableNamed } from '../../engines/suggest.js';
import { EXIT } from '../../errors.js';
import { tables } from '../../tables/index.js';
import type { CliIO } from '../io.js';
import { type OutputFormat, PAGER_ENVIRONMENT, Pager, printThrough, writeResult } from '../output/index.js';
import { columnListing, tableListing } from '../table-listing.js';
import { addExamples, outputOption, pagerOption } from './options.js';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv', 'line'];

export function registerTablesCommand(program: Command, io: CliIO): void {
  const command = program
    .command('tables')
    .description('List the tables, or one table’s columns with their types and descriptions')
    .argument('[table]', 'a table name')
    .addOption(outputOption(FORMATS))
    .addOption(pagerOption());
  addExamples(
    command,
    ['jcsql tables', 'jcsql tables jumpcloud_user_device', 'jcsql tables --output json'],
    PAGER_ENVIRONMENT,
  );
  command.action(async (name: string | undefined, options: { output: OutputFormat; pager: boolean }) => {
    const output = {
      format: options.output,
      header: true,
      separator: ',',
      terminal: io.stdout.isTTY === true,
    };
    const listing =
      name === undefined
        ? tableListing(tables)
        : columnListing(tableNamed(name, tables, { exitCode: EXIT.badInput }), postgresType);
    const pager = options.pager ? new Pager(io) : undefined;
    await printThrough(pager, io.stdout, output.format, (sink) => writeResult(sink, listing, output));
  });
}
