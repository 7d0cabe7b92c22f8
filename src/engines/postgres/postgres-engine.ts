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
  type ResultSet,
  type RunOptions,
  type SqlEngine,
  type StatementOutcome,
} from '../engine.js';
import { openCluster } from './cluster.js';
import { postgresType } from './postgres-types.js';

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
      await db.exec(options.tables.map(createTableSql).join('\n'));
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

  /** Plans a script (one or more statements) without running it. */
  plan(sql: string): StatementPlan[] {
    return planScript(sql, {
      tables: this.#tables,
      connectionSchemas: new Set(this.#options.connections.byName.keys()),
      pushdown: this.#options.pushdown ?? true,
    });
  }

  /** Runs each statement in turn, handing back its result before the next one runs. */
  async *run(sql: string, options: RunOptions = {}): AsyncGenerator<StatementOutcome> {
    for (const statement of this.plan(sql)) yield await this.runStatement(statement, options);
  }

  async runStatement(statement: StatementPlan, options: RunOptions = {}): Promise<StatementOutcome> {
    const started = performance.now();
    const requestsBefore = this.#options.connections.requests.count;
    const stats = new ScanStats();
    const fetched = await fetchScans(statement, this.#options.connections, stats, options);
    for (const { table, rows } of fetched.values()) await this.#load(table, rows);
    const result = await this.#execute(statement.sql);
    return {
      sql: statement.sql,
      result,
      stats,
      apiCalls: this.#options.connections.requests.count - requestsBefore,
      durationMs: performance.now() - started,
    };
  }

  async close(): Promise<void> {
    await this.#dispose();
  }

  async #load(table: TableDef, rows: Row[]): Promise<void> {
    if (this.#loaded.get(table.name) === rows) return;
    const columns = allColumns(table);
    const name = quoteIdent(table.name);
    const csv = rows.map((row) => columns.map((column) => csvField(row[column.name])).join(',')).join('\n');
    await this.#db.transaction(async (tx) => {
      await tx.exec(`truncate public.${name}`);
      if (rows.length > 0)
        await tx.query(`copy public.${name} from '/dev/blob' with (format csv)`, [], {
          blob: new Blob([csv]),
        });
    });
    this.#loaded.set(table.name, rows);
  }

  async #execute(sql: string): Promise<ResultSet> {
    let results: Awaited<ReturnType<PGlite['exec']>>;
    try {
      results = await this.#db.exec(sql, { rowMode: 'array' });
    } catch (error) {
      throw this.#sqlError(sql, error);
    }
    const last = results[results.length - 1];
    const fields = last?.fields ?? [];
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
    if (!missing) return undefined;
    const name = missing.split('.').pop()!;
    const candidates =
      code === '42P01'
        ? [...this.#tables.keys()]
        : code === '42703'
          ? [
              ...new Set(
                [...this.#tables.values()].flatMap((table) => allColumns(table).map((column) => column.name)),
              ),
            ]
          : [];
    const near = nearest(name, candidates);
    return near.length > 0 ? `Did you mean ${near.join(', ')}?` : undefined;
  }
}

function createTableSql(table: TableDef): string {
  const name = quoteIdent(table.name);
  const columns = allColumns(table);
  const body = columns
    .map((column) => `  ${quoteIdent(column.name)} ${postgresType[column.type]}`)
    .join(',\n');
  const comments = [
    `comment on table public.${name} is ${quoteLiteral(table.description)};`,
    ...columns.map(
      (column) =>
        `comment on column public.${name}.${quoteIdent(column.name)} is ${quoteLiteral(column.description)};`,
    ),
  ];
  return `create table public.${name} (\n${body}\n);\n${comments.join('\n')}`;
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

/** Up to three names within a small edit distance, nearest first. */
export function nearest(name: string, candidates: string[]): string[] {
  const scored = candidates
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ candidate, distance }) => distance <= Math.max(2, Math.floor(candidate.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, 3).map(({ candidate }) => candidate);
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}
