import { EXIT, UserError } from '../../errors.js';
import type { TableDef } from '../../sdk/index.js';
import { AtomicFile, type FileTarget, resolveFileTarget } from '../../util/atomic-file.js';
import type { RunOptions, SessionConnections } from '../engine.js';
import { loadSqliteDriver } from './sqlite-driver.js';
import { loadWholeTables, SqliteTableStore } from './sqlite-store.js';

/**
 * Where a snapshot of `path` goes: a symlink's target. A database needs a regular file, so
 * anything else already there (a directory, a device, a FIFO) is refused with one line.
 */
export async function snapshotTarget(path: string): Promise<FileTarget> {
  const target = await resolveFileTarget(path);
  if (target.special)
    throw new UserError(`Cannot write ${path}: it is ${target.special}, not a regular file`, {
      hint: 'A snapshot is a SQLite database file: name a new file or a regular one, e.g. jumpcloud.db',
      exitCode: EXIT.badInput,
    });
  return target;
}

/**
 * Writes whole tables (every column, every row) into a new SQLite database file at `path`, in
 * the declared types SQLite users expect. The database is written beside the path and renamed
 * over it when complete: a reader never sees a half-written file, and a failure leaves none.
 */
export async function writeSnapshot(
  path: string,
  tables: readonly TableDef[],
  connections: SessionConnections,
  options: RunOptions = {},
): Promise<{ rows: number }> {
  const driver = await loadSqliteDriver();
  const written = new AtomicFile(await snapshotTarget(path));
  try {
    const db = new driver(written.temporary);
    try {
      const store = new SqliteTableStore(db, 'main');
      store.create(tables);
      const { rows } = await loadWholeTables(store, tables, connections, options);
      db.close();
      await written.commit();
      return { rows };
    } finally {
      if (db.open) db.close();
    }
  } finally {
    await written.abandon();
  }
}
