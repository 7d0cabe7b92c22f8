import type { PGlite } from '@electric-sql/pglite';
import { UserError } from '../../errors.js';
import {
  loadParser,
  planScript,
  readOnlyError,
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
import { PostgresTableStore, PUBLIC_SCHEMA } from './postgres-store.js';
import { ReadOnlyTables } from './read-only-tables.js';

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
  /** The default connection's tables live in public; each named connection's in its own schema. */
  readonly #stores = new Map<string, PostgresTableStore>();
  readonly #readOnly: ReadOnlyTables;
  /** PGlite failed without an error (see #execute): its state can no longer be trusted. */
  #failed = false;

  private constructor(db: PGlite, dispose: () => Promise<void>, options: PostgresEngineOptions) {
    this.#db = db;
    this.#dispose = dispose;
    this.#options = options;
    this.#tables = new Map(options.tables.map((table) => [table.name, table]));
    const schemas = [
      PUBLIC_SCHEMA,
      ...[...options.connections.byName.keys()].filter((name) => name !== PUBLIC_SCHEMA),
    ];
    this.#readOnly = new ReadOnlyTables(
      db,
      schemas,
      options.tables.map((table) => table.name),
    );
    for (const schema of schemas)
      this.#stores.set(schema, new PostgresTableStore(db, schema, this.#readOnly));
  }

  static async open(options: PostgresEngineOptions): Promise<PostgresEngine> {
    const [{ db, dispose }] = await Promise.all([openCluster(options.home), loadParser()]);
    const engine = new PostgresEngine(db, dispose, options);
    try {
      // public's first: the other schemas' tables copy them.
      for (const store of engine.#stores.values()) await store.create(options.tables);
      await engine.#readOnly.seal();
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
   * the client's own messages to Postgres), inside the client's transaction if one is open.
   */
  async prepare(
    statements: StatementPlan[],
    options: RunOptions & { inTransaction: boolean },
  ): Promise<ScanStats> {
    const stats = new ScanStats();
    const combined: StatementPlan = { sql: '', scans: statements.flatMap((statement) => statement.scans) };
    const fetched = await fetchScans(combined, this.#options.connections, stats, options);
    for (const { table, connection, rows } of fetched.values())
      await this.#store(connection).load(table, rows, options.inTransaction);
    return stats;
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
        for (const { table, connection, rows } of fetched.values())
          await this.#store(connection).load(table, rows);
      },
      execute: (sql) => this.#execute(sql, statement.selectsColumns === true),
    });
  }

  async close(): Promise<void> {
    await this.#dispose();
  }

  /** The store of the connection a query named, or public's. */
  #store(connection: string | undefined): PostgresTableStore {
    return this.#stores.get(connection ?? PUBLIC_SCHEMA)!;
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
    // SQL built at run time (EXECUTE) that writes to a table: refused by Postgres (read-only-tables.ts), told as the guard tells it.
    const denied = /^(?:permission denied for table|must be owner of table) (\S+)$/.exec(pg.message)?.[1];
    if (pg.code === '42501' && denied && this.#tables.has(denied))
      return readOnlyError(denied, plannerWording(this.#options));
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
