import { collect, type Node, nodeOf, stringOf } from './planner-ast.js';

/**
 * What a statement may leave in its Postgres session once its transaction is over:
 * - `none`: nothing (a query, SHOW, a transaction's own statements);
 * - `state`: settings, prepared statements, cursors or locks, which a connection pool can read
 *   back and make again on another server session;
 * - `objects`: objects in the database itself (tables, functions, temporary objects, LISTEN,
 *   rows), which stay where they were made.
 * Only a statement's text is read, so the answer is the most it may do, never less.
 */
export type SessionEffect = 'none' | 'state' | 'objects';

const RANK: Record<SessionEffect, number> = { none: 0, state: 1, objects: 2 };

/** The larger of two effects. */
export const largerEffect = (a: SessionEffect, b: SessionEffect): SessionEffect =>
  RANK[a] >= RANK[b] ? a : b;

/** Statements that change only the session's own state. */
const STATE_STATEMENTS = new Set([
  'VariableSetStmt',
  'PrepareStmt',
  'DeallocateStmt',
  'ExecuteStmt',
  'DeclareCursorStmt',
  'DiscardStmt',
]);

/** Statements that leave nothing (TransactionStmt: not the two-phase ones, see below). */
const INERT_STATEMENTS = new Set(['VariableShowStmt', 'FetchStmt', 'ClosePortalStmt', 'TransactionStmt']);

/** Writes, whose rows (in a table the session made) stay in the database. */
const WRITES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/**
 * Built-in functions a query may call that change session state or make objects: settings, the
 * random seed, sequences, large objects, advisory locks and the like (`pg_…`), and those that run
 * SQL given as text. A function of another schema than pg_catalog may do anything.
 */
const STATEFUL_FUNCTION =
  /^(?:set_config|setseed|nextval|setval|lo_.*|be_lo_.*|loread|lowrite|pg_.*|txid_.*|dblink.*|(?:query|cursor|table|schema|database)_to_xml.*|ts_stat)$/;

/** The effect of one parsed statement (a node of libpg-query's tree). */
export function sessionEffect(stmt: Node | undefined): SessionEffect {
  if (!stmt) return 'none';
  const [kind] = Object.keys(stmt);
  if (kind === 'TransactionStmt') {
    const transaction = nodeOf(stmt, 'TransactionStmt')!;
    const twoPhase = transaction.kind?.endsWith('_PREPARED') || transaction.kind === 'TRANS_STMT_PREPARE';
    return twoPhase ? 'objects' : 'none';
  }
  if (kind === 'SelectStmt' && nodeOf(stmt, 'SelectStmt')!.intoClause) return 'objects';
  if (kind === 'CopyStmt') {
    const copy = nodeOf(stmt, 'CopyStmt')!;
    if (copy.is_from) return 'objects';
    return copy.query ? queryEffect(copy.query) : 'none';
  }
  if (kind === 'ExplainStmt') return queryEffect(nodeOf(stmt, 'ExplainStmt')!.query);
  if (kind === 'SelectStmt') return queryEffect(stmt);
  if (kind && INERT_STATEMENTS.has(kind)) return 'none';
  if (kind && STATE_STATEMENTS.has(kind)) return largerEffect('state', queryEffect(stmt));
  return 'objects';
}

/** A query's effect: what its data-modifying parts and its function calls may do. */
function queryEffect(query: Node | undefined): SessionEffect {
  if (!query) return 'none';
  let effect: SessionEffect = 'none';
  for (const kind of WRITES) if (collect(query, kind as 'InsertStmt').length > 0) return 'objects';
  if (collect(query, 'IntoClause').length > 0) return 'objects';
  for (const call of collect(query, 'FuncCall')) {
    const names = (call.funcname ?? []).map((name) => stringOf(name) ?? '');
    const name = names[names.length - 1] ?? '';
    const schema = names.length > 1 ? names[0] : undefined;
    if ((schema !== undefined && schema !== 'pg_catalog') || STATEFUL_FUNCTION.test(name.toLowerCase()))
      effect = 'state';
  }
  return effect;
}
