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
import { parentPort } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('pglite-worker.js runs only as a worker thread');

/** The PGlite module loads while the main thread copies the cluster. */
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
      dataDir: request.dataDir,
      pgliteWasmModule: request.wasmModule,
      startParams: [...PGlite.defaultStartParams, ...request.settings.flatMap((setting) => ['-c', setting])],
    });
    return undefined;
  }
  if (!db) throw new Error('the engine thread has no open database');
  switch (request.op) {
    case 'exec': {
      if (request.params) {
        const { fields, rows } = await db.query(request.sql, request.params, { rowMode: 'array' });
        return [{ fields: fields.map(field), rows: /** @type {unknown[][]} */ (rows) }];
      }
      return positional(await db.exec(request.sql, { rowMode: 'array', parsers: await exactParsers() }));
    }
    case 'load': {
      const open = db;
      /** @param {Pick<typeof open, 'query' | 'exec'>} target */
      const load = async (target, clear = 'truncate') => {
        await target.exec(`${request.before}; ${clear} ${request.table}`);
        if (request.csv.length > 0)
          await target.query(`copy ${request.table} from '/dev/blob' with (format csv)`, [], {
            blob: new Blob([request.csv]),
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
      const { rows } = await db.query('select pg_catalog.current_setting($1)', [request.report], {
        rowMode: 'array',
      });
      return { response, setting: /** @type {string} */ (/** @type {unknown[][]} */ (rows)[0]?.[0]) };
    }
    case 'close':
      await db.close();
      db = undefined;
      return undefined;
  }
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
