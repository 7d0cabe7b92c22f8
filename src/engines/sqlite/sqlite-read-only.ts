import type { Database } from 'better-sqlite3';
import type { UserError } from '../../errors.js';
import { alteredError, quoteIdent } from '../table-store.js';

/** The SQL function the triggers ask; true only while the store loads rows (registered per connection). */
const LOADING = 'jcsql_loading';

const WRITES = ['insert', 'update', 'delete'] as const;

/** An object of the schema: `schema|type|name|sql`. */
type SchemaEntry = string;

/**
 * Keeps the JumpCloud tables' rows the loader's in one better-sqlite3 database, whatever SQL
 * reaches it (better-sqlite3 has no authorizer): a BEFORE INSERT/UPDATE/DELETE trigger on every
 * table raises the statement guard's own read-only message unless `jcsql_loading()` says the
 * store is loading. Only an engine's database gets them: a snapshot file or a library user's
 * database never depends on a jcsql function.
 *
 * A trigger can be dropped (triggers cannot run DDL, so only a statement of its own can): before
 * each statement, `verify` puts missing triggers back, and refuses when anything else about the
 * tables changed (a trigger, index or view of a table's name that is not ours could plant rows
 * during a load or hide a table).
 */
export class SqliteReadOnlyTables {
  readonly #db: Database;
  readonly #schemas: readonly string[];
  readonly #tableNames: readonly string[];
  readonly #refusal: (table: string) => UserError;
  /** What each table's schema holds once sealed, and the SQL that makes each of our triggers. */
  #sealed = new Set<SchemaEntry>();
  readonly #triggers = new Map<SchemaEntry, string>();
  #loading = false;

  constructor(
    db: Database,
    schemas: readonly string[],
    tableNames: readonly string[],
    refusal: (table: string) => UserError,
  ) {
    this.#db = db;
    this.#schemas = schemas;
    this.#tableNames = tableNames;
    this.#refusal = refusal;
    db.function(LOADING, { deterministic: false }, () => (this.#loading ? 1 : 0));
  }

  /** Creates the triggers once every table exists, and remembers the tables' definitions. */
  seal(): void {
    const creates = new Map<string, string>();
    for (const schema of this.#schemas)
      for (const table of this.#tableNames)
        for (const write of WRITES) {
          const name = `jcsql_read_only_${table}_${write}`;
          const sql = triggerSql(schema, name, table, write, this.#message(table));
          this.#db.exec(sql);
          creates.set(`${schema}|trigger|${name}`, sql);
        }
    this.#sealed = new Set(this.#entries());
    for (const entry of this.#sealed) {
      const create = creates.get(entry.split('|', 3).join('|'));
      if (create !== undefined) this.#triggers.set(entry, create);
    }
  }

  /** Runs `load` with the triggers letting writes through. */
  asLoader<T>(load: () => T): T {
    this.#loading = true;
    try {
      return load();
    } finally {
      this.#loading = false;
    }
  }

  /** Before a statement: puts a dropped trigger back; throws if anything else changed. */
  verify(): void {
    const now = new Set(this.#entries());
    if ([...now].some((entry) => !this.#sealed.has(entry))) throw alteredError();
    for (const entry of this.#sealed) {
      if (now.has(entry)) continue;
      const create = this.#triggers.get(entry);
      if (create === undefined) throw alteredError();
      this.#db.exec(create);
    }
  }

  /** The guard's error for a trigger's refusal (a SQLite error carrying one of the tables' messages). */
  refusalFor(message: string): UserError | undefined {
    const table = this.#tableNames.find((name) => this.#message(name) === message);
    return table === undefined ? undefined : this.#refusal(table);
  }

  #message(table: string): string {
    return this.#refusal(table).message;
  }

  /** Every object of the tables' names in their schemas and in `temp` (whose triggers may be on any schema's table). */
  #entries(): SchemaEntry[] {
    const names = JSON.stringify(this.#tableNames);
    return [...this.#schemas, 'temp'].flatMap((schema) =>
      (
        this.#db
          .prepare(
            `select type, name, sql from ${quoteIdent(schema)}.sqlite_master
             where lower(tbl_name) in (select value from json_each(?))`,
          )
          .all(names) as Array<{ type: string; name: string; sql: string | null }>
      ).map(({ type, name, sql }) => `${schema}|${type}|${name}|${sql ?? ''}`),
    );
  }
}

function triggerSql(
  schema: string,
  name: string,
  table: string,
  write: (typeof WRITES)[number],
  message: string,
): string {
  return `create trigger ${quoteIdent(schema)}.${quoteIdent(name)} before ${write} on ${quoteIdent(table)}
  when not ${LOADING}() begin select raise(abort, '${message.replace(/'/g, "''")}'); end`;
}
