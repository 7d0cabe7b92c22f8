import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { initFailure } from '../../engines/index.js';
import { loadSqliteDriver } from '../../engines/sqlite/sqlite-driver.js';
import { tableNamed } from '../../engines/suggest.js';
import { EXIT, UserError } from '../../errors.js';
import type { TableDef } from '../../sdk/index.js';
import { tables } from '../../tables/index.js';
import type { CliIO } from '../io.js';
import { Progress } from '../progress.js';
import { openSession, warnTo } from '../session.js';
import { addConnectionOptions, addExamples, CONNECTION_ENVIRONMENT } from './options.js';

interface SnapshotOptions {
  tables?: string[];
  force?: boolean;
  demo?: boolean;
  connection?: string;
  configDir?: string;
  cache: boolean;
}

export function registerSnapshotCommand(program: Command, io: CliIO): void {
  const command = program
    .command('snapshot')
    .description(
      'Write JumpCloud tables into a SQLite database file (an offline copy the sqlite3 tool opens)',
    )
    .argument('<file>', 'the SQLite file to write, e.g. jumpcloud.db')
    .option('--tables <names...>', 'the tables to write, comma- or space-separated (default: all)', collect)
    .option('--force', 'replace the file if it exists');
  addConnectionOptions(command);
  addExamples(
    command,
    [
      'jcsql snapshot --demo jumpcloud.db && sqlite3 jumpcloud.db "select count(*) from jumpcloud_user"',
      'jcsql snapshot --tables jumpcloud_user,jumpcloud_device --force org.db',
    ],
    CONNECTION_ENVIRONMENT,
  );
  command.action(async (file: string, options: SnapshotOptions) => runSnapshot(file, options, io));
}

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean),
];

async function runSnapshot(file: string, options: SnapshotOptions, io: CliIO): Promise<void> {
  const target = resolve(file);
  const selected = selectTables(options.tables);
  if (existsSync(target) && !options.force)
    throw new UserError(`${file} already exists`, {
      hint: 'Pass --force to replace it',
      exitCode: EXIT.badInput,
    });
  const { snapshotTarget, writeSnapshot } = await import('../../engines/sqlite/sqlite-snapshot.js');
  // better-sqlite3 missing or broken: the SQLite a snapshot is written with cannot start (250, as for an engine).
  await loadSqliteDriver().catch((error: unknown) => {
    throw initFailure(error);
  });
  await snapshotTarget(file); // before any API call: a directory or a device there is refused
  const session = await openSession({ ...options, env: io.env, warn: warnTo(io.stderr) });
  const progress = new Progress(io.stderr, session.connections.requests);
  try {
    const { rows } = await writeSnapshot(target, selected, session.connections, {
      onProgress: progress.update,
    });
    progress.clear();
    io.stdout.write(
      `Wrote ${selected.length} table${selected.length === 1 ? '' : 's'} (${rows.toLocaleString('en-US')} rows) to ${file}\n`,
    );
  } finally {
    progress.clear();
    await session.close();
  }
}

function selectTables(names: string[] | undefined): TableDef[] {
  if (!names || names.length === 0) return [...tables];
  return [...new Set(names)].map((name) => tableNamed(name, tables, { exitCode: EXIT.badInput }));
}
