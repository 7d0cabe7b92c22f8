import type { Database } from 'better-sqlite3';
import { UserError } from '../../errors.js';
import { loadParser, readOnlyError, type StatementPlan, type TableDef } from '../../sdk/index.js';
import {
  type EngineOptions,
  plannerWording,
  type ResultSet,
  type RunOptions,
  runPlanned,
  type SqlEngine,
  type StatementOutcome,
} from '../engine.js';
import { didYouMean } from '../suggest.js';
import { quoteIdent } from '../table-store.js';
import { loadSqliteDriver, type SqliteDriver } from './sqlite-driver.js';
import { planSqliteScript } from './sqlite-plan.js';
import { SqliteReadOnlyTables } from './sqlite-read-only.js';
import { SqliteTableStore } from './sqlite-store.js';

export type SqliteEngineOptions = EngineOptions;

/** SQLite allows ten databases besides main and temp; keep one free for the user's own ATTACH. */
const MAX_CONNECTION_SCHEMAS = 9;

/**
 * SQLite-dialect SQL over an in-memory better-sqlite3 database of ordinary tables. Each statement
 * runs as the Postgres engine's do: plan → fetch what the plan needs → load it → execute.
 * A connection (or aggregator) named in the config is also a schema: `jc_prod.jumpcloud_user`.
 */
export class SqliteEngine implements SqlEngine {
  readonly #db: Database;
  readonly #driver: SqliteDriver;
  readonly #options: SqliteEngineOptions;
  readonly #tables: ReadonlyMap<string, TableDef>;
  /** The default connection's tables live in `main`; each named connection's in its own schema. */
  readonly #stores = new Map<string, SqliteTableStore>();
  /** Refuses writes to the tables in SQLite itself, should one get past the statement guard. */
  readonly #readOnly: SqliteReadOnlyTables;

  private constructor(driver: SqliteDriver, db: Database, options: SqliteEngineOptions) {
    this.#driver = driver;
    this.#db = db;
    this.#options = options;
    this.#tables = new Map(options.tables.map((table) => [table.name, table]));
    const schemas = ['main', ...[...options.connections.byName.keys()].filter(isSchemaName)];
    for (const schema of schemas.slice(0, MAX_CONNECTION_SCHEMAS + 1)) {
      if (schema !== 'main') db.exec(`attach database ':memory:' as ${quoteIdent(schema)}`);
      const store = new SqliteTableStore(db, schema);
      store.create(options.tables);
      this.#stores.set(schema, store);
    }
    const wording = plannerWording(options);
    this.#readOnly = new SqliteReadOnlyTables(
      db,
      [...this.#stores.keys()],
      [...this.#tables.keys()],
      (table) => readOnlyError(table, wording),
    );
    this.#readOnly.seal();
  }

  static async open(options: SqliteEngineOptions): Promise<SqliteEngine> {
    const [driver] = await Promise.all([loadSqliteDriver(), loadParser()]);
    const db = new driver(':memory:');
    try {
      return new SqliteEngine(driver, db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The database the statements run in (its `main` schema holds the default connection's tables). */
  get db(): Database {
    return this.#db;
  }

  plan(sql: string): StatementPlan[] {
    return planSqliteScript(sql, {
      tables: this.#tables,
      connectionSchemas: new Set([...this.#stores.keys()].filter((schema) => schema !== 'main')),
      pushdown: this.#options.pushdown ?? true,
      wording: plannerWording(this.#options),
    });
  }

  async runStatement(statement: StatementPlan, options: RunOptions = {}): Promise<StatementOutcome> {
    this.#readOnly.verify();
    return runPlanned(
      statement,
      this.#options.connections,
      { notice: this.#options.notice, ...options },
      {
        load: (fetched) =>
          this.#readOnly.asLoader(() => {
            for (const { table, connection, rows } of fetched.values())
              this.#stores.get(connection ?? 'main')!.load(table, rows);
          }),
        execute: (sql) => this.#execute(sql),
      },
    );
  }

  async close(): Promise<void> {
    this.#db.close();
  }

  #execute(sql: string): ResultSet {
    try {
      const statement = this.#db.prepare(sql);
      if (!statement.reader) {
        statement.run();
        return { columns: [], rows: [], command: 'OK' };
      }
      // Integers as bigints, so one past 2^53 keeps its digits; the safe ones go back to numbers.
      const rows = (statement.raw(true).safeIntegers(true).all() as unknown[][]).map(exactIntegers);
      const columns = statement.columns().map((column, index) => ({
        name: column.name,
        dataType: column.type?.toLowerCase() ?? valueTypeOf(rows, index),
      }));
      return { columns, rows, command: 'SELECT' };
    } catch (error) {
      if (!(error instanceof this.#driver.SqliteError)) throw new UserError(String(error), { cause: error });
      throw this.#readOnly.refusalFor(error.message) ?? sqliteError(error, this.#tables.values());
    }
  }
}

/** A row with each bigint a double holds exactly turned back into a number. */
function exactIntegers(row: unknown[]): unknown[] {
  for (const [index, value] of row.entries())
    if (typeof value === 'bigint' && Number.isSafeInteger(Number(value))) row[index] = Number(value);
  return row;
}

/** A schema name SQLite can attach besides its own. */
const isSchemaName = (name: string) => !['main', 'temp'].includes(name.toLowerCase());

/** An expression's result type, from its first non-NULL value (SQLite types values, not expressions). */
function valueTypeOf(rows: unknown[][], index: number): string {
  const value = rows.find((row) => row[index] !== null && row[index] !== undefined)?.[index];
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'real';
  if (value instanceof Uint8Array) return 'blob';
  return 'text';
}

/** A SQLite error as one line, with the nearest names for an unknown table or column. */
function sqliteError(
  error: InstanceType<SqliteDriver['SqliteError']>,
  tables: Iterable<TableDef>,
): UserError {
  const missing = /^no such (table|column): (?:\S+\.)?(\S+)$/.exec(error.message);
  const hint = missing ? didYouMean(missing[1] as 'table' | 'column', missing[2]!, tables) : undefined;
  return new UserError(`SQL error: ${error.message}`, { cause: error, ...(hint ? { hint } : {}) });
}
