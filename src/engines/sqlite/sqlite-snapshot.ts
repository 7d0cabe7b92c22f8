import Database from 'better-sqlite3';
import type { TableDef } from '../../sdk/index.js';
import { AtomicFile } from '../../util/atomic-file.js';
import type { RunOptions, SessionConnections } from '../engine.js';
import { loadWholeTables, SqliteTableStore } from './sqlite-store.js';

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
  const written = new AtomicFile(path);
  try {
    const db = new Database(written.temporary);
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
