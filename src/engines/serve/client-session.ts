import { UserError } from '../../errors.js';
import { SqlSyntaxError, type StatementPlan } from '../../sdk/index.js';
import { StatementScope } from '../engine.js';
import type { PostgresEngine } from '../postgres/postgres-engine.js';
import {
  answeredInFull,
  backendKeyData,
  type ErrorFields,
  errorResponse,
  lastReadyStatus,
  messageType,
  parseBind,
  parseParse,
  parseQuery,
  queryMessage,
  readyForQuery,
  splitMessages,
  startupMessage,
  warningResponse,
} from './protocol.js';

/** Client startup parameters PGlite should not see: it has one user and one database of its own. */
const OWN_PARAMETERS = new Set(['user', 'database', 'replication', 'options']);

/** What a client sees of an error jcsql did not make on purpose (SQLSTATE XX000); the detail goes to the debug log. */
export const INTERNAL_ERROR = 'internal error in jcsql serve (the server log has the details with --debug)';

/** Postgres's words (SQLSTATE 57014) for a statement stopped by `statement_timeout`. */
export const STATEMENT_TIMEOUT = 'canceling statement due to statement timeout';

/** Postgres's words (SQLSTATE 57014) for a statement stopped by a CancelRequest. */
export const USER_CANCEL = 'canceling statement due to user request';

/** The detail of a 57014 whose statement was stopped inside Postgres: its engine was replaced. */
export const SESSION_RESET =
  'the statement was stopped by ending its embedded Postgres; this session continues on a fresh one, without its temporary tables, prepared statements, cursors and settings';

/**
 * One client's session: its own PGlite (so SET, temporary objects, transactions and cursors are
 * never shared), fed by the same plan → fetch → load hook as `jcsql query` before each statement.
 * Extended-protocol messages are held until Sync (or Flush), when the Bind values are known and
 * can be pushed down; then the client's messages go to Postgres as they were.
 */
export class ClientSession {
  readonly processId: number;
  readonly secret: number;
  #status: 'I' | 'T' | 'E' = 'I';
  readonly #statements = new Map<string, string>();
  #batch: Uint8Array[] = [];
  #abort = new AbortController();
  #closing: Promise<void> | undefined;
  /** The client's startup parameters, replayed on a fresh engine after an interrupted statement. */
  #startupParams: Record<string, string> = {};
  /** A fresh engine being opened after an interrupted statement: the next message waits for it. */
  #reopening: Promise<void> | undefined;

  /** The server's statement timeout (`jcsql serve --query-timeout`), for a session whose own is 0. */
  readonly #defaultTimeoutMs: number;
  /** Where the details of internal errors go (`jcsql serve --debug`); nowhere by default. */
  readonly #debug: (line: string) => void;

  constructor(
    readonly engine: PostgresEngine,
    ids: { processId: number; secret: number },
    options: { statementTimeoutMs?: number | undefined; debug?: ((line: string) => void) | undefined } = {},
  ) {
    this.processId = ids.processId;
    this.secret = ids.secret;
    this.#defaultTimeoutMs = options.statementTimeoutMs ?? 0;
    this.#debug = options.debug ?? (() => {});
  }

  /** Starts the Postgres session; returns its ParameterStatus messages and our BackendKeyData. */
  async start(clientParams: Record<string, string>): Promise<Uint8Array> {
    this.#startupParams = Object.fromEntries(
      Object.entries(clientParams).filter(([key]) => !OWN_PARAMETERS.has(key)),
    );
    const response = await this.#startEngine();
    const kept = splitMessages(response).messages.filter((message) => messageType(message) === 'S');
    return concat([...kept, backendKeyData(this.processId, this.secret)]);
  }

  /** Starts the Postgres session on the engine; returns PGlite's answer to the startup. */
  async #startEngine(): Promise<Uint8Array> {
    const params = this.#startupParams;
    const response = await this.engine.execProtocolRaw(
      startupMessage({ ...params, user: 'postgres', database: 'postgres' }),
    );
    // PGlite ignores settings in the startup packet; statement_timeout (node-postgres sends its
    // `statement_timeout` there) is set here, so each statement honours it.
    if (params.statement_timeout !== undefined) {
      await this.engine
        .query("select set_config('statement_timeout', $1, false)", [params.statement_timeout])
        .catch((error: { message?: string; code?: string }) => {
          throw Object.assign(new UserError(error.message ?? String(error)), { code: error.code ?? '22023' });
        });
    }
    return response;
  }

  /** Handles one client message; returns the bytes to send back, or undefined while a batch is open. */
  async handle(message: Uint8Array): Promise<Uint8Array | undefined> {
    if (this.#reopening) {
      // A fresh engine that could not open fails the session, as one that could not start.
      await this.#reopening;
      this.#reopening = undefined;
    }
    switch (messageType(message)) {
      case 'Q':
        return this.#run([message], [{ sql: parseQuery(message), params: [] }]);
      case 'P': {
        const { name, sql } = parseParse(message);
        this.#statements.set(name, sql);
        this.#batch.push(message);
        return undefined;
      }
      case 'S':
      case 'H': {
        this.#batch.push(message);
        const batch = this.#batch;
        this.#batch = [];
        const binds = batch
          .filter((part) => messageType(part) === 'B')
          .map((part) => parseBind(part))
          .flatMap(({ statement, params }) => {
            const sql = this.#statements.get(statement);
            return sql === undefined ? [] : [{ sql, params }];
          });
        return this.#run(batch, binds);
      }
      case 'B':
      case 'D':
      case 'E':
      case 'C':
        this.#batch.push(message);
        return undefined;
      default:
        // COPY data, function calls: straight through.
        return this.#forward([message]);
    }
  }

  /** Stops the statement in progress, its fetch or its run in Postgres (a CancelRequest, or the client went away). */
  cancel(): void {
    this.#abort.abort(new UserError(USER_CANCEL));
  }

  /**
   * Fetches and loads what the statements need, then hands the client's messages to Postgres;
   * a cancel or the statement timeout stops either step, with 57014.
   */
  async #run(
    messages: Uint8Array[],
    statements: Array<{ sql: string; params: unknown[] }>,
  ): Promise<Uint8Array> {
    this.#abort = new AbortController();
    const scope = new StatementScope({
      signal: this.#abort.signal,
      timeout: { ms: await this.#statementTimeoutMs(), error: () => new UserError(STATEMENT_TIMEOUT) },
    });
    // A table's notices (a default time window it applied) reach the client as WARNINGs, before its answer.
    const notices: Uint8Array[] = [];
    const answer = async (response: Promise<Uint8Array>) => concat([...notices, await response]);
    try {
      if (this.#status !== 'E' && statements.length > 0) {
        try {
          const plans = statements.flatMap(({ sql, params }): StatementPlan[] =>
            this.engine.plan(sql, params),
          );
          if (plans.some((plan) => plan.scans.length > 0))
            await this.engine.prepare(plans, {
              signal: scope.signal,
              inTransaction: this.#status === 'T',
              notice: (text) => notices.push(warningResponse(text)),
            });
        } catch (error) {
          if (this.engine.interrupted) return this.#interrupted(scope.failure(error));
          // Postgres reports its own syntax errors, in its own words and position.
          if (!(error instanceof SqlSyntaxError))
            return await answer(this.#forward([queryMessage(raiseSql(this.#masked(scope.failure(error))))]));
        }
      }
      return await answer(this.#forward(messages, scope.signal));
    } catch (error) {
      if (this.engine.interrupted) return this.#interrupted(scope.failure(error));
      throw error;
    } finally {
      scope.close();
    }
  }

  /**
   * A statement was stopped inside Postgres, which ended its engine: the client is told at once
   * (57014, with what it lost in the detail) and ready for its next statement, which waits for the
   * fresh engine this session goes on with (there is no transaction left to fail).
   */
  #interrupted(reason: unknown): Uint8Array {
    if (this.#closing) throw reason; // the session is ending (client gone, server stopping): nothing to reopen
    this.#status = 'I';
    this.#statements.clear();
    this.#batch = [];
    const reopening = (async () => {
      await this.engine.reopen();
      await this.#startEngine();
    })();
    reopening.catch(() => {}); // awaited by the next message, which fails the session with it
    this.#reopening = reopening;
    return concat([
      errorResponse({ ...errorFields(this.#masked(reason)), detail: SESSION_RESET }),
      readyForQuery('I'),
    ]);
  }

  /**
   * The session's statement_timeout (SET by the client, or sent at startup), else the server's.
   * PGlite keeps the setting but cannot enforce it (it has no timer signals); the scope of each
   * statement does. In a failed transaction (which runs nothing but its end) the server's.
   */
  async #statementTimeoutMs(): Promise<number> {
    const own =
      this.#status === 'E'
        ? 0
        : Number(
            (
              await this.engine.query(
                "select setting::int as ms from pg_settings where name = 'statement_timeout'",
              )
            ).rows[0]?.[0] ?? 0,
          );
    return own > 0 ? own : this.#defaultTimeoutMs;
  }

  async #forward(messages: Uint8Array[], signal?: AbortSignal): Promise<Uint8Array> {
    const response = await this.engine.execProtocolRaw(concat(messages), signal);
    // PGlite, when a statement overflows its WASM stack, answers without a result or without
    // ReadyForQuery (the client would wait forever), and is damaged after: the session fails, and
    // its connection ends with that reason.
    if (!answeredInFull(messages, response))
      throw new UserError('the embedded Postgres gave no complete answer (a statement nested too deeply?)');
    this.#status = lastReadyStatus(response) ?? this.#status;
    return response;
  }

  /**
   * The error as the client may see it: one made on purpose (ours, or Postgres's own with its
   * SQLSTATE) as it is; anything else, whose text may say what no client should read, as
   * INTERNAL_ERROR, its detail only in the debug log.
   */
  #masked(error: unknown): UserError | PostgresError {
    if (error instanceof UserError || isPostgresError(error)) return error;
    this.#debug(
      `session ${this.processId}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return new UserError(INTERNAL_ERROR, { sqlState: 'XX000' });
  }

  /** Ends the session; safe to call more than once (client gone, and server stopping). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.cancel();
      await this.#reopening?.catch(() => {}); // its engine is the one closed next
      await this.engine.close();
    })();
    return this.#closing;
  }
}

/** What the client is told of an error: its SQLSTATE, message and hint. */
function errorFields(error: UserError | PostgresError): ErrorFields {
  // A cancel and a statement timeout: 57014, query_canceled, as Postgres reports both.
  const cancelled = error instanceof UserError && error.message.startsWith('canceling statement');
  const code = cancelled ? '57014' : error instanceof UserError ? (error.sqlState ?? 'HV000') : error.code;
  return { code, message: error.message, hint: error.hint };
}

/**
 * A statement that makes Postgres raise our error, so the client sees an ordinary ErrorResponse
 * and a transaction in progress is marked failed, exactly as if the query itself had failed.
 */
function raiseSql(error: UserError | PostgresError): string {
  const { code, message, hint } = errorFields(error);
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const using = [
    `errcode = ${literal(code)}`,
    `message = ${literal(message)}`,
    ...(hint ? [`hint = ${literal(hint)}`] : []),
  ];
  return `do $jcsql$ begin raise exception using ${using.join(', ')}; end $jcsql$`;
}

/** An error Postgres (PGlite) raised, with its SQLSTATE: PGlite's DatabaseError, which it does not export. */
interface PostgresError extends Error {
  code: string;
  severity: string;
  hint?: string | undefined;
}

function isPostgresError(error: unknown): error is PostgresError {
  const fields = error as Partial<PostgresError> | undefined;
  return error instanceof Error && typeof fields?.code === 'string' && typeof fields.severity === 'string';
}

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
