import { Semaphore } from '../../util/semaphore.js';
import type { EngineOptions } from '../engine.js';
import { PostgresEngine } from '../postgres/postgres-engine.js';

/**
 * Every client gets a PGlite of its own (~0.3–0.9 s to open, ~175 MB). One is kept open ahead
 * of time, so a client connecting finds it ready; an engine is never reused by a second client,
 * whose session must not inherit the first one's tables, settings or temporary objects.
 */
export class EnginePool {
  #spare: Promise<PostgresEngine> | undefined;
  #closed = false;
  /** Aborted on close: an engine still opening stops at once (the server is stopping). */
  readonly #closing = new AbortController();
  /** Opening is CPU- and disk-bound: a burst of clients opens two at a time, not all at once. */
  readonly #opening = new Semaphore(2);

  constructor(private readonly options: EngineOptions) {}

  /** Opens the first spare: call once at start, so the first client does not wait. */
  warm(): Promise<void> {
    return this.#take().then((engine) => {
      this.#spare = Promise.resolve(engine);
    });
  }

  /** An engine for a new client; starts opening the next spare. */
  async acquire(): Promise<PostgresEngine> {
    const engine = await this.#take();
    if (!this.#closed) this.#spare = this.#open();
    return engine;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#closing.abort(new Error('the server is stopping'));
    const spare = this.#spare;
    this.#spare = undefined;
    await spare?.then((engine) => engine.close()).catch(() => {});
  }

  #take(): Promise<PostgresEngine> {
    const spare = this.#spare ?? this.#open();
    this.#spare = undefined;
    return spare;
  }

  #open(): Promise<PostgresEngine> {
    const opening = this.#opening.acquire().then(async (release) => {
      try {
        return await PostgresEngine.open(this.options, this.#closing.signal);
      } finally {
        release();
      }
    });
    opening.catch(() => {}); // a failed spare is reported to the client that takes it
    return opening;
  }
}
