import type { Command } from 'commander';
import { postgresType } from '../../engines/postgres/postgres-types.js';
import { nearest } from '../../engines/suggest.js';
import { UserError } from '../../errors.js';
import { allColumns } from '../../sdk/index.js';
import { tables, tablesByName } from '../../tables/index.js';
import type { CliIO } from '../cli.js';
import { type OutputFormat, writeResult } from '../output/index.js';
import { outputOption } from './options.js';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv', 'line'];

export function registerTablesCommand(program: Command, io: CliIO): void {
  program
    .command('tables')
    .description('List the tables, or one table’s columns with their types and descriptions')
    .argument('[table]', 'a table name')
    .addOption(outputOption(FORMATS))
    .action((name: string | undefined, options: { output: OutputFormat }) => {
      const output = { format: options.output, header: true, separator: ',' };
      const text = (title: string) => ({ name: title, dataType: 'text' });
      if (name === undefined) {
        const rows = tables.map((table) => [table.name, table.description]);
        writeResult(io.stdout, { columns: [text('table'), text('description')], rows }, output);
        return;
      }
      const table = tablesByName.get(name);
      if (!table) {
        const near = nearest(name, [...tablesByName.keys()]);
        throw new UserError(`No table named ${name}`, {
          hint: near.length > 0 ? `Did you mean ${near.join(', ')}?` : 'Run jcsql tables to list them',
          exitCode: 2,
        });
      }
      const rows = allColumns(table).map((column) => [
        column.name,
        postgresType[column.type],
        column.description,
      ]);
      writeResult(io.stdout, { columns: [text('column'), text('type'), text('description')], rows }, output);
    });
}
