import type { RangeVar } from '@pgsql/types';
import type { Qual } from './quals.js';
import type { SessionEffect } from './session-effect.js';
import type { TableDef } from './table.js';

/** One scan the engine must load before running a statement. */
export interface PlannedScan {
  table: TableDef;
  /** Set when the query names the table through a connection's schema (`conn.some_table`). */
  connection: string | undefined;
  quals: Qual[];
  columns: Set<string> | 'all';
  limit: number | undefined;
  /**
   * Read by the keys of another scan's rows (a join's equality, docs/joins.md): the engine
   * fetches `driver` first, then this scan with `column = IN (keys)` added to its quals, or
   * without them when there are more keys than reading by key is worth.
   */
  dependency?: JoinDependency;
}

/** `column` of a scan's table takes the values of `driverColumn` in the rows of `driver`. */
export interface JoinDependency {
  column: string;
  driver: PlannedScan;
  driverColumn: string;
  /**
   * The driving occurrence's own constant quals: every row of it that counts passes them, even
   * when its scan reads more (the whole table, for another occurrence that wants it all).
   */
  driverQuals: readonly Qual[];
}

export interface StatementPlan {
  /** The statement's own text (a file may hold several). */
  sql: string;
  /** Every distinct scan; several for one table when its occurrences want different rows. */
  scans: PlannedScan[];
  /**
   * A SELECT (or VALUES) whose result has columns whatever the data: a target other than `*`.
   * An engine that answers it with no columns at all has failed without saying so.
   */
  selectsColumns?: boolean;
  /** What the statement may leave in its session (session-effect.ts): a connection pool's concern. */
  effect?: SessionEffect;
}

/**
 * The caller's words for its refusals: the planner knows no product. With product `acme`, service
 * `Acme` and an example: "t is read-only: acme never writes to Acme".
 */
export interface ProductWording {
  /** The tool the user runs. */
  product: string;
  /** What the tables read (an API, a service). */
  service: string;
  /** A statement that copies one of the tables under another name, for hints. */
  copyExample: string;
}

export interface PlannerOptions {
  tables: ReadonlyMap<string, TableDef>;
  /** How refusals name the product and the service it reads. */
  wording: ProductWording;
  /** Schemas that stand for a connection (connection and aggregator names). */
  connectionSchemas?: ReadonlySet<string>;
  /**
   * false: fetch everything (no quals, no limit, whole items with every hydrate) — for the
   * differential tests and `--no-pushdown`.
   */
  pushdown?: boolean;
  /** Values of `$1`, `$2`, … (text, as a Bind message carries them); unknown ones are not pushed. */
  params?: readonly unknown[];
  /** The current time for now() and friends in pushed time ranges (ms since epoch); default: the clock. */
  now?: number;
}

/**
 * The table (and the connection its schema stands for) a relation names, or undefined when it
 * names none of the tables: another schema, or a CTE of the same name (`cteNames`).
 */
export function resolveRelation(
  relation: RangeVar,
  options: PlannerOptions,
  cteNames: ReadonlySet<string>,
): { table: TableDef; connection: string | undefined } | undefined {
  const name = relation.relname;
  const table = name === undefined ? undefined : options.tables.get(name);
  if (!table || name === undefined) return undefined;
  const schema = relation.schemaname;
  if (schema === undefined && cteNames.has(name)) return undefined;
  let connection: string | undefined;
  if (schema !== undefined && schema !== 'public') {
    if (!options.connectionSchemas?.has(schema)) return undefined;
    connection = schema;
  }
  return { table, connection };
}
