import { UserError } from '../../errors.js';
import { loadParser, planScript, readOnlyError, type StatementPlan, type TableDef } from '../../sdk/index.js';
import {
  type EngineOptions,
  type FetchedRows,
  plannerWording,
  type ResultSet,
  type RunOptions,
  runPlanned,
  type SqlEngine,
  type StatementOutcome,
} from '../engine.js';
import { didYouMean } from '../suggest.js';
import { type OpenCluster, openCluster, type TemplateSchema, templateSchema } from './cluster.js';
import type { EngineResult, EngineThread, ProtocolReply } from './engine-thread.js';
import { createSchemaSql, PostgresTableStore, PUBLIC_SCHEMA } from './postgres-store.js';
import { decodeExactColumns } from './postgres-types.js';
import { ReadOnlyTables } from './read-only-tables.js';

export type PostgresEngineOptions = EngineOptions;

/** The template clusters of these tables, made once per list and set of schemas (cluster.ts). */
const templates = new WeakMap<readonly TableDef[], Map<string, TemplateSchema>>();

/**
 * The template an engine over these tables and connections opens a copy of: public's tables,
 * comments and grants, and a schema of them per named connection, made once (cluster.ts), not at
 * every start, where public's took ~0.7 s and a connection's ~0.5 s (docs/serve-pool.md). A
 * connection's schema extends public's template, so a new set of connections costs one
 * extension of it, not another initdb.
 */
export function postgresTemplate(tables: readonly TableDef[], connections: Iterable<string>): TemplateSchema {
  let byConnections = templates.get(tables);
  if (!byConnections) {
    byConnections = new Map();
    templates.set(tables, byConnections);
  }
  const schemas = connectionSchemas(connections);
  const key = schemas.join('\0');
  let template = byConnections.get(key);
  if (!template) {
    const publicTemplate = byConnections.get('') ?? templateSchema(createSchemaSql(PUBLIC_SCHEMA, tables));
    byConnections.set('', publicTemplate);
    template =
      schemas.length === 0
        ? publicTemplate
        : templateSchema(schemas.map((schema) => createSchemaSql(schema, tables)).join('\n'), publicTemplate);
    byConnections.set(key, template);
  }
  return template;
}

/** The schemas of these connections' tables besides public, in a stable order. */
const connectionSchemas = (connections: Iterable<string>): string[] =>
  [...new Set(connections)].filter((name) => name !== PUBLIC_SCHEMA).sort();

/** The tables by name, made once per list. */
const tablesByList = new WeakMap<readonly TableDef[], ReadonlyMap<string, TableDef>>();

/** Plans a script in the Postgres dialect (the planner needs the options, not an open engine). */
export function planPostgres(
  options: EngineOptions,
  sql: string,
  params?: readonly unknown[],
): StatementPlan[] {
  let tables = tablesByList.get(options.tables);
  if (!tables) {
    tables = new Map(options.tables.map((table) => [table.name, table]));
    tablesByList.set(options.tables, tables);
  }
  return planScript(sql, {
    tables,
    connectionSchemas: new Set(options.connections.byName.keys()),
    pushdown: options.pushdown ?? true,
    params,
    wording: plannerWording(options),
  });
}

/**
 * Postgres-dialect SQL over an embedded PGlite. SQL cannot call back into JavaScript there, so
 * each statement runs as: parse and plan → fetch what the plan needs → load it → execute.
 *
 * PGlite runs on a thread of its own (engine-thread.ts), so a statement that overruns its time or
 * is cancelled is stopped at once, by ending that thread; the engine then opens a fresh PGlite
 * (empty tables, default settings) before its next statement.
 */
export class PostgresEngine implements SqlEngine {
  /** PGlite's thread and the copy of the cluster it runs on; replaced by `reopen`. */
  #cluster: OpenCluster;
  readonly #options: PostgresEngineOptions;
  readonly #tables: ReadonlyMap<string, TableDef>;
  readonly #typeNames = new Map<number, string>();
  /** The default connection's tables live in public; each named connection's in its own schema. */
  #stores: Map<string, PostgresTableStore>;
  /** Keeps the tables the loader's (read-only-tables.ts); one per PGlite, replaced with it. */
  #readOnly: ReadOnlyTables;
  /** PGlite failed without an error (see #execute): its state can no longer be trusted. */
  #failed = false;

  private constructor(cluster: OpenCluster, options: PostgresEngineOptions) {
    this.#cluster = cluster;
    this.#options = options;
    this.#tables = new Map(options.tables.map((table) => [table.name, table]));
    [this.#readOnly, this.#stores] = this.#storesOn(cluster.db);
  }

  /** Opens the engine; aborting `signal` meanwhile stops the opening. */
  static async open(options: PostgresEngineOptions, signal?: AbortSignal): Promise<PostgresEngine> {
    const [cluster] = await Promise.all([
      openCluster(options.home, postgresTemplate(options.tables, options.connections.byName.keys()), signal),
      loadParser(),
    ]);
    const engine = new PostgresEngine(cluster, options);
    engine.#reportRebuilt();
    await engine.#seal();
    return engine;
  }

  /**
   * Whether the last statement was stopped mid-way (a cancel, a timeout): its PGlite is gone,
   * and with it the session's own tables and settings. `reopen` starts a fresh one.
   */
  get interrupted(): boolean {
    return this.#cluster.db.interrupted;
  }

  /** Replaces a PGlite that was stopped mid-statement with a fresh one. */
  async reopen(): Promise<void> {
    await this.#cluster.dispose();
    this.#cluster = await openCluster(
      this.#options.home,
      postgresTemplate(this.#options.tables, this.#options.connections.byName.keys()),
    );
    this.#reportRebuilt();
    [this.#readOnly, this.#stores] = this.#storesOn(this.#cluster.db);
    await this.#seal();
  }

  #reportRebuilt(): void {
    const cache = this.#cluster.rebuiltCache;
    if (cache !== undefined)
      this.#options.notice?.(`the cached Postgres engine in ${cache} was damaged and has been rebuilt`);
  }

  /** Runs a script of statements (no parameters); one result each. */
  queryAll(sql: string): Promise<EngineResult[]> {
    return this.#cluster.db.exec(sql);
  }

  /** Runs one SQL statement with its parameters (a session's own queries: settings, startup). */
  async query(sql: string, params: unknown[] = []): Promise<EngineResult> {
    const [result] = await this.#cluster.db.exec(sql, params);
    return result!;
  }

  /** Hands wire-protocol messages to PGlite; aborting the signal stops the statement (see `interrupted`). */
  execProtocolRaw(message: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    return this.#cluster.db.execProtocolRaw(message, signal);
  }

  /** As execProtocolRaw, and the value of the setting `report` after the messages ran. */
  execProtocolReporting(message: Uint8Array, report: string, signal?: AbortSignal): Promise<ProtocolReply> {
    return this.#cluster.db.execProtocolReporting(message, report, signal);
  }

  #storesOn(db: EngineThread): [ReadOnlyTables, Map<string, PostgresTableStore>] {
    const schemas = [
      PUBLIC_SCHEMA,
      ...[...this.#options.connections.byName.keys()].filter((name) => name !== PUBLIC_SCHEMA),
    ];
    const readOnly = new ReadOnlyTables(
      db,
      schemas,
      this.#options.tables.map((table) => table.name),
    );
    return [
      readOnly,
      new Map(schemas.map((schema) => [schema, new PostgresTableStore(db, schema, readOnly)])),
    ];
  }

  /** Seals the tables (in the template: postgresTemplate) of a cluster just opened; on failure closes it. */
  async #seal(): Promise<void> {
    try {
      await this.#readOnly.seal();
      if (this.#typeNames.size === 0) {
        const [types] = await this.#cluster.db.exec('select oid::int as oid, typname from pg_type');
        for (const [oid, typname] of types!.rows as Array<[number, string]>)
          this.#typeNames.set(oid, typname);
      }
    } catch (error) {
      await this.#cluster.dispose();
      throw error;
    }
  }

  /** Plans a script (one or more statements) without running it; `params` are a Bind's values. */
  plan(sql: string, params?: readonly unknown[]): StatementPlan[] {
    return planPostgres(this.#options, sql, params);
  }

  /**
   * Loads rows fetched for statements the wire server then hands to Postgres as the client sent
   * them, inside the client's transaction if one is open.
   */
  async loadFetched(fetched: FetchedRows, inTransaction: boolean, signal?: AbortSignal): Promise<void> {
    for (const { table, connection, rows } of fetched.values())
      await this.#store(connection).load(table, rows, inTransaction, signal);
  }

  async runStatement(statement: StatementPlan, options: RunOptions = {}): Promise<StatementOutcome> {
    if (this.#failed)
      throw new UserError('The embedded Postgres failed on an earlier statement and may be damaged', {
        hint: 'Start jcsql again to run more statements',
      });
    if (this.interrupted) await this.reopen();
    return runPlanned(
      statement,
      this.#options.connections,
      { notice: this.#options.notice, ...options },
      {
        load: async (fetched, signal) => {
          for (const { table, connection, rows } of fetched.values())
            await this.#store(connection).load(table, rows, false, signal);
        },
        execute: (sql, signal) => this.#execute(sql, statement.selectsColumns === true, signal),
      },
    );
  }

  async close(): Promise<void> {
    await this.#cluster.dispose();
  }

  /** The store of the connection a query named, or public's. */
  #store(connection: string | undefined): PostgresTableStore {
    return this.#stores.get(connection ?? PUBLIC_SCHEMA)!;
  }

  async #execute(sql: string, selectsColumns: boolean, signal: AbortSignal): Promise<ResultSet> {
    let results: EngineResult[];
    try {
      results = await this.#cluster.db.execStatements(sql, signal);
    } catch (error) {
      if (signal.aborted) throw error; // the cancel or the timeout, not an SQL error
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
      rows: decodeExactColumns(fields, last?.rows ?? []),
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
