import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** One result of a statement, rows positional (PGlite's `rowMode: 'array'`). */
export interface EngineResult {
  fields: Array<{ name: string; dataTypeID: number }>;
  rows: unknown[][];
}

/**
 * What the main thread asks of an engine thread: the whole boundary. Planning, fetching from the
 * API and the wire protocol stay on the main thread; only PGlite's work crosses.
 */
export type EngineRequest = { id: number } & (
  | { op: 'open'; tar: string; wasmModule: WebAssembly.Module; settings: readonly string[] }
  /**
   * A script (several statements), or with `params` one statement with its parameters; `client`:
   * a user's statements, after which the settings PGlite cannot honour are put back to 0.
   */
  | { op: 'exec'; sql: string; params?: unknown[] | undefined; client?: boolean }
  /**
   * Replaces a table's rows (`table` already quoted) with a COPY of these lines (COPY's text format), in one
   * transaction with `before` (run first) and `after` (run last, its results the answer).
   */
  | { op: 'load'; table: string; copy: string; inTransaction: boolean; before: string; after: string }
  /**
   * Wire-protocol messages, answered with PGlite's response bytes (`serve`); with `report`, also
   * that setting's value after them (a ProtocolReply), unless the session is in a failed transaction.
   */
  | { op: 'protocol'; message: Uint8Array; report?: string | undefined }
  | { op: 'close' }
);

type Distribute<Union> = Union extends unknown ? Omit<Union, 'id'> : never;
type RequestBody = Distribute<EngineRequest>;

/** PGlite's answer to wire-protocol messages, and the setting asked for after them. */
export interface ProtocolReply {
  response: Uint8Array;
  setting?: string | undefined;
}

export interface EngineReply {
  id: number;
  value?: EngineResult[] | Uint8Array | ProtocolReply | undefined;
  /** The error's own fields (Postgres's SQLSTATE, hint, position, …), rebuilt into an Error here. */
  error?: { message: string; name?: string; stack?: string; [field: string]: unknown };
}

/**
 * Server settings each engine starts with (`-c name=value`):
 * - shared_buffers: PGlite's default, 128 MB, is touched as it starts and made each engine cost
 *   ~170 MB of memory; 16 MB costs ~40 MB, and no load or query was measured slower
 *   (docs/serve-pool.md).
 * - wal_level minimal: a table's load truncates it and copies into it in one transaction, which
 *   then writes no WAL for the rows (they are loaded afresh each time, never recovered).
 */
export const ENGINE_SETTINGS: readonly string[] = [
  'shared_buffers=16MB',
  'wal_level=minimal',
  'max_wal_senders=0',
];

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * PGlite's WebAssembly, compiled once per process and shared by every engine thread: a module
 * sent to a thread shares its compiled code, where each thread compiling its own copy costs that
 * thread the compile time and the memory of its code.
 */
export function pgliteModule(): Promise<WebAssembly.Module> {
  // Read at once (9 MB, a few ms), so the compile, on V8's background threads, starts now and
  // overlaps what the caller does next (copying the cluster, which blocks this thread).
  // The file is beside PGlite's entry point (dist/), where PGlite itself reads it from.
  compiled ??= WebAssembly.compile(
    readFileSync(
      join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'pglite.wasm'),
    ),
  );
  return compiled;
}

/** How long a closing thread may take to close its database before it is terminated. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * A PGlite on a worker thread of its own. A call given a signal that aborts while PGlite is still
 * working terminates the thread (PGlite cannot be interrupted otherwise: its WASM runs a statement
 * to the end, and Postgres's own cancel needs signals it does not have): the call fails at once
 * with the signal's reason, and the thread is gone — every later call fails, and its owner opens
 * another. The thread holds the process open only while a call is waiting on it.
 */
export class EngineThread {
  readonly #worker = new Worker(new URL('./pglite-worker.js', import.meta.url));
  readonly #pending = new Map<
    number,
    { resolve: (value: EngineReply['value']) => void; reject: (error: unknown) => void }
  >();
  #nextId = 1;
  /** Why the thread can run nothing more (stopped mid-statement, crashed, closed). */
  #stopped: Error | undefined;
  #interrupted = false;

  constructor() {
    this.#worker.unref();
    this.#worker.on('message', (reply: EngineReply) => this.#settle(reply));
    this.#worker.on('error', (error) => this.#stop(error));
    this.#worker.on('exit', (code) => this.#stop(new Error(`the engine thread exited with code ${code}`)));
  }

  /** Whether a call was stopped mid-way (a cancel, a timeout): the database is gone with its thread. */
  get interrupted(): boolean {
    return this.#interrupted;
  }

  /**
   * Opens, in memory, a copy of the cluster in this tar; aborting the signal meanwhile ends the
   * thread (a server stopping).
   */
  async open(tar: string, signal?: AbortSignal): Promise<void> {
    await this.#request(
      { op: 'open', tar, wasmModule: await pgliteModule(), settings: ENGINE_SETTINGS },
      signal,
    );
  }

  async exec(sql: string, params?: unknown[], signal?: AbortSignal): Promise<EngineResult[]> {
    return (await this.#request({ op: 'exec', sql, params }, signal)) as EngineResult[];
  }

  /** A user's statements (`query`, the shell), as `exec` runs them; see `client` above. */
  async execStatements(sql: string, signal?: AbortSignal): Promise<EngineResult[]> {
    return (await this.#request({ op: 'exec', sql, client: true }, signal)) as EngineResult[];
  }

  async load(
    load: { table: string; copy: string; inTransaction: boolean; before: string; after: string },
    signal?: AbortSignal,
  ): Promise<EngineResult[]> {
    return (await this.#request({ op: 'load', ...load }, signal)) as EngineResult[];
  }

  async execProtocolRaw(message: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    return (await this.#request({ op: 'protocol', message }, signal)) as Uint8Array;
  }

  /** As execProtocolRaw, and the value of the setting `report` after the messages ran. */
  async execProtocolReporting(
    message: Uint8Array,
    report: string,
    signal?: AbortSignal,
  ): Promise<ProtocolReply> {
    return (await this.#request({ op: 'protocol', message, report }, signal)) as ProtocolReply;
  }

  /** Closes the database and ends the thread; one still running a statement is terminated. */
  async close(): Promise<void> {
    if (!this.#stopped && this.#pending.size === 0) {
      const timeUp = new AbortController();
      const timer = setTimeout(
        () => timeUp.abort(new Error('the engine thread took too long to close')),
        CLOSE_TIMEOUT_MS,
      );
      try {
        await this.#request({ op: 'close' }, timeUp.signal);
      } catch {
        // Closing failed or took too long: the thread is terminated below all the same.
      } finally {
        clearTimeout(timer);
      }
    }
    this.#stop(new Error('the engine thread is closed'));
    await this.#worker.terminate();
  }

  #request(body: RequestBody, signal?: AbortSignal): Promise<EngineReply['value']> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.#nextId++;
    return new Promise<EngineReply['value']>((resolve, reject) => {
      const onAbort = () => {
        this.#interrupted = true;
        this.#stop(signal?.reason);
        void this.#worker.terminate();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        this.#pending.delete(id);
        if (this.#pending.size === 0) this.#worker.unref();
      };
      this.#pending.set(id, {
        resolve: (value) => {
          done();
          resolve(value);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      this.#worker.ref();
      this.#worker.postMessage({ ...body, id } satisfies EngineRequest);
    });
  }

  #settle(reply: EngineReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    if (reply.error) pending.reject(rebuildError(reply.error));
    else pending.resolve(reply.value);
  }

  /** No more calls: those waiting fail with `reason` (the first reason stays). */
  #stop(reason: unknown): void {
    this.#stopped ??= reason instanceof Error ? reason : new Error(String(reason));
    for (const pending of [...this.#pending.values()]) pending.reject(reason);
  }
}

/** An error from the thread, with its fields (`code`, `severity`, `hint`, …) back on it. */
function rebuildError(fields: NonNullable<EngineReply['error']>): Error {
  const { message, name, stack, ...rest } = fields;
  const error = Object.assign(new Error(message), rest);
  if (name) error.name = name;
  if (stack) error.stack = stack;
  return error;
}
