import type { PGlite } from '@electric-sql/pglite';
import { UserError } from '../../errors.js';
import {
  allColumns,
  loadParser,
  planScript,
  type Row,
  ScanStats,
  type StatementPlan,
  type TableDef,
} from '../../sdk/index.js';
import {
  type EngineOptions,
  fetchScans,
  plannerWording,
  type ResultSet,
  type RunOptions,
  runPlanned,
  type SqlEngine,
  type StatementOutcome,
} from '../engine.js';
import { didYouMean } from '../suggest.js';
import { openCluster } from './cluster.js';
import { postgresType } from './postgres-types.js';

/** Kept here for the modules that import it from the Postgres engine. */

export type PostgresEngineOptions = EngineOptions;

/**
 * Postgres-dialect SQL over an embedded PGlite. SQL cannot call back into JavaScript there, so
 * each statement runs as: parse and plan → fetch what the plan needs → load it → execute.
 */
export class PostgresEngine implements SqlEngine {
  readonly #db: PGlite;
  readonly #dispose: () => Promise<void>;
  readonly #options: PostgresEngineOptions;
  readonly #tables: ReadonlyMap<string, TableDef>;
  readonly #typeNames = new Map<number, string>();
  /** What each table holds now, so unchanged (cached) rows are not loaded twice. */
  readonly #loaded = new Map<string, Row[]>();
  /** PGlite failed without an error (see #execute): its state can no longer be trusted. */
  #failed = false;

  private constructor(db: PGlite, dispose: () => Promise<void>, options: PostgresEngineOptions) {
    this.#db = db;
    this.#dispose = dispose;
    this.#options = options;
    this.#tables = new Map(options.tables.map((table) => [table.name, table]));
  }

  static async open(options: PostgresEngineOptions): Promise<PostgresEngine> {
    const [{ db, dispose }] = await Promise.all([openCluster(options.home), loadParser()]);
    const engine = new PostgresEngine(db, dispose, options);
    try {
      // The tables in public (the default connection), and again in a schema per connection, as
      // Steampipe names them (`select … from jc_second.jumpcloud_user`); LIKE copies a table with
      // its comments in a fraction of the time of creating it anew.
      const schemas = [...options.connections.byName.keys()].filter((name) => name !== 'public');
      await db.exec(
        [
          ...options.tables.map(createTableSql),
          ...schemas.flatMap((schema) => [
            `create schema ${quoteIdent(schema)};`,
            ...options.tables.map(
              (table) =>
                `create table ${quoteIdent(schema)}.${quoteIdent(table.name)} (like public.${quoteIdent(table.name)} including comments);`,
            ),
          ]),
        ].join('\n'),
      );
      const types = await db.query<{ oid: number; typname: string }>(
        'select oid::int as oid, typname from pg_type',
      );
      for (const { oid, typname } of types.rows) engine.#typeNames.set(oid, typname);
    } catch (error) {
      await dispose();
      throw error;
    }
    return engine;
  }

  get db(): PGlite {
    return this.#db;
  }

  /** Plans a script (one or more statements) without running it; `params` are a Bind's values. */
  plan(sql: string, params?: readonly unknown[]): StatementPlan[] {
    return planScript(sql, {
      tables: this.#tables,
      connectionSchemas: new Set(this.#options.connections.byName.keys()),
      pushdown: this.#options.pushdown ?? true,
      params,
      wording: plannerWording(this.#options),
    });
  }

  /**
   * Fetches and loads what statements need, without running them (the wire server then hands
   * the client's own messages to Postgres). Inside a client's transaction the load joins that
   * transaction (DELETE, not TRUNCATE, so the client's open cursors keep their rows).
   */
  async prepare(
    statements: StatementPlan[],
    options: RunOptions & { inTransaction: boolean },
  ): Promise<ScanStats> {
    const stats = new ScanStats();
    const combined: StatementPlan = { sql: '', scans: statements.flatMap((statement) => statement.scans) };
    const fetched = await fetchScans(combined, this.#options.connections, stats, options);
    for (const { table, connection, rows } of fetched.values())
      await this.#load(table, connection, rows, options.inTransaction);
    return stats;
  }

  /** Runs each statement in turn, handing back its result before the next one runs. */
  async *run(sql: string, options: RunOptions = {}): AsyncGenerator<StatementOutcome> {
    for (const statement of this.plan(sql)) yield await this.runStatement(statement, options);
  }

  runStatement(statement: StatementPlan, options: RunOptions = {}): Promise<StatementOutcome> {
    if (this.#failed)
      return Promise.reject(
        new UserError('The embedded Postgres failed on an earlier statement and may be damaged', {
          hint: 'Start jcsql again to run more statements',
        }),
      );
    return runPlanned(statement, this.#options.connections, options, {
      load: async (fetched) => {
        for (const { table, connection, rows } of fetched.values()) await this.#load(table, connection, rows);
      },
      execute: (sql) => this.#execute(sql, statement.selectsColumns === true),
    });
  }

  async close(): Promise<void> {
    await this.#dispose();
  }

  /** Loads a table's rows into public, or into the schema of the connection the query named. */
  async #load(
    table: TableDef,
    connection: string | undefined,
    rows: Row[],
    inTransaction = false,
  ): Promise<void> {
    const name = `${quoteIdent(connection ?? 'public')}.${quoteIdent(table.name)}`;
    // Rows loaded inside a client's transaction may be rolled back with it: never trust them later.
    if (!inTransaction && sameRows(this.#loaded.get(name), rows)) return;
    this.#loaded.delete(name);
    const columns = allColumns(table);
    const csv = rows.map((row) => columns.map((column) => csvField(row[column.name])).join(',')).join('\n');
    const copy = async (db: Pick<PGlite, 'query'>) => {
      if (rows.length > 0)
        await db.query(`copy ${name} from '/dev/blob' with (format csv)`, [], { blob: new Blob([csv]) });
    };
    if (inTransaction) {
      await this.#db.exec(`delete from ${name}`);
      await copy(this.#db);
      return;
    }
    await this.#db.transaction(async (tx) => {
      await tx.exec(`truncate ${name}`);
      await copy(tx);
    });
    this.#loaded.set(name, rows);
  }

  async #execute(sql: string, selectsColumns: boolean): Promise<ResultSet> {
    let results: Awaited<ReturnType<PGlite['exec']>>;
    try {
      results = await this.#db.exec(sql, { rowMode: 'array' });
    } catch (error) {
      throw this.#sqlError(sql, error);
    }
    const last = results[results.length - 1];
    const fields = last?.fields ?? [];
    // PGlite answers some statements it could not run (thousands of nested NOTs, a JSON value
    // nested 100,000 deep: its WASM stack overflows) with an empty result and no error, and is
    // damaged after (a later load fails). Never print that as the answer, nor run more on it.
    if (selectsColumns && fields.length === 0) {
      this.#failed = true;
      throw new UserError('SQL error: the embedded Postgres returned no result for this statement', {
        hint: 'It may be nested too deeply for the engine; simplify it, or try --engine sqlite',
      });
    }
    return {
      columns: fields.map((field) => ({
        name: field.name,
        dataType: this.#typeNames.get(field.dataTypeID) ?? 'unknown',
      })),
      rows: (last?.rows ?? []) as unknown[][],
      command: fields.length > 0 ? 'SELECT' : 'OK',
    };
  }

  /** A Postgres error as one line: message, where, and Postgres's hint or the nearest names. */
  #sqlError(sql: string, error: unknown): UserError {
    const pg = error as { message?: string; position?: string; hint?: string; code?: string };
    if (!pg?.message || !pg.code) return new UserError(String(error));
    let message = `SQL error: ${pg.message}`;
    const position = Number(pg.position);
    if (position > 0) {
      const before = sql.slice(0, position - 1);
      message += ` (line ${before.split('\n').length}, column ${position - before.lastIndexOf('\n') - 1})`;
    }
    const hint = pg.hint ?? this.#nearestNames(pg.code, pg.message);
    return new UserError(message, hint ? { hint } : {});
  }

  #nearestNames(code: string, message: string): string | undefined {
    const missing = /"([^"]+)"/.exec(message)?.[1];
    const kind = code === '42P01' ? 'table' : code === '42703' ? 'column' : undefined;
    if (!missing || !kind) return undefined;
    return didYouMean(kind, missing.split('.').pop()!, this.#tables.values());
  }
}

/** The same row objects in the same order: what a scan served from the cache gives again. */
function sameRows(loaded: Row[] | undefined, rows: Row[]): boolean {
  return loaded !== undefined && loaded.length === rows.length && rows.every((row, i) => row === loaded[i]);
}

function createTableSql(table: TableDef): string {
  const name = `public.${quoteIdent(table.name)}`;
  const columns = allColumns(table);
  const body = columns
    .map((column) => `  ${quoteIdent(column.name)} ${postgresType[column.type]}`)
    .join(',\n');
  const comments = [
    `comment on table ${name} is ${quoteLiteral(table.description)};`,
    ...columns.map(
      (column) =>
        `comment on column ${name}.${quoteIdent(column.name)} is ${quoteLiteral(column.description)};`,
    ),
  ];
  return `create table ${name} (\n${body}\n);\n${comments.join('\n')}`;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** One value in COPY's CSV: NULL is an unquoted empty field, everything else is quoted. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  // Postgres text and jsonb cannot hold NUL; JSON's \u0000 escape is refused by jsonb too.
  const text =
    typeof value === 'string'
      ? value.replace(/\u0000/g, '\uFFFD')
      : JSON.stringify(value).replace(/\\u0000/g, '\\uFFFD');
  return `"${text.replace(/"/g, '""')}"`;
}
