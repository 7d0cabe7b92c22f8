import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { BackendError, closeSignal, createScramSha256Data, type ScramSha256Data } from 'pg-gateway';
import { fromDuplexStream } from 'pg-gateway/node';
import { UserError } from '../../errors.js';
import type { EngineOptions } from '../engine.js';
import { ClientSession, INTERNAL_ERROR, type SessionContext } from './client-session.js';
import { DEFAULT_MAX_CONNECTIONS } from './defaults.js';
import { EnginePool } from './engine-pool.js';
import { CANCEL_REQUEST_CODE, ProtocolError, readInt32 } from './protocol.js';

/** Query, Parse, Bind, Describe, Execute, Close, Sync, Flush, FunctionCall, CopyData/Done/Fail. */
const FRONTEND_TYPES = new Set([...'QPBDECSHFdcf'].map((char) => char.charCodeAt(0)));

export interface ServeOptions extends EngineOptions {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  maxConnections?: number;
  /** Postgres engines the clients share (engine-pool.ts); DEFAULT_POOL_SIZE when absent. */
  poolSize?: number;
  /**
   * Each client's statement timeout in ms when it sets none of its own (0 or absent: none): a
   * statement still fetching from the API after this long fails with SQLSTATE 57014.
   */
  statementTimeoutMs?: number;
  /** One line per connection event worth telling (errors, refusals). */
  log?: (line: string) => void;
  /** The details of internal errors, which clients see only as SQLSTATE XX000 (`jcsql serve --debug`). */
  debug?: (line: string) => void;
}

export interface RunningServer {
  host: string;
  port: number;
  /** Clients connected now. */
  readonly clients: number;
  /** Postgres engines open now: the pool's shared ones and those kept by one client. */
  readonly engines: number;
  close(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

/** A response that makes pg-gateway close the connection without writing anything (a CancelRequest gets no answer). */
function* closeConnection(): Generator<Uint8Array> {
  yield closeSignal as unknown as Uint8Array;
}

/** A response that tells pg-gateway the message was handled and nothing is to be sent. */
function* nothing(): Generator<Uint8Array, Uint8Array> {
  yield* [];
  return new Uint8Array(0);
}

/**
 * A Postgres wire endpoint over per-client PGlite sessions. pg-gateway does the startup and
 * SCRAM-SHA-256 password authentication; every later message goes through the client's session.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const debug = options.debug ?? (() => {});
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const scram: ScramSha256Data = await createScramSha256Data(options.password);
  // A user that is not ours authenticates against a password nobody knows, and fails as a wrong
  // password does: the answer never tells which of the two was wrong. As PostgreSQL's mock
  // authentication, each name gets a salt of its own, always the same, so salts tell nothing either.
  const decoy: ScramSha256Data = await createScramSha256Data(randomBytes(24).toString('base64url'));
  const decoySecret = randomBytes(32);
  const decoyFor = (username: string): ScramSha256Data => ({
    ...decoy,
    salt: createHmac('sha256', decoySecret).update(username).digest().subarray(0, 16).toString('base64'),
  });
  const pool = new EnginePool(options, options.poolSize);
  await pool.warm();
  const context: SessionContext = {
    pool,
    engineOptions: options,
    statementTimeoutMs: options.statementTimeoutMs,
    debug: options.debug,
  };
  const sessions = new Map<number, ClientSession>();
  const sockets = new Set<Socket>();
  /** Connections past their startup packet: each holds a slot from then on, while it authenticates and its session opens. */
  const admitted = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    // A connection that never completes its startup and authentication is dropped.
    socket.setTimeout(STARTUP_TIMEOUT_MS, () => {
      if (!session) socket.destroy();
    });
    let session: ClientSession | undefined;
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    // Thrown from a pg-gateway hook, a BackendError reaches the client as an ErrorResponse and
    // pg-gateway closes the connection.
    const fatal = (code: string, text: string): never => {
      log(`connection ${peer} refused: ${text}`);
      throw BackendError.create({ severity: 'FATAL', code, message: text });
    };
    // What the client may read of a failure: a UserError's message, made to be read; of any
    // other error only INTERNAL_ERROR, its detail in the debug log.
    const toldToClient = (error: unknown, what: string): string => {
      if (error instanceof UserError) return error.message;
      debug(
        `connection ${peer}: ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return INTERNAL_ERROR;
    };
    // A client that goes away mid-statement is noticed by the socket, the streams and the session
    // at once: once it is gone, the first of them is told, in one line, and the rest are not.
    let goneTold = false;
    const connectionLine = (text: string) => {
      if (goneTold) return;
      goneTold = socket.destroyed;
      log(`connection ${peer}: ${text}`);
    };
    socket.on('error', (error) => connectionLine(error.message));
    socket.on('close', () => {
      sockets.delete(socket);
      admitted.delete(socket);
      if (!session) return;
      sessions.delete(session.processId);
      session.close().catch((error) => log(`closing session of ${peer}: ${(error as Error).message}`));
    });

    fromDuplexStream(
      forgivingDuplex(socket, (error) => connectionLine(error.message), asPostgresAnswers),
      {
        // A wrong password, or a wrong user, is answered by pg-gateway: FATAL "password
        // authentication failed for user …" (its 28000 made Postgres's 28P01 on the way out).
        auth: {
          method: 'scram-sha-256',
          getScramSha256Data: ({ username }) => (username === options.user ? scram : decoyFor(username)),
        },
        onStartup(state) {
          const params = state.clientParams ?? { user: '' };
          const database = params.database || params.user;
          if (!params.user) fatal('28000', 'no PostgreSQL user name specified in startup packet');
          // Not UTF-8 (decoded with replacement characters): no user can have that name.
          else if (params.user.includes('\uFFFD')) fatal('28000', 'invalid user name in startup packet');
          else if (database !== options.database) fatal('3D000', `database "${database}" does not exist`);
          // Counted from the startup packet on, not from the session's opening: a burst of clients
          // beyond the limit is refused at once instead of waiting for engines to open.
          else if (admitted.size >= maxConnections) fatal('53300', 'sorry, too many clients already');
          admitted.add(socket);
        },
        async onAuthenticated(state) {
          socket.setTimeout(0); // authenticated: waiting for a session to open is not a stalled startup
          const created = new ClientSession(context, {
            processId: nextProcessId(sessions),
            secret: randomInt(2 ** 31),
          });
          if (socket.destroyed) return;
          session = created;
          sessions.set(created.processId, created);
          const parameters = await created
            .start(state.clientParams ?? { user: options.user })
            .catch((error: Error & { code?: string }) =>
              error instanceof UserError || error.code
                ? fatal(error.code ?? 'XX000', error.message)
                : fatal(
                    'XX000',
                    `could not open a session: ${toldToClient(error, 'could not open a session')}`,
                  ),
            );
          if (!connection?.streamWriter) throw new Error('connection not ready');
          await connection.streamWriter.write(parameters);
        },
        async onMessage(data, state) {
          if (!state.hasStarted && !isStartupPacket(data)) fatal('08P01', 'invalid startup packet');
          if (!state.hasStarted && isCancelRequest(data)) {
            const target = sessions.get(readInt32(data, 8) | 0);
            if (target && target.secret === (readInt32(data, 12) | 0)) target.cancel();
            return closeConnection();
          }
          if (state.step !== 'ReadyForQuery' || !session) return undefined;
          if (data[0] === 0x58) return undefined; // Terminate: pg-gateway closes the connection
          // Anything else a client may send once ready; PGlite loops forever on other types.
          if (!FRONTEND_TYPES.has(data[0]!))
            fatal('08P01', `invalid frontend message type ${data[0]} ('${String.fromCharCode(data[0]!)}')`);
          try {
            return (await session.handle(data)) ?? nothing();
          } catch (error) {
            // The client left while its statement ran: its session was closed under it.
            if (socket.destroyed) {
              connectionLine('the client went away during a statement');
              return closeConnection();
            }
            if (error instanceof ProtocolError) return fatal('08P01', `invalid message: ${error.message}`);
            // The session itself failed (not a query error: those are answered as Postgres does).
            // Only a failure it reports on purpose is told to the client; the detail of any other
            // goes to the debug log.
            return fatal('XX000', `session failed: ${toldToClient(error, 'session failed')}`);
          }
        },
      },
    )
      .then((created) => {
        connection = created;
      })
      .catch((error) => {
        connectionLine((error as Error).message);
        socket.destroy();
      });
    let connection: Awaited<ReturnType<typeof fromDuplexStream>> | undefined;
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    host: options.host,
    port,
    get clients() {
      return sessions.size;
    },
    get engines() {
      return pool.engines;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await Promise.allSettled([...sessions.values()].map((session) => session.close()));
      sessions.clear();
      await pool.close();
    },
  };
}

/**
 * The socket as the web streams pg-gateway reads and writes, except that writing to (closing,
 * aborting) a socket the client has gone from is reported to `onError` instead of rejecting:
 * pg-gateway runs each connection in a promise nobody awaits, so a rejection there would be an
 * unhandled one. The socket's own 'close' ends the session.
 */
function forgivingDuplex(
  socket: Socket,
  onError: (error: Error) => void,
  rewrite: (chunk: Uint8Array) => Uint8Array = (chunk) => chunk,
): { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> } {
  const { readable, writable } = Duplex.toWeb(socket);
  const writer = writable.getWriter();
  const report = (error: unknown) => onError(error instanceof Error ? error : new Error(String(error)));
  return {
    readable: readable as ReadableStream<Uint8Array>,
    writable: new WritableStream<Uint8Array>({
      write: (chunk) => writer.write(rewrite(chunk)).catch(report),
      close: () => writer.close().catch(report),
      abort: (reason) => writer.abort(reason).catch(report),
    }),
  };
}

/** pg-gateway's failed SCRAM proof: ErrorResponse fields code 28000 and this message. */
const SCRAM_FAILED = Buffer.from('C28000\0Mpassword authentication failed for user');

/**
 * pg-gateway answers a failed SCRAM proof with SQLSTATE 28000; PostgreSQL with 28P01
 * (invalid_password), which clients test for. The code has the same length: patched in place.
 */
function asPostgresAnswers(chunk: Uint8Array): Uint8Array {
  if (chunk[0] !== 0x45) return chunk; // 'E': ErrorResponse
  const at = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).indexOf(SCRAM_FAILED);
  if (at < 0) return chunk;
  const patched = Uint8Array.from(chunk);
  patched.set(Buffer.from('28P01'), at + 1);
  return patched;
}

const SSL_REQUEST_CODE = 80877103;
const GSSENC_REQUEST_CODE = 80877104;
const PROTOCOL_3_0 = 196608;

/** The first packet of a connection: SSLRequest, GSSENCRequest, CancelRequest, or a v3.0 StartupMessage. */
function isStartupPacket(data: Uint8Array): boolean {
  if (data.length < 8 || readInt32(data, 0) !== data.length) return false;
  const code = readInt32(data, 4);
  if (code === SSL_REQUEST_CODE || code === GSSENC_REQUEST_CODE) return data.length === 8;
  if (code === CANCEL_REQUEST_CODE) return data.length === 16;
  return code === PROTOCOL_3_0 && data[data.length - 1] === 0;
}

function isCancelRequest(data: Uint8Array): boolean {
  return data.length === 16 && readInt32(data, 0) === 16 && readInt32(data, 4) === CANCEL_REQUEST_CODE;
}

/** A process id for BackendKeyData that no live session holds. */
function nextProcessId(sessions: Map<number, ClientSession>): number {
  for (;;) {
    const id = randomInt(1000, 2 ** 31 - 1);
    if (!sessions.has(id)) return id;
  }
}
