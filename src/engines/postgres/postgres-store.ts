import { allColumns, type Row, type TableDef } from '../../sdk/index.js';
import { LoadedRows, quoteIdent } from '../table-store.js';
import type { EngineThread } from './engine-thread.js';
import { postgresType } from './postgres-types.js';
import { AS_OWNER, AS_READER_NEXT_XID, ReadOnlyTables } from './read-only-tables.js';

/** The schema of the default connection's tables; every other schema's tables copy these. */
export const PUBLIC_SCHEMA = 'public';

/**
 * JumpCloud tables as ordinary tables in one schema of PGlite: `public` for the default
 * connection, or a schema per named connection, as Steampipe names them (`jc_second.jumpcloud_user`).
 * Loading replaces a table's rows (COPY from a blob); loading the very rows it already holds is free.
 */
export class PostgresTableStore {
  readonly #db: EngineThread;
  readonly #schema: string;
  readonly #readOnly: ReadOnlyTables;
  #loaded = new LoadedRows();
  /** The epoch of #readOnly the loaded rows belong to. */
  #epoch = 0;

  constructor(db: EngineThread, schema: string, readOnly: ReadOnlyTables) {
    this.#db = db;
    this.#schema = schema;
    this.#readOnly = readOnly;
  }

  get schema(): string {
    return this.#schema;
  }

  /**
   * Replaces the table's rows with these. Inside a client's transaction the load joins that
   * transaction (DELETE, not TRUNCATE, so the client's open cursors keep their rows).
   */
  async load(
    table: TableDef,
    rows: readonly Row[],
    inTransaction = false,
    signal?: AbortSignal,
  ): Promise<void> {
    const name = `${quoteIdent(this.#schema)}.${quoteIdent(table.name)}`;
    await this.#readOnly.verify(inTransaction);
    if (this.#epoch !== this.#readOnly.epoch) {
      this.#loaded = new LoadedRows(); // something else wrote: no table holds what it was loaded with
      this.#epoch = this.#readOnly.epoch;
    }
    // Rows loaded inside a client's transaction may be rolled back with it: never trust them later.
    if (!inTransaction && this.#loaded.holds(table.name, rows)) return;
    this.#loaded.forget(table.name);
    const columns = allColumns(table);
    // COPY's text format, which is cheaper to write and to read than CSV (docs/serve-pool.md). Every
    // line ends with a newline: no rows is the empty string, whatever the table's columns.
    const names = columns.map((column) => column.name);
    const copy = rows.map((row) => `${names.map((name) => copyField(row[name])).join('\t')}\n`).join('');
    // As the tables' owner, then back to the reader (read-only-tables.ts), in the load's transaction.
    const results = await this.#db.load(
      { table: name, copy, inTransaction, before: AS_OWNER, after: AS_READER_NEXT_XID },
      signal,
    );
    if (inTransaction) return;
    this.#readOnly.record(results);
    this.#loaded.set(table.name, rows);
  }
}

/**
 * The SQL that makes a schema's tables (empty), with their comments and the reader's grants, run
 * once into a template cluster (postgresTemplate). A named connection's schema copies public's
 * tables with LIKE, in a fraction of the time of creating them anew. The tables belong to the
 * session's owner; the reader (read-only-tables.ts) may only read them.
 */
export function createSchemaSql(schemaName: string, tables: readonly TableDef[]): string {
  const schema = quoteIdent(schemaName);
  const first = schemaName === PUBLIC_SCHEMA;
  return [
    `${AS_OWNER};`,
    ...(first
      ? tables.map(createTableSql)
      : [
          `create schema ${schema};`,
          ...tables.map(
            (table) =>
              `create table ${schema}.${quoteIdent(table.name)} (like ${PUBLIC_SCHEMA}.${quoteIdent(table.name)} including comments);`,
          ),
        ]),
    ...ReadOnlyTables.grantSql(schemaName, first),
  ].join('\n');
}

function createTableSql(table: TableDef): string {
  const name = `${PUBLIC_SCHEMA}.${quoteIdent(table.name)}`;
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

const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** One value in COPY's text format: NULL is `\N`; text is escaped (`copyText`). */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'boolean':
      return value ? 't' : 'f';
    case 'number':
    case 'bigint':
      return String(value);
    case 'string':
      return copyText(value);
    default: {
      const json = JSON.stringify(value);
      return copyText(json.includes('\\u0000') ? json.replace(JSON_NUL, '$1\\uFFFD') : json);
    }
  }
}

/**
 * JSON's escape of NUL, which jsonb refuses as text refuses NUL: `\u0000` after an even number of
 * backslashes (an escaped backslash followed by the text `u0000` is left as it is).
 */
const JSON_NUL = /(?<!\\)((?:\\\\)*)\\u0000/g;

/** What COPY's text format would read otherwise: a backslash, newline, carriage return or tab; and NUL. */
const COPY_SPECIAL = /[\\\n\r\t\u0000]/;
const COPY_SPECIALS = new RegExp(COPY_SPECIAL.source, 'g');
/** How each is written; NUL, which Postgres text cannot hold, becomes U+FFFD. */
const COPY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u0000': '\uFFFD',
};

/** Text as COPY's text format reads it back: the whole string scanned once when it needs nothing (most do). */
function copyText(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIALS, (special) => COPY_ESCAPES[special]!) : text;
}
