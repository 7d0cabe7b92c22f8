import { UserError } from '../../errors.js';
import {
  largerEffect,
  ScanStats,
  type SessionEffect,
  SqlSyntaxError,
  type StatementPlan,
} from '../../sdk/index.js';
import { type EngineOptions, type FetchedRows, fetchScans, StatementScope } from '../engine.js';
import { planPostgres } from '../postgres/postgres-engine.js';
import { type EnginePool, type PooledEngine, Tenant } from './engine-pool.js';
import {
  answeredInFull,
  backendKeyData,
  concat,
  type ErrorFields,
  errorResponse,
  lastReadyStatus,
  messageType,
  parseBind,
  parseClose,
  parseParse,
  parseQuery,
  queryMessage,
  readyForQuery,
  splitMessages,
  syncMessage,
  warningResponse,
} from './protocol.js';
import { initialState, type SessionState } from './session-state.js';

/** What a client sees of an error jcsql did not make on purpose (SQLSTATE XX000); the detail goes to the debug log. */
export const INTERNAL_ERROR = 'internal error in jcsql serve (the server log has the details with --debug)';

/** Postgres's words (SQLSTATE 57014) for a statement stopped by `statement_timeout`. */
export const STATEMENT_TIMEOUT = 'canceling statement due to statement timeout';

/** Postgres's words (SQLSTATE 57014) for a statement stopped by a CancelRequest. */
export const USER_CANCEL = 'canceling statement due to user request';

/** The detail of a 57014 whose statement was stopped inside Postgres: its engine was replaced. */
export const SESSION_RESET =
  'the statement was stopped by ending its embedded Postgres; this session continues on a fresh one, without its temporary tables, prepared statements, cursors and settings';

/** What a session needs of the server: the pool it runs on, and what plans and fetches. */
export interface SessionContext {
  pool: EnginePool;
  engineOptions: EngineOptions;
  /** The server's statement timeout (`jcsql serve --query-timeout`), for a session whose own is 0. */
  statementTimeoutMs?: number | undefined;
  /** Where the details of internal errors go (`jcsql serve --debug`); nowhere by default. */
  debug?: ((line: string) => void) | undefined;
}

/**
 * One client's session. Its Postgres session (settings, prepared statements, temporary objects,
 * transactions, cursors) is its own, on an engine of the pool it holds for a statement or a
 * whole transaction (engine-pool.ts). Before each statement it runs the same plan → fetch → load
 * hook as `jcsql query`: the fetch before it takes an engine, so API calls hold none. Extended-
 * protocol messages are held until Sync (or Flush), when the Bind values are known and can be
 * pushed down; then the client's messages go to Postgres as they were.
 */
export class ClientSession {
  readonly processId: number;
  readonly secret: number;
  #status: 'I' | 'T' | 'E' = 'I';
  /** The SQL of each prepared statement, by name, to plan a Bind of it. */
  readonly #statements = new Map<string, string>();
  /** The Parse messages of the prepared statements, by name: remade on another engine (session-state.ts). */
  readonly #parses = new Map<string, Uint8Array>();
  #batch: Uint8Array[] = [];
  #abort = new AbortController();
  #closing: Promise<void> | undefined;
  /** The engine held between messages: in a transaction, a COPY, or a pipeline not yet synced. */
  #held: PooledEngine | undefined;
  /** The statement in progress, which `close` waits for once it has stopped it. */
  #running: Promise<unknown> | undefined;
  /** A batch failed before it reached Postgres, and no Sync had come: the rest up to Sync is skipped, as Postgres does. */
  #skipToSync = false;
  /** The session's statement_timeout as Postgres shows it (`0`, `200ms`, `30s`), as of its last statement. */
  #timeoutSetting = '0';
  readonly #tenant = new Tenant(initialState({}));
  readonly #context: SessionContext;

  constructor(context: SessionContext, ids: { processId: number; secret: number }) {
    this.#context = context;
    this.processId = ids.processId;
    this.secret = ids.secret;
  }

  /**
   * Starts the session: takes a statement_timeout sent at startup (PGlite would ignore it), as
   * Postgres would; returns the ParameterStatus messages and our BackendKeyData.
   */
  async start(clientParams: Record<string, string>): Promise<Uint8Array> {
    const timeout = clientParams.statement_timeout;
    if (timeout !== undefined) await this.#startWithTimeout(timeout);
    return concat([...this.#context.pool.parameterStatus, backendKeyData(this.processId, this.secret)]);
  }

  /** Sets a statement_timeout sent at startup, on an engine (Postgres checks the value, as it would at startup). */
  async #startWithTimeout(timeout: string): Promise<void> {
    const pooled = await this.#context.pool.checkout(this.#tenant, this.#abort.signal);
    try {
      const result = await pooled.engine
        .query("select pg_catalog.set_config('statement_timeout', $1, false)", [timeout])
        .catch((error: { message?: string; code?: string }) => {
          throw Object.assign(new UserError(error.message ?? String(error)), {
            code: error.code ?? '22023',
          });
        });
      this.#timeoutSetting = String(result.rows[0]?.[0] ?? '0');
      this.#tenant.initial = initialState({ statement_timeout: this.#timeoutSetting });
      this.#tenant.state = this.#tenant.initial; // as it is on the engine now
    } finally {
      this.#context.pool.release(pooled);
    }
  }

  /** Handles one client message; returns the bytes to send back, or undefined while a batch is open. */
  async handle(message: Uint8Array): Promise<Uint8Array | undefined> {
    const type = messageType(message);
    if (this.#skipToSync) {
      if (type !== 'S') return undefined;
      this.#skipToSync = false;
      return readyForQuery(this.#status);
    }
    switch (type) {
      case 'Q':
        // A simple Query ends the unnamed prepared statement.
        this.#forget('');
        return this.#run([message], [{ sql: parseQuery(message), params: [] }]);
      case 'P': {
        const { name, sql } = parseParse(message);
        this.#statements.set(name, sql);
        this.#parses.set(name, message.slice());
        this.#batch.push(message);
        return undefined;
      }
      case 'C': {
        const { kind, name } = parseClose(message);
        if (kind === 'S') this.#forget(name);
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
        this.#batch.push(message);
        return undefined;
      default:
        // COPY data, function calls: straight through.
        return this.#run([message], []);
    }
  }

  /** A prepared statement the client closed, or the unnamed one a simple Query ended. */
  #forget(name: string): void {
    this.#statements.delete(name);
    this.#parses.delete(name);
    this.#held?.parsed.delete(name);
    this.#tenant.home?.parsed.delete(name);
  }

  /** Stops the statement in progress, its fetch or its run in Postgres (a CancelRequest, or the client went away). */
  cancel(): void {
    this.#abort.abort(new UserError(USER_CANCEL));
  }

  /**
   * Fetches what the statements need, takes an engine (the one it holds, in a transaction), loads
   * the rows and hands the client's messages to Postgres; a cancel or the statement timeout stops
   * any step, with 57014. An engine is given back as soon as the session is idle.
   */
  #run(messages: Uint8Array[], statements: Array<{ sql: string; params: unknown[] }>): Promise<Uint8Array> {
    const running = this.#runOn(messages, statements).then((response) => {
      // The session ended meanwhile (the client went away, the server is stopping): nobody to answer.
      if (this.#closing) throw this.#abort.signal.reason;
      return response;
    });
    this.#running = running;
    return running;
  }

  async #runOn(
    messages: Uint8Array[],
    statements: Array<{ sql: string; params: unknown[] }>,
  ): Promise<Uint8Array> {
    this.#abort = new AbortController();
    const timeoutMs = this.#statementTimeoutMs();
    const started = performance.now();
    // The statement's time: its fetch, then its load and run; waiting for an engine between the
    // two does not count (as a pool's wait is not the server's statement time), but a cancel ends it.
    const within = (ms: number) =>
      new StatementScope({
        signal: this.#abort.signal,
        timeout: { ms, error: () => new UserError(STATEMENT_TIMEOUT) },
      });
    let scope = within(timeoutMs);
    // A table's notices (a default time window it applied) reach the client as WARNINGs, before its answer.
    const notices: Uint8Array[] = [];
    let pooled = this.#held;
    // Function calls (the fast path: large objects and the like) may do anything.
    let effect: SessionEffect = messages.some((message) => messageType(message) === 'F') ? 'objects' : 'none';
    let unparsed = false;
    try {
      let fetched: FetchedRows | undefined;
      let failure: unknown;
      if (this.#status !== 'E' && statements.length > 0) {
        try {
          const plans = statements.flatMap(({ sql, params }) =>
            planPostgres(this.#context.engineOptions, sql, params),
          );
          for (const plan of plans) effect = largerEffect(effect, plan.effect ?? 'objects');
          fetched = await this.#fetch(plans, scope.signal, (text) => notices.push(warningResponse(text)));
        } catch (error) {
          // Postgres reports its own syntax errors, in its own words and position. Should it run
          // what the parser here refused, nothing is known of what that left (see below).
          if (error instanceof SqlSyntaxError) unparsed = true;
          else failure = scope.failure(error);
        }
      }
      if (!pooled) {
        const spent = performance.now() - started;
        scope.close();
        try {
          pooled = await this.#context.pool.checkout(this.#tenant, this.#abort.signal);
        } catch (error) {
          // No engine (a cancel while waiting for one): idle, so nothing to roll back.
          return concat([...notices, ...this.#failedBatch(messages, this.#masked(error))]);
        }
        scope = within(timeoutMs > 0 ? Math.max(1, timeoutMs - spent) : 0);
      }
      if (failure === undefined && fetched) {
        try {
          await pooled.engine.loadFetched(fetched, this.#status === 'T', scope.signal);
        } catch (error) {
          if (pooled.engine.interrupted) throw error;
          failure = scope.failure(error);
        }
      }
      if (failure !== undefined) {
        const raised = [queryMessage(raiseSql(this.#masked(failure)))];
        // Not under the statement's signal: it may be the very cancel or timeout being told.
        return concat([...notices, await this.#forward(pooled, raised)]);
      }
      const parsedHere = await this.#remakeStatements(pooled, messages, scope.signal);
      const response = await this.#forward(pooled, messages, scope.signal);
      this.#tenant.ran(unparsed && !hasError(response) ? 'objects' : effect);
      for (const name of parsedHere) pooled.parsed.add(name);
      return concat([...notices, response]);
    } catch (error) {
      if (pooled?.engine.interrupted) {
        const lost = pooled;
        pooled = undefined;
        return this.#interrupted(lost, scope.failure(error));
      }
      throw error;
    } finally {
      scope.close();
      this.#hold(pooled);
    }
  }

  /** Fetches what planned statements read from the API (no engine needed). */
  async #fetch(
    plans: StatementPlan[],
    signal: AbortSignal,
    notice: (text: string) => void,
  ): Promise<FetchedRows | undefined> {
    if (!plans.some((plan) => plan.scans.length > 0)) return undefined;
    const combined: StatementPlan = { sql: '', scans: plans.flatMap((plan) => plan.scans) };
    return fetchScans(combined, this.#context.engineOptions.connections, new ScanStats(), { signal, notice });
  }

  /**
   * Makes again, on an engine the session moved to, the prepared statements the messages bind
   * without parsing them first: from the client's own Parse messages. Returns the names the
   * messages parse themselves, which the engine holds once they ran.
   */
  async #remakeStatements(
    pooled: PooledEngine,
    messages: Uint8Array[],
    signal: AbortSignal,
  ): Promise<ReadonlySet<string>> {
    const parsedHere = new Set<string>();
    const missing = new Map<string, Uint8Array>();
    for (const message of messages) {
      const type = messageType(message);
      if (type === 'P') parsedHere.add(parseParse(message).name);
      if (type !== 'B') continue;
      const { statement } = parseBind(message);
      const parse = this.#parses.get(statement);
      if (parse && !parsedHere.has(statement) && !pooled.parsed.has(statement)) missing.set(statement, parse);
    }
    if (missing.size > 0) {
      await pooled.engine.execProtocolRaw(concat([...missing.values(), syncMessage()]), signal);
      for (const name of missing.keys()) pooled.parsed.add(name);
    }
    return parsedHere;
  }

  /**
   * Keeps the engine while the session needs it between messages (a transaction, a COPY, a
   * pipeline without Sync); else gives it back to the pool.
   */
  #hold(pooled: PooledEngine | undefined): void {
    if (!pooled) {
      this.#held = undefined;
      return;
    }
    if (this.#status === 'I' && !this.#awaitingSync && !this.#closing) {
      this.#held = undefined;
      this.#context.pool.release(pooled);
    } else this.#held = pooled;
  }

  /** The last answer had no ReadyForQuery (a Flush, a COPY): Postgres is mid-exchange with the client. */
  #awaitingSync = false;

  /**
   * The answer to a batch that never reached Postgres: the error, and ReadyForQuery if the batch
   * ended with one due (a Query, a Sync); else the rest up to Sync is skipped, as Postgres does.
   */
  #failedBatch(messages: Uint8Array[], error: UserError | PostgresError): Uint8Array[] {
    const last = messageType(messages[messages.length - 1]!);
    const answer = [errorResponse(errorFields(error))];
    if (last === 'Q' || last === 'S') answer.push(readyForQuery(this.#status));
    else this.#skipToSync = true;
    return answer;
  }

  /**
   * A statement was stopped inside Postgres, which ended its engine: the client is told at once
   * (57014, with what it lost in the detail) and ready for its next statement, which starts on
   * another engine as the session did when it connected (there is no transaction left to fail).
   */
  #interrupted(pooled: PooledEngine, reason: unknown): Uint8Array {
    void this.#context.pool.discard(pooled);
    if (this.#closing) throw reason; // the session is ending (client gone, server stopping)
    this.#status = 'I';
    this.#awaitingSync = false;
    this.#statements.clear();
    this.#parses.clear();
    this.#batch = [];
    this.#timeoutSetting = stateTimeout(this.#tenant.initial);
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
  #statementTimeoutMs(): number {
    const own = this.#status === 'E' ? 0 : timeoutMs(this.#timeoutSetting);
    return own > 0 ? own : (this.#context.statementTimeoutMs ?? 0);
  }

  async #forward(pooled: PooledEngine, messages: Uint8Array[], signal?: AbortSignal): Promise<Uint8Array> {
    const { response, setting } = await pooled.engine.execProtocolReporting(
      concat(messages),
      'statement_timeout',
      signal,
    );
    // PGlite, when a statement overflows its WASM stack, answers without a result or without
    // ReadyForQuery (the client would wait forever), and is damaged after: the session fails, and
    // its connection ends with that reason.
    if (!answeredInFull(messages, response))
      throw new UserError('the embedded Postgres gave no complete answer (a statement nested too deeply?)');
    const status = lastReadyStatus(response);
    this.#awaitingSync = status === undefined;
    this.#status = status ?? this.#status;
    if (setting !== undefined) this.#timeoutSetting = setting;
    // Statements it deallocated (Close, DEALLOCATE) are found gone when its state is next read.
    return response;
  }

  /**
   * The error as the client may see it: one made on purpose (ours, or Postgres's own with its
   * SQLSTATE) as it is; anything else, whose text may say what no client should read, as
   * INTERNAL_ERROR, its detail only in the debug log.
   */
  #masked(error: unknown): UserError | PostgresError {
    if (error instanceof UserError || isPostgresError(error)) return error;
    this.#context.debug?.(
      `session ${this.processId}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return new UserError(INTERNAL_ERROR, { sqlState: 'XX000' });
  }

  /** Ends the session; safe to call more than once (client gone, and server stopping). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.cancel();
      await this.#running?.catch(() => {});
      this.#held = undefined;
      await this.#context.pool.leave(this.#tenant);
    })();
    return this.#closing;
  }
}

/** Whether Postgres answered with an ErrorResponse. */
const hasError = (response: Uint8Array): boolean =>
  splitMessages(response).messages.some((message) => messageType(message) === 'E');

/** A statement_timeout as Postgres shows it (`0`, `250ms`, `30s`, `5min`, `1h`, `1d`), in milliseconds. */
export function timeoutMs(setting: string): number {
  const match = /^(\d+)\s*(ms|s|min|h|d)?$/.exec(setting.trim());
  if (!match) return 0;
  const unit = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms']!;
  return Number(match[1]) * unit;
}

const stateTimeout = (state: SessionState): string =>
  state.settings.find(([name]) => name === 'statement_timeout')?.[1] ?? '0';

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
