import { onlyStatementKind } from '../../sdk/index.js';
import type { PostgresEngine } from '../postgres/postgres-engine.js';
import { READER_ROLE } from '../postgres/read-only-tables.js';
import { concat, messageType, queryMessage, splitMessages } from './protocol.js';

/**
 * What a client's session holds in Postgres that must follow it from one pooled engine to another
 * (engine-pool.ts): its settings and its SQL-level prepared statements. Protocol-level prepared
 * statements are the session's to remake (client-session.ts): it saw every Parse. Temporary and
 * other objects, WITH HOLD cursors, LISTEN, advisory locks and large objects cannot be moved; a
 * session holding any keeps its engine.
 */
export interface SessionState {
  /** Settings the session made (source `session`), by name, in the form `SET` takes. */
  settings: ReadonlyArray<readonly [name: string, value: string]>;
  /** SQL-level PREPARE statements, each as written. */
  prepares: readonly string[];
}

/** The state of a session that has done nothing yet: the reader's role (read-only-tables.ts), and what its startup asked for. */
export function initialState(startupSettings: Record<string, string>): SessionState {
  return { settings: [...Object.entries(startupSettings), ['role', READER_ROLE]], prepares: [] };
}

/** Whether a state is that of a fresh engine, where nothing need be applied. */
export function isFreshState(state: SessionState): boolean {
  const [only, ...more] = state.settings;
  return state.prepares.length === 0 && more.length === 0 && only?.[0] === 'role' && only[1] === READER_ROLE;
}

/**
 * Reads the state of the session on `engine` (idle, not in a transaction); undefined when it
 * cannot be moved: the session must keep this engine.
 */
export async function captureState(engine: PostgresEngine): Promise<SessionState | undefined> {
  const [settings, prepared, unmovable] = await engine.queryAll(CAPTURE_SQL);
  if (unmovable!.rows[0]![0] === true) return undefined;
  const prepares: string[] = [];
  for (const [statement] of prepared!.rows as Array<[string]>) {
    // PREPARE in a script of several statements: Postgres keeps the whole script, which cannot be run again.
    if (onlyStatementKind(statement) !== 'PrepareStmt') return undefined;
    prepares.push(statement);
  }
  return { settings: settings!.rows as Array<[string, string]>, prepares };
}

/**
 * The settings, SQL-level prepared statements and what cannot move (one result each). Qualified,
 * as read-only-tables.ts's SQL is: nothing a client made can stand in for these.
 */
const CAPTURE_SQL = `select name, pg_catalog.current_setting(name) from pg_catalog.pg_settings
  where source operator(pg_catalog.=) 'session';
select statement from pg_catalog.pg_prepared_statements where from_sql;
select exists (select from pg_catalog.pg_cursors where is_holdable)
  or exists (select from pg_catalog.pg_locks where locktype operator(pg_catalog.=) 'advisory'
    and pid operator(pg_catalog.=) pg_catalog.pg_backend_pid())
  or exists (select from pg_catalog.pg_largeobject_metadata)
  or exists (select from pg_catalog.pg_listening_channels())
  or (pg_catalog.pg_my_temp_schema() operator(pg_catalog.<>) 0
    and exists (select from pg_catalog.pg_class where relnamespace operator(pg_catalog.=) pg_catalog.pg_my_temp_schema()))`;

/**
 * Everything DISCARD ALL resets, as statements that may share one script (DISCARD ALL may not):
 * an engine another session used starts as a fresh one would. ROLLBACK first ends a transaction
 * its client left open (outside one it only warns).
 */
const RESET_SQL = `rollback; close all; set session authorization default; reset all; deallocate all; unlisten *;
select pg_catalog.pg_advisory_unlock_all(); discard plans; discard sequences; discard temp`;

/**
 * Makes `state` the session on `engine`: first resets what another session left there (when
 * `reset`), then applies the settings (the role last, as it may forbid the others) and remakes
 * the SQL-level prepared statements.
 */
export async function applyState(engine: PostgresEngine, state: SessionState, reset: boolean): Promise<void> {
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const ordered = [
    ...state.settings.filter(([name]) => name !== 'role'),
    ...state.settings.filter(([name]) => name === 'role'),
  ];
  const script = [
    ...(reset ? [RESET_SQL] : []),
    ...(ordered.length > 0
      ? [
          `select pg_catalog.set_config(s.name, s.value, false) from (values ${ordered
            .map(([name, value]) => `(${literal(name)}, ${literal(value)})`)
            .join(', ')}) as s (name, value)`,
        ]
      : []),
  ];
  if (script.length > 0) await engine.queryAll(script.join(';\n'));
  // Each PREPARE in a Query of its own: Postgres keeps the whole text of the Query it came in.
  if (state.prepares.length > 0) {
    const response = await engine.execProtocolRaw(concat(state.prepares.map(queryMessage)));
    if (splitMessages(response).messages.some((message) => messageType(message) === 'E'))
      throw new Error('a prepared statement could not be made again on another engine');
  }
}
