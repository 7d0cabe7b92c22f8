import { parseSync } from 'libpg-query';
import {
  allColumns,
  type PlannedScan,
  type PlannerOptions,
  planScript,
  type Qual,
  readOnlyError,
  type StatementPlan,
  shadowError,
  type TableDef,
} from '../../sdk/index.js';
import { identifiers, scanStatements, type Token, writeTargets } from './sqlite-sql.js';

/**
 * Plans SQLite SQL. Most of what SQLite users write parses as Postgres (`json_extract(x, '$.a')`,
 * `x ->> '$.a'`, `json_each(t.col)`), so the shared planner pushes quals and limits as it does for
 * the Postgres engine. Planning is only an optimisation, so a script the Postgres parser refuses
 * still runs: every JumpCloud table it names is fetched whole. Either way, a table the statement
 * names that the plan does not cover (`main.jumpcloud_user`, say) is fetched whole too.
 */
export function planSqliteScript(sql: string, options: PlannerOptions): StatementPlan[] {
  const scanned = scanStatements(sql);
  if (!parsesAsPostgres(sql)) return scanned.map((statement) => planScanned(statement, [], options));
  const planned = planScript(sql, options);
  // Both split at top-level semicolons; should they ever disagree, trust SQLite's lexical rules.
  if (planned.length !== scanned.length)
    return scanned.map((statement) => planScanned(statement, [], options));
  return planned.map((plan, index) =>
    planScanned({ ...scanned[index]!, sql: plan.sql }, sqliteScans(plan.scans), options),
  );
}

/** The scans with SQLite's quals, each dependency naming its driver's new scan. */
function sqliteScans(scans: readonly PlannedScan[]): PlannedScan[] {
  const mapped = new Map(scans.map((scan) => [scan, sqliteScan(scan)]));
  for (const scan of mapped.values()) {
    const driver = scan.dependency && mapped.get(scan.dependency.driver);
    if (scan.dependency && driver) scan.dependency = { ...scan.dependency, driver };
  }
  return [...mapped.values()];
}

function parsesAsPostgres(sql: string): boolean {
  try {
    parseSync(sql);
    return true;
  } catch {
    return false;
  }
}

/** SQLite's LIKE ignores ASCII case, so a LIKE qual is pushed as ILIKE (which matches at least as much). */
const CASE_INSENSITIVE: Partial<Record<Qual['operator'], Qual['operator']>> = { '~~': '~~*', '!~~': '!~~*' };

function sqliteScan(scan: PlannedScan): PlannedScan {
  const timestamps = new Set(
    scan.table.columns.filter((column) => column.type === 'timestamp').map((column) => column.name),
  );
  return {
    ...scan,
    quals: scan.quals.map((qual) =>
      timestamps.has(qual.column)
        ? widenedByADay(qual)
        : { ...qual, operator: CASE_INSENSITIVE[qual.operator] ?? qual.operator },
    ),
  };
}

const DAY_MS = 86_400_000;

/**
 * SQLite keeps timestamps as RFC 3339 text and compares them as text: `timestamp > '2026-05-01
 * 10:00'` or `> datetime('now', '-7 days')` (a space, not a T) let through rows of that whole day
 * that a time comparison would not. A pushed time bound is widened by a day to read them too.
 */
function widenedByADay(qual: Qual): Qual {
  const ms = Date.parse(String(qual.values[0]));
  if (Number.isNaN(ms)) return qual;
  if (qual.operator === '>' || qual.operator === '>=')
    return { ...qual, operator: '>=', values: [new Date(ms - DAY_MS).toISOString()] };
  if (qual.operator === '<' || qual.operator === '<=')
    return { ...qual, operator: '<=', values: [new Date(ms + DAY_MS).toISOString()] };
  return qual;
}

/** Adds a whole-table scan for every JumpCloud table the statement names that `scans` does not cover. */
function planScanned(
  statement: { sql: string; tokens: Token[] },
  scans: PlannedScan[],
  options: PlannerOptions,
): StatementPlan {
  for (const { name, created } of writeTargets(statement.tokens)) {
    if (options.tables.has(name))
      throw created ? shadowError(name, options.wording) : readOnlyError(name, options.wording);
  }
  const covered = new Set(scans.map((scan) => `${scan.connection ?? ''}.${scan.table.name}`));
  const names = identifiers(statement.tokens);
  const star = usesStar(statement.tokens);
  const extra: PlannedScan[] = [];
  for (const { table, connection } of namedTables(statement.tokens, options)) {
    const key = `${connection ?? ''}.${table.name}`;
    if (covered.has(key)) continue;
    covered.add(key);
    const columns = star
      ? 'all'
      : new Set(allColumns(table).flatMap((column) => (names.has(column.name) ? [column.name] : [])));
    extra.push({ table, connection, quals: [], columns, limit: undefined });
  }
  return { sql: statement.sql, scans: [...scans, ...extra] };
}

/** Every JumpCloud table a statement names, with the connection its schema qualifier stands for. */
function namedTables(
  tokens: readonly Token[],
  options: PlannerOptions,
): Array<{ table: TableDef; connection: string | undefined }> {
  const found: Array<{ table: TableDef; connection: string | undefined }> = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'word' && token.kind !== 'quoted') return;
    const table = options.tables.get(token.text);
    if (!table) return;
    const qualifier = tokens[index - 1]?.text === '.' ? tokens[index - 2]?.text : undefined;
    const connection = qualifier && options.connectionSchemas?.has(qualifier) ? qualifier : undefined;
    found.push({ table, connection });
  });
  return found;
}

/** `select *`, `, *` and `t.*` use every column; `count(*)` does not. */
const usesStar = (tokens: readonly Token[]): boolean =>
  tokens.some(
    (token, index) =>
      token.text === '*' && ['select', ',', '.', 'distinct', 'all'].includes(tokens[index - 1]?.text ?? ''),
  );
