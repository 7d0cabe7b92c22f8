import type { Database, Statement } from 'better-sqlite3';
import { allColumns, type Row, ScanStats, type TableDef } from '../../sdk/index.js';
import { fetchScans, type RunOptions, type SessionConnections } from '../engine.js';
import { LoadedRows, quoteIdent } from '../table-store.js';
import { sqliteType, toSqliteValue } from './sqlite-types.js';

/** `create table "schema"."jumpcloud_user" ("id" text, …)`: plain tables, in the declared types SQLite users expect. */
export function createTableSql(table: TableDef, schema: string): string {
  const body = allColumns(table)
    .map((column) => `  ${quoteIdent(column.name)} ${sqliteType[column.type]}`)
    .join(',\n');
  return `create table ${quoteIdent(schema)}.${quoteIdent(table.name)} (\n${body}\n);`;
}

/**
 * JumpCloud tables as ordinary tables in one schema of a SQLite database. Loading replaces a
 * table's rows in one transaction; loading the very rows it already holds (a cache hit) is free.
 */
export class SqliteTableStore {
  readonly #db: Database;
  readonly #schema: string;
  readonly #inserts = new Map<string, Statement>();
  readonly #loaded = new LoadedRows();

  constructor(db: Database, schema: string) {
    this.#db = db;
    this.#schema = schema;
  }

  get schema(): string {
    return this.#schema;
  }

  /** Creates the tables (empty). */
  create(tables: readonly TableDef[]): void {
    this.#db.exec(tables.map((table) => createTableSql(table, this.#schema)).join('\n'));
  }

  /** Replaces the table's rows with these. */
  load(table: TableDef, rows: readonly Row[]): void {
    if (this.#loaded.holds(table.name, rows)) return;
    this.#loaded.forget(table.name);
    const columns = allColumns(table);
    const insert = this.#insertFor(table);
    this.#db.transaction(() => {
      this.#db.exec(`delete from ${quoteIdent(this.#schema)}.${quoteIdent(table.name)}`);
      for (const row of rows)
        insert.run(columns.map((column) => toSqliteValue(column.type, row[column.name])));
    })();
    this.#loaded.set(table.name, rows);
  }

  #insertFor(table: TableDef): Statement {
    let insert = this.#inserts.get(table.name);
    if (!insert) {
      const columns = allColumns(table);
      insert = this.#db.prepare(
        `insert into ${quoteIdent(this.#schema)}.${quoteIdent(table.name)} (${columns
          .map((column) => quoteIdent(column.name))
          .join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      );
      this.#inserts.set(table.name, insert);
    }
    return insert;
  }
}

/** Fetches whole tables (every column, no quals) from the session's default connections and loads them. */
export async function loadWholeTables(
  store: SqliteTableStore,
  tables: readonly TableDef[],
  connections: SessionConnections,
  options: RunOptions = {},
): Promise<{ rows: number; stats: ScanStats }> {
  const stats = new ScanStats();
  const plan = {
    sql: '',
    scans: tables.map((table) => ({
      table,
      connection: undefined,
      quals: [],
      columns: 'all' as const,
      limit: undefined,
    })),
  };
  const fetched = await fetchScans(plan, connections, stats, options);
  let rows = 0;
  for (const { table, rows: tableRows } of fetched.values()) {
    store.load(table, tableRows);
    rows += tableRows.length;
  }
  return { rows, stats };
}
