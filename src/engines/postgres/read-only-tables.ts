import { UserError } from '../../errors.js';
import { alteredError, quoteIdent } from '../table-store.js';
import type { EngineResult } from './engine-thread.js';

/** What the protection needs of a Postgres session: run SQL (with parameters), read rows. */
export interface SqlSession {
  exec(sql: string, params?: unknown[]): Promise<EngineResult[]>;
}

/**
 * The role every statement but the loader's runs as: it may read the tables and create its own
 * objects, but neither owns the tables nor holds a write privilege on them, so Postgres itself
 * refuses to write, truncate, alter or drop them, or to add rules or triggers to them, however
 * the SQL was built (dynamic SQL in a DO block included).
 */
export const READER_ROLE = 'jcsql_reader';
const reader = quoteIdent(READER_ROLE);

/** The loader's way back to the tables' owner (PGlite's session user, the superuser). */
export const AS_OWNER = 'reset role';

/**
 * The transaction id the next write will take. Every write to a table (rows or definition) takes
 * one; so does a user's own CREATE, which costs a reload, never a wrong answer. Inside the
 * loader's transaction the snapshot's xmax is the loader's own id (still running), so the id after
 * it is the one the next write takes once the loader commits. Qualified, so a function or operator
 * made in another schema of the search_path cannot stand in for these (GREATEST is syntax, not a
 * function, and ignores the NULL of a transaction without an id).
 */
const NEXT_XID = `select greatest(
  pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text::pg_catalog.int8,
  pg_catalog.pg_current_xact_id_if_assigned()::text::pg_catalog.int8 operator(pg_catalog.+) 1
)::text as xid`;

/** Back to the reader, and the id the next write will take: after the loader writes, and before a statement reads. */
export const AS_READER_NEXT_XID = `set role ${reader}; ${NEXT_XID}`;

/**
 * Every relation named like a JumpCloud table, in any schema, and what a statement could change
 * of one to alter what it holds or what loading it does: its kind and owner, triggers, rules,
 * row security, checks, indexes, child tables, privileges and columns.
 */
const DEFINITIONS = `select n.nspname as schema, c.relname as name, c.relkind as kind, c.relowner::text as owner,
  c.relhastriggers as triggers, c.relhasrules as rules, c.relrowsecurity as rls, c.relforcerowsecurity as force_rls,
  c.relchecks as checks, c.relhasindex as indexes, c.relhassubclass as children, c.relacl::text as acl,
  (select pg_catalog.string_agg(a.attname operator(pg_catalog.||) ' ' operator(pg_catalog.||) a.atttypid::text
      operator(pg_catalog.||) ' ' operator(pg_catalog.||) a.atttypmod::text operator(pg_catalog.||) ' '
      operator(pg_catalog.||) a.attnotnull::text operator(pg_catalog.||) a.atthasdef::text
      operator(pg_catalog.||) a.attgenerated::text operator(pg_catalog.||) a.attisdropped::text, ',' order by a.attnum)
    from pg_catalog.pg_attribute a
    where a.attrelid operator(pg_catalog.=) c.oid and a.attnum operator(pg_catalog.>) 0) as columns
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) c.relnamespace
where c.relname operator(pg_catalog.=) any ($1::pg_catalog.name[]) and c.relkind operator(pg_catalog.=) any ('{r,p,v,m,f}')
order by 1, 2`;

interface Definition {
  schema: string;
  name: string;
  [property: string]: unknown;
}

/**
 * Keeps the JumpCloud tables' rows the loader's, in one Postgres session.
 *
 * First line: statements run as READER_ROLE, which may not write the tables. But PGlite's session
 * user is the superuser, which a statement (dynamic SQL included) can take back with RESET ROLE,
 * SET ROLE or SET SESSION AUTHORIZATION. So, second line: before a statement reads the tables,
 * the next transaction id shows whether anything but the loader wrote since the loader did. If
 * so, every table's rows are reloaded (`epoch` moves), and the tables' definitions must still be
 * the ones they were made with (a trigger, rule, check or child table would survive a reload and
 * could plant rows during it) and no relation of a table's name in another schema may hide one
 * (a temporary table comes first in the search_path): else the statement is refused.
 */
export class ReadOnlyTables {
  readonly #db: SqlSession;
  readonly #schemas: ReadonlySet<string>;
  readonly #tableNames: readonly string[];
  #definitions: string | undefined;
  #nextXid: string | undefined;
  #epoch = 0;

  constructor(db: SqlSession, schemas: Iterable<string>, tableNames: Iterable<string>) {
    this.#db = db;
    this.#schemas = new Set(schemas);
    this.#tableNames = [...new Set(tableNames)];
  }

  /** Reloads are due when this moves: rows loaded in an earlier epoch are no longer trusted. */
  get epoch(): number {
    return this.#epoch;
  }

  /** SQL run as the owner once a schema's tables exist: the reader may use the schema and read them, no more. */
  static grantSql(schema: string, first: boolean): string[] {
    const quoted = quoteIdent(schema);
    return [
      // BYPASSRLS: a row-level policy can never hide rows from the reader.
      ...(first ? [`create role ${reader} nologin bypassrls;`] : []),
      // The user's own tables, views and functions stay possible, as before.
      `grant usage, create on schema ${quoted} to ${reader};`,
      `grant select on all tables in schema ${quoted} to ${reader};`,
    ];
  }

  /** Once every table exists: remembers their definitions, and from then on statements run as the reader. */
  async seal(): Promise<void> {
    this.#definitions = JSON.stringify(await this.#ownDefinitions());
    this.record(await this.#db.exec(AS_READER_NEXT_XID));
  }

  /** Remembers the result of AS_READER_NEXT_XID run after the loader's write (in its transaction). */
  record(results: EngineResult[]): void {
    this.#nextXid = nextXidOf(results);
  }

  /**
   * Before a statement reads the tables (and before loading them): takes the reader's role again,
   * and moves `epoch` if anything else wrote since the loader did. Inside a client's transaction
   * the loader's own rows are not trusted either, so the definitions are checked every time.
   * Throws when a definition was altered or a relation hides a table.
   */
  async verify(inTransaction: boolean): Promise<void> {
    const xid = nextXidOf(await this.#db.exec(AS_READER_NEXT_XID));
    const written = xid !== this.#nextXid;
    if (written) this.#epoch += 1;
    if (written || inTransaction) {
      if (JSON.stringify(await this.#ownDefinitions()) !== this.#definitions) throw alteredError();
      // Unchanged since: nothing to check again until the next foreign write.
      if (!inTransaction) this.#nextXid = xid;
    }
  }

  /** Our tables' definitions; throws if a relation elsewhere is named like one of them. */
  async #ownDefinitions(): Promise<Definition[]> {
    const [{ fields, rows: values } = { fields: [], rows: [] }] = await this.#db.exec(DEFINITIONS, [
      this.#tableNames,
    ]);
    const rows = values.map(
      (row) => Object.fromEntries(fields.map((field, index) => [field.name, row[index]])) as Definition,
    );
    const hiding = rows.find((row) => !this.#schemas.has(row.schema));
    if (hiding) throw hiddenError(hiding);
    return rows;
  }
}

/** The xid AS_READER_NEXT_XID answered (its last statement, one row, one column). */
const nextXidOf = (results: EngineResult[]): string => results[results.length - 1]!.rows[0]![0] as string;

const hiddenError = ({ schema, name }: Definition) =>
  new UserError(`${name} is hidden by ${schema}.${name}, which a statement made`, {
    sqlState: '42P07', // duplicate_table
    hint: `Drop ${schema}.${name}, or name the schema (public.${name})`,
  });
