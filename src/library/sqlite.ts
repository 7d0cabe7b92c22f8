/**
 * `jcsql/sqlite`: the JumpCloud tables in a better-sqlite3 database you own.
 *
 * ```ts
 * import Database from 'better-sqlite3';
 * import { attachJumpCloud } from 'jcsql/sqlite';
 *
 * const db = new Database('app.db');
 * const jumpcloud = await attachJumpCloud(db, { apiKey: process.env.JUMPCLOUD_API_KEY });
 * db.prepare("select username from jumpcloud_user where mfa ->> '$.configured' = 0").all();
 * ```
 */
import type { Database } from 'better-sqlite3';
import { environmentConnection } from '../config/index.js';
import { connectOne } from '../connect/index.js';
import { identifiers, scanStatements } from '../engines/sqlite/sqlite-sql.js';
import { loadWholeTables, SqliteTableStore } from '../engines/sqlite/sqlite-store.js';
import { tableNamed } from '../engines/suggest.js';
import { quoteIdent } from '../engines/table-store.js';
import { UserError } from '../errors.js';
import type { TableDef } from '../sdk/index.js';
import { tables as allTables, tablesByName } from '../tables/index.js';

export {
  type SqliteType,
  type SqliteValue,
  sqliteType,
  toSqliteValue,
} from '../engines/sqlite/sqlite-types.js';

export interface AttachOptions {
  /** The JumpCloud API key; default: the JUMPCLOUD_API_KEY environment variable. */
  apiKey?: string;
  /** For multi-tenant (MTP) admins: the organization to read; default: JUMPCLOUD_ORG_ID. */
  orgId?: string;
  /**
   * The console origin; default: JUMPCLOUD_API_URL, else https://console.jumpcloud.com (EU:
   * https://console.eu.jumpcloud.com). Checked as jcsql checks JUMPCLOUD_API_URL: https, or
   * http to localhost only, and no path.
   */
  apiUrl?: string;
  /** The tables to attach; default: all of them. */
  tables?: readonly string[];
  /** Seconds a loaded table stays fresh for `query()` (and fetched rows are reused); default 300. */
  cacheTtl?: number;
  /** The schema the tables are attached as; default `jumpcloud` (so `jumpcloud.jumpcloud_user` works too). */
  schema?: string;
  /** How many API requests may be in flight at once; default 10. */
  maxConcurrency?: number;
  signal?: AbortSignal;
}

/** What `attachJumpCloud` hands back: the attached tables and how to bring them up to date. */
export interface JumpCloudAttachment {
  /** The schema holding the tables. */
  readonly schema: string;
  /** The names of the attached tables. */
  readonly tables: readonly string[];
  /** HTTP requests sent to JumpCloud so far (retries included). */
  readonly apiCalls: number;
  /** Fetches the named tables (default: all attached) again, ignoring cached rows, and reloads them. */
  refresh(tables?: readonly string[]): Promise<void>;
  /** Refreshes the attached tables one statement names that are older than `cacheTtl`, then runs it with `params`. */
  query<Row = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<Row[]>;
  /** Detaches the schema; the user's own database is left as it was. */
  detach(): void;
}

/**
 * Attaches the JumpCloud tables to `db` as ordinary tables in an in-memory schema (nothing is
 * written to the user's file) and loads them, whole, so that plain synchronous better-sqlite3
 * queries — joins with the user's own tables included — see the directory as it is now.
 */
export async function attachJumpCloud(
  db: Database,
  options: AttachOptions = {},
): Promise<JumpCloudAttachment> {
  // As `jcsql query` reads JUMPCLOUD_* (trimmed, checked, never quoting the key), the options in their place.
  const connection = environmentConnection(process.env, {
    apiKey: options.apiKey,
    orgId: options.orgId,
    apiUrl: options.apiUrl,
  });
  if (!connection.apiKey)
    throw new UserError('No JumpCloud API key', { hint: 'Pass apiKey, or set JUMPCLOUD_API_KEY' });
  const selected = selectTables(options.tables);
  const schema = options.schema ?? 'jumpcloud';
  const ttlSeconds = options.cacheTtl ?? 300;
  const connections = connectOne({
    ...connection,
    maxConcurrency: options.maxConcurrency ?? connection.maxConcurrency,
    cacheTtlSeconds: ttlSeconds,
    cache: true,
  });
  const handle = connections.default[0]!;

  db.exec(`attach database ':memory:' as ${quoteIdent(schema)}`);
  const store = new SqliteTableStore(db, schema);
  const loadedAt = new Map<string, number>();
  const load = async (which: readonly TableDef[]) => {
    const started = Date.now();
    await loadWholeTables(store, which, connections, { signal: options.signal });
    for (const table of which) loadedAt.set(table.name, started);
  };
  try {
    store.create(selected);
    await load(selected);
  } catch (error) {
    db.exec(`detach database ${quoteIdent(schema)}`);
    throw error;
  }

  const attached = new Map(selected.map((table) => [table.name, table]));
  return {
    schema,
    tables: selected.map((table) => table.name),
    get apiCalls() {
      return connections.requests.count;
    },
    async refresh(names) {
      handle.cache.clear();
      await load(names ? selectTables(names, attached) : selected);
    },
    async query<Row>(sql: string, ...params: unknown[]) {
      const named = scanStatements(sql).flatMap((statement) => [...identifiers(statement.tokens)]);
      const stale = [...new Set(named)]
        .map((name) => attached.get(name))
        .filter((table): table is TableDef => table !== undefined)
        .filter((table) => Date.now() - (loadedAt.get(table.name) ?? 0) >= ttlSeconds * 1000);
      if (stale.length > 0) await load(stale);
      const statement = db.prepare(sql);
      if (!statement.reader) {
        statement.run(...params);
        return [];
      }
      return statement.all(...params) as Row[];
    },
    detach() {
      db.exec(`detach database ${quoteIdent(schema)}`);
    },
  };
}

function selectTables(
  names: readonly string[] | undefined,
  from: ReadonlyMap<string, TableDef> = tablesByName,
): TableDef[] {
  if (!names) return [...allTables].filter((table) => from.has(table.name));
  return [...new Set(names)].map((name) => tableNamed(name, from.values(), { noun: 'attached table' }));
}
