import { UserError } from '../../errors.js';
import { SqlSyntaxError, type StatementPlan } from '../../sdk/index.js';
import type { PostgresEngine } from '../postgres/postgres-engine.js';
import {
  answeredInFull,
  backendKeyData,
  lastReadyStatus,
  messageType,
  parseBind,
  parseParse,
  parseQuery,
  queryMessage,
  splitMessages,
  startupMessage,
} from './protocol.js';

/** Client startup parameters PGlite should not see: it has one user and one database of its own. */
const OWN_PARAMETERS = new Set(['user', 'database', 'replication', 'options']);

/** What a client sees of an error jcsql did not make on purpose (SQLSTATE XX000); the detail goes to the debug log. */
export const INTERNAL_ERROR = 'internal error in jcsql serve (the server log has the details with --debug)';

/** Postgres's words (SQLSTATE 57014) for a statement stopped by `statement_timeout`. */
export const STATEMENT_TIMEOUT = 'canceling statement due to statement timeout';

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
    const params = Object.fromEntries(
      Object.entries(clientParams).filter(([key]) => !OWN_PARAMETERS.has(key)),
    );
    const response = await this.engine.db.execProtocolRaw(
      startupMessage({ ...params, user: 'postgres', database: 'postgres' }),
    );
    // PGlite ignores settings in the startup packet; statement_timeout (node-postgres sends its
    // `statement_timeout` there) is set here, so the fetch before each statement honours it.
    if (params.statement_timeout !== undefined) {
      await this.engine.db
        .query("select set_config('statement_timeout', $1, false)", [params.statement_timeout])
        .catch((error: { message?: string; code?: string }) => {
          throw Object.assign(new UserError(error.message ?? String(error)), { code: error.code ?? '22023' });
        });
    }
    const kept = splitMessages(response).messages.filter((message) => messageType(message) === 'S');
    return concat([...kept, backendKeyData(this.processId, this.secret)]);
  }

  /** Handles one client message; returns the bytes to send back, or undefined while a batch is open. */
  async handle(message: Uint8Array): Promise<Uint8Array | undefined> {
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

  /** Stops the fetch in progress (a CancelRequest, or the client went away). */
  cancel(): void {
    this.#abort.abort(new UserError('canceling statement due to user request'));
  }

  async #run(
    messages: Uint8Array[],
    statements: Array<{ sql: string; params: unknown[] }>,
  ): Promise<Uint8Array> {
    if (this.#status !== 'E' && statements.length > 0) {
      try {
        const plans = statements.flatMap(({ sql, params }): StatementPlan[] => this.engine.plan(sql, params));
        if (plans.some((plan) => plan.scans.length > 0)) {
          this.#abort = new AbortController();
          const timeoutMs = await this.#statementTimeoutMs();
          await this.engine.prepare(plans, {
            signal: this.#abort.signal,
            timeout: { ms: timeoutMs, error: () => new UserError(STATEMENT_TIMEOUT) },
            inTransaction: this.#status === 'T',
          });
        }
      } catch (error) {
        // Postgres reports its own syntax errors, in its own words and position.
        if (!(error instanceof SqlSyntaxError))
          return this.#forward([queryMessage(raiseSql(this.#masked(error)))]);
      }
    }
    return this.#forward(messages);
  }

  /**
   * The session's statement_timeout (SET by the client, or sent at startup), else the server's.
   * PGlite keeps the setting but cannot enforce it; the fetch, where the time goes, does.
   */
  async #statementTimeoutMs(): Promise<number> {
    const { rows } = await this.engine.db.query<{ ms: number }>(
      "select setting::int as ms from pg_settings where name = 'statement_timeout'",
    );
    const own = rows[0]?.ms ?? 0;
    return own > 0 ? own : this.#defaultTimeoutMs;
  }

  async #forward(messages: Uint8Array[]): Promise<Uint8Array> {
    const response = await this.engine.db.execProtocolRaw(concat(messages));
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
      await this.engine.close();
    })();
    return this.#closing;
  }
}

/**
 * A statement that makes Postgres raise our error, so the client sees an ordinary ErrorResponse
 * and a transaction in progress is marked failed, exactly as if the query itself had failed.
 */
function raiseSql(error: UserError | PostgresError): string {
  // A cancel and a statement timeout: 57014, query_canceled, as Postgres reports both.
  const cancelled = error instanceof UserError && error.message.startsWith('canceling statement');
  const code = cancelled ? '57014' : error instanceof UserError ? (error.sqlState ?? 'HV000') : error.code;
  const { message, hint } = error;
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
