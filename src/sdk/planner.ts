import { loadModule, parseSync } from 'libpg-query';
import { UserError } from '../errors.js';
import type { ParseResult } from './planner-ast.js';
import type { PlannerOptions, StatementPlan } from './planner-options.js';
import { planStatement, selectsColumns } from './planner-plan.js';
import { sessionEffect } from './session-effect.js';

/**
 * The planner: parses SQL with libpg-query and finds, for each statement, the scans of the tables
 * it reads. Its parts: planner-guard (the read-only guard), planner-quals (quals and constants),
 * planner-joins (keys through joins), planner-plan (plan assembly), over the typed tree helpers
 * of planner-ast.
 */
export { walk } from './planner-ast.js';
export { readOnlyError, shadowError } from './planner-guard.js';
export type {
  JoinDependency,
  PlannedScan,
  PlannerOptions,
  ProductWording,
  StatementPlan,
} from './planner-options.js';
export { planStatement } from './planner-plan.js';
export { isExact, MAX_PUSHED_VALUES, parseArrayLiteral } from './planner-quals.js';

let loaded: Promise<void> | undefined;
/** libpg-query's WASM must be loaded once before parseSync. */
export const loadParser = (): Promise<void> => {
  loaded ??= loadModule();
  return loaded;
};

/** Parses a script into statements and plans each; a syntax error becomes a UserError with its position. */
export function planScript(sql: string, options: PlannerOptions): StatementPlan[] {
  let parsed: ParseResult;
  try {
    parsed = parseSync(sql);
  } catch (error) {
    throw syntaxError(sql, error);
  }
  return (parsed.stmts ?? []).map(({ stmt, stmt_location = 0, stmt_len }) => {
    const text = (
      stmt_len === undefined || stmt_len === 0
        ? sql.slice(stmt_location)
        : sql.slice(stmt_location, stmt_location + stmt_len)
    ).trim();
    const scans = stmt === undefined ? [] : planStatement(stmt, options);
    return { sql: text, scans, selectsColumns: selectsColumns(stmt), effect: sessionEffect(stmt) };
  });
}

/** The kind of the one statement a text holds (`PrepareStmt`, `SelectStmt`, …); undefined for none, several, or bad SQL. */
export function onlyStatementKind(sql: string): string | undefined {
  let parsed: ParseResult;
  try {
    parsed = parseSync(sql);
  } catch {
    return undefined;
  }
  const [only, ...more] = parsed.stmts ?? [];
  return only?.stmt && more.length === 0 ? Object.keys(only.stmt)[0] : undefined;
}

/** SQL the parser refused; Postgres itself would refuse it too. */
export class SqlSyntaxError extends UserError {
  override name = 'SqlSyntaxError';
}

function syntaxError(sql: string, error: unknown): UserError {
  const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
  const message = error instanceof Error ? error.message : String(error);
  if (details?.cursorPosition === undefined) return new SqlSyntaxError(`SQL error: ${message}`);
  const before = sql.slice(0, details.cursorPosition);
  const line = before.split('\n').length;
  const column = details.cursorPosition - before.lastIndexOf('\n');
  return new SqlSyntaxError(`SQL error: ${message} (line ${line}, column ${column})`);
}
