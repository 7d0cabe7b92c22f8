// @ts-check
/**
 * The thread a Postgres engine's PGlite runs on (see engine-thread.ts, which starts it). PGlite
 * runs a statement to its end without yielding, so on the main thread one `pg_sleep` would stop
 * every timer, socket and signal handler; here the main thread stays free and can stop a
 * statement that overruns by terminating this thread.
 *
 * Plain JavaScript (type-checked through JSDoc): a worker thread needs a file Node can run as it
 * is, from the sources under test as from the build.
 *
 * @typedef {import('./engine-thread.js').EngineRequest} EngineRequest
 * @typedef {import('./engine-thread.js').EngineReply} EngineReply
 * @typedef {import('./engine-thread.js').EngineResult} EngineResult
 */
import { openAsBlob } from 'node:fs';
import { parentPort } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('pglite-worker.js runs only as a worker thread');

/** The PGlite module loads while the main thread compiles its WebAssembly (engine-thread.ts). */
const loading = import('@electric-sql/pglite');
/** @type {import('@electric-sql/pglite').PGlite | undefined} */
let db;

port.on('message', (/** @type {EngineRequest} */ request) => {
  handle(request).then(
    (value) => port.postMessage(/** @type {EngineReply} */ ({ id: request.id, value })),
    (error) =>
      port.postMessage(/** @type {EngineReply} */ ({ id: request.id, error: serializeError(error) })),
  );
});

/**
 * @param {EngineRequest} request
 * @returns {Promise<EngineReply['value']>}
 */
async function handle(request) {
  if (request.op === 'open') {
    const { PGlite } = await loading;
    // The module compiled once for the process (engine-thread.ts): its code is shared, not compiled again here.
    db = await PGlite.create({
      // Read from the file as PGlite unpacks it: never a whole copy of the tar in memory.
      loadDataDir: await openAsBlob(request.tar),
      pgliteWasmModule: request.wasmModule,
      startParams: [...PGlite.defaultStartParams, ...request.settings.flatMap((setting) => ['-c', setting])],
    });
    return undefined;
  }
  if (!db) throw new Error('the engine thread has no open database');
  switch (request.op) {
    case 'exec': {
      try {
        if (request.params) {
          const { fields, rows } = await db.query(request.sql, request.params, { rowMode: 'array' });
          return [{ fields: fields.map(field), rows: /** @type {unknown[][]} */ (rows) }];
        }
        return await execScript(db, request.sql);
      } finally {
        // Not in a failed transaction, where it cannot run (see docs/postgres.md).
        if (request.client) await timeoutsKeptAtZero(db, []).catch(() => {});
      }
    }
    case 'load': {
      const open = db;
      /** @param {Pick<typeof open, 'query' | 'exec'>} target */
      const load = async (target, clear = 'truncate') => {
        await target.exec(`${request.before}; ${clear} ${request.table}`);
        if (request.copy.length > 0)
          await target.query(`copy ${request.table} from '/dev/blob'`, [], {
            blob: new Blob([request.copy]),
          });
        return positional(await target.exec(request.after, { rowMode: 'array' }));
      };
      // Inside a client's transaction: DELETE, not TRUNCATE, so the client's open cursors keep their rows.
      if (request.inTransaction) return load(open, 'delete from');
      return open.transaction((tx) => load(tx));
    }
    // The answer is copied to the main thread (never transferred: it may be a view of PGlite's memory).
    case 'protocol': {
      const response = await db.execProtocolRaw(request.message);
      if (!request.report) return response;
      // What the session's next statement needs to know, read here rather than in another round
      // trip; not in a failed transaction, where Postgres runs nothing but its end.
      const status = lastReadyStatus(response);
      if (status !== 'I' && status !== 'T') return { response };
      const [setting] = await timeoutsKeptAtZero(db, [request.report]);
      return { response, setting };
    }
    case 'close':
      await db.close();
      db = undefined;
      return undefined;
  }
}

/**
 * Settings PGlite takes but cannot honour: once one of them runs out, its backend stops answering
 * and spins (PGlite 0.5.14: the next statement after the time has passed never returns). They are
 * put back to 0 after every statement a client runs, so none can run out.
 */
const TIMEOUTS_KEPT_AT_ZERO = [
  'idle_in_transaction_session_timeout',
  'idle_session_timeout',
  'transaction_timeout',
];

/**
 * Puts those settings back to 0 where a statement set them, in the same query reading the
 * settings `report` asks for; returns the values of those.
 * @param {import('@electric-sql/pglite').PGlite} open
 * @param {string[]} report
 * @returns {Promise<string[]>}
 */
async function timeoutsKeptAtZero(open, report) {
  const names = [...report, ...TIMEOUTS_KEPT_AT_ZERO];
  const columns = names.map((_name, i) => `pg_catalog.current_setting($${i + 1})`).join(', ');
  const { rows } = await open.query(`select ${columns}`, names, { rowMode: 'array' });
  const values = /** @type {string[]} */ (/** @type {unknown[][]} */ (rows)[0]);
  for (const [i, name] of TIMEOUTS_KEPT_AT_ZERO.entries())
    if (values[report.length + i] !== '0')
      await open.query('select pg_catalog.set_config($1, $2, false)', [name, '0']);
  return values.slice(0, report.length);
}

/**
 * The transaction status of the last ReadyForQuery in a response, if it has one.
 * @param {Uint8Array} response
 */
function lastReadyStatus(response) {
  let status;
  const view = new DataView(response.buffer, response.byteOffset, response.byteLength);
  for (let offset = 0; response.length - offset >= 5; offset += 1 + view.getInt32(offset + 1)) {
    if (response[offset] === 0x5a) status = String.fromCharCode(/** @type {number} */ (response[offset + 5]));
  }
  return status;
}

/** @type {import('@electric-sql/pglite').ParserOptions | undefined} */
let parsers;

/**
 * Where PGlite's own parsers lose what Postgres printed: json/jsonb stay text, for the main thread
 * to parse with every digit kept (decodeExactColumns in postgres-types.ts), and a date or
 * timestamp of `infinity` / `-infinity` stays that text (PGlite makes it an Invalid Date).
 */
async function exactParsers() {
  if (parsers) return parsers;
  const { types } = await loading;
  /** @param {string} text */
  const asText = (text) => text;
  parsers = { [types.JSON]: asText, [types.JSONB]: asText };
  for (const oid of [types.DATE, types.TIMESTAMP, types.TIMESTAMPTZ]) {
    const parse = types.parsers[oid];
    if (parse)
      parsers[oid] = (/** @type {string} */ text) =>
        text === 'infinity' || text === '-infinity' ? text : parse(text, oid);
  }
  return parsers;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A script of statements, as PGlite's `exec` runs it (one simple Query), read from the wire
 * protocol here: PGlite's own reader copies every field into an ArrayBuffer of its own, which was
 * most of a large result's time (`select *` over 10,000 users: ~260 of ~650 ms; docs/serve-pool.md).
 * Values are converted by PGlite's own parsers (its array types included), with exactParsers' changes.
 * @param {import('@electric-sql/pglite').PGlite} open
 * @param {string} sql
 * @returns {Promise<EngineResult[]>}
 */
async function execScript(open, sql) {
  const { types } = await loading;
  const parsers = { ...open.parsers, ...(await exactParsers()) };
  const body = encoder.encode(`${sql}\0`);
  const message = new Uint8Array(5 + body.length);
  message[0] = 0x51; // 'Q'
  new DataView(message.buffer).setInt32(1, 4 + body.length);
  message.set(body, 5);
  const response = await rawAnswer(open, message);
  const view = new DataView(response.buffer, response.byteOffset, response.byteLength);
  /** @type {EngineResult[]} */
  const results = [];
  /** @type {EngineResult | undefined} */
  let current;
  /** @type {Record<string, string> | undefined} */
  let failure;
  for (let at = 0; at + 5 <= response.length; ) {
    const type = response[at];
    const end = at + 1 + view.getInt32(at + 1);
    let offset = at + 5;
    const cstring = () => {
      const zero = response.indexOf(0, offset);
      const text = decoder.decode(response.subarray(offset, zero));
      offset = zero + 1;
      return text;
    };
    if (type === 0x54) {
      // RowDescription: name, table oid, column, type oid, size, modifier, format
      const count = view.getInt16(offset);
      offset += 2;
      const fields = [];
      for (let i = 0; i < count; i++) {
        const name = cstring();
        fields.push({ name, dataTypeID: view.getInt32(offset + 6) });
        offset += 18;
      }
      current = { fields, rows: [] };
    } else if (type === 0x44 && current) {
      // DataRow: each value's length (-1: NULL) and its text
      const count = view.getInt16(offset);
      offset += 2;
      const row = new Array(count);
      for (let i = 0; i < count; i++) {
        const length = view.getInt32(offset);
        offset += 4;
        if (length < 0) row[i] = null;
        else {
          const text = decoder.decode(response.subarray(offset, offset + length));
          row[i] = types.parseType(
            text,
            /** @type {{ dataTypeID: number }} */ (current.fields[i]).dataTypeID,
            parsers,
          );
          offset += length;
        }
      }
      current.rows.push(row);
    } else if (type === 0x43 || type === 0x49) {
      // CommandComplete, EmptyQueryResponse: one statement's result
      results.push(current ?? { fields: [], rows: [] });
      current = undefined;
    } else if (type === 0x45) {
      // ErrorResponse: a code byte and a string per field
      failure = {};
      while (response[offset] !== 0) {
        const code = String.fromCharCode(/** @type {number} */ (response[offset]));
        offset += 1;
        failure[code] = cstring();
      }
    }
    at = end;
  }
  if (failure) throw databaseError(failure);
  return results;
}

/** A Sync message: Postgres answers ReadyForQuery, nothing else. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * PGlite's answer to protocol messages, as execProtocolRaw gives it but without PGlite reading
 * every message of it on the way (its execProtocolRawStream). That call leaves its output
 * callback in place, so the next call of PGlite's own would hand its answer to this one:
 * execProtocol, run once after on a Sync, puts PGlite's own back (PGlite 0.5.14).
 * @param {import('@electric-sql/pglite').PGlite} open
 * @param {Uint8Array} message
 */
async function rawAnswer(open, message) {
  /** @type {Uint8Array[]} */
  const chunks = [];
  let length = 0;
  try {
    await open.execProtocolRawStream(message, {
      onRawData: (chunk) => {
        chunks.push(chunk.slice()); // a view of PGlite's memory
        length += chunk.length;
      },
    });
  } finally {
    try {
      await open.execProtocol(SYNC, { throwOnError: false });
    } catch {
      // PGlite's own callback could not be put back: its later answers would be lost, so nothing
      // more runs on it (every later request fails, and the engine is replaced).
      db = undefined;
    }
  }
  if (chunks.length === 1) return /** @type {Uint8Array} */ (chunks[0]);
  const response = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    response.set(chunk, offset);
    offset += chunk.length;
  }
  return response;
}

/** The ErrorResponse field codes, by the names PGlite's DatabaseError gives them. */
const ERROR_FIELDS = {
  S: 'severity',
  C: 'code',
  D: 'detail',
  H: 'hint',
  P: 'position',
  p: 'internalPosition',
  q: 'internalQuery',
  W: 'where',
  s: 'schema',
  t: 'table',
  c: 'column',
  d: 'dataType',
  n: 'constraint',
  F: 'file',
  L: 'line',
  R: 'routine',
};

/**
 * An ErrorResponse as the Error PGlite would throw (its message, and its fields by name).
 * @param {Record<string, string>} fields
 */
function databaseError(fields) {
  const error = new Error(fields.M ?? 'unknown error');
  for (const [code, name] of Object.entries(ERROR_FIELDS))
    if (fields[code] !== undefined) Object.assign(error, { [name]: fields[code] });
  return error;
}

/**
 * Results as the main thread takes them (rows positional, fields without PGlite's extras).
 * @param {import('@electric-sql/pglite').Results[]} results
 * @returns {EngineResult[]}
 */
function positional(results) {
  return results.map(({ fields, rows }) => ({
    fields: fields.map(field),
    rows: /** @type {unknown[][]} */ (rows),
  }));
}

/** @param {{ name: string, dataTypeID: number }} column */
function field({ name, dataTypeID }) {
  return { name, dataTypeID };
}

/**
 * An error as the main thread rebuilds it: Postgres's fields (SQLSTATE, hint, position, …) kept.
 * @param {unknown} error
 */
function serializeError(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  /** @type {Record<string, unknown>} */
  const fields = {};
  for (const [key, value] of Object.entries(error))
    if (typeof value !== 'object' && typeof value !== 'function') fields[key] = value;
  return { ...fields, name: error.name, message: error.message, stack: error.stack };
}
