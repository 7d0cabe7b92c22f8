import { largerEffect, type SessionEffect } from '../../sdk/index.js';
import type { EngineOptions } from '../engine.js';
import { PostgresEngine } from '../postgres/postgres-engine.js';
import { DEFAULT_POOL_SIZE } from './defaults.js';
import { messageType, splitMessages, startupMessage } from './protocol.js';
import { applyState, captureState, isFreshState, type SessionState } from './session-state.js';

/** A client waiting for an engine, and how to wake it. */
interface Waiter {
  tenant: Tenant;
  wake: () => void;
}

/** One client's session as the pool keeps it: its state, and the engine that state lives on. */
export class Tenant {
  /** The state to apply on an engine it is given; current only while no engine holds it live. */
  state: SessionState;
  /** The engine its state lives on (idle or running its statement), if any. */
  home: PooledEngine | undefined;
  /** Its session holds what cannot move (objects, …): `home` is its own until it leaves. */
  pinned = false;
  /** What its statements may have left on `home` since `state` was put there (sdk session-effect.ts). */
  changed: SessionEffect = 'none';

  constructor(
    /** Its state as it connected: what it starts again from when its session is lost. */
    public initial: SessionState,
  ) {
    this.state = initial;
  }

  /** Its statements ran on its engine and may have left this. */
  ran(effect: SessionEffect): void {
    this.changed = largerEffect(this.changed, effect);
  }
}

/** An engine of the pool, and whose session it holds. */
export class PooledEngine {
  /** Whose session lives on it; undefined for a fresh engine, or once its client left. */
  holder: Tenant | undefined;
  /** A statement of some client is running on it (or it is being handed over). */
  busy = false;
  /** A client's statements may have run on it since it was fresh or reset: reset before another's run. */
  used = false;
  /** The protocol-level prepared statements its holder made on it (client-session.ts remakes the others). */
  readonly parsed = new Set<string>();
  lastUsed = 0;

  constructor(readonly engine: PostgresEngine) {}
}

/**
 * The Postgres engines `serve` runs its clients' statements on: a few PGlites shared by every
 * client, as PgBouncer's transaction pooling shares server connections. A client takes an engine
 * for a statement (or a whole transaction) and gives it back when idle; its session stays on
 * that engine until another client needs it. Then the engine is reset (as DISCARD ALL does), and
 * the client's settings and prepared statements, read off first if its statements may have
 * changed them, go with it to the next engine it takes (session-state.ts). A session that holds
 * what cannot move (tables or other objects it made, temporary ones included, WITH HOLD cursors,
 * LISTEN, advisory locks) keeps its engine as its own until it leaves, and the pool opens another
 * in its place. docs/serve-pool.md has the design and its measurements.
 */
export class EnginePool {
  /** The shared engines, idle or busy (not those kept by one client). */
  readonly #shared = new Set<PooledEngine>();
  /** Every engine opened and not yet closed, those kept by one client included. */
  readonly #all = new Set<PooledEngine>();
  #opening = 0;
  #closed = false;
  /** Clients waiting for an engine, in the order they came. */
  readonly #waiting: Waiter[] = [];
  /** Aborted on close: engines still opening stop at once (the server is stopping). */
  readonly #closing = new AbortController();
  /** The last open failure since an open succeeded: a client waiting for an engine is told it. */
  #openFailure: unknown;
  #clock = 0;
  #parameterStatus: Uint8Array[] | undefined;

  constructor(
    private readonly options: EngineOptions,
    readonly size: number = DEFAULT_POOL_SIZE,
  ) {}

  /** Engines open now (shared, and kept by one client). */
  get engines(): number {
    return this.#all.size;
  }

  /** The ParameterStatus messages a client is sent at startup (known once an engine opened: `warm`). */
  get parameterStatus(): readonly Uint8Array[] {
    return this.#parameterStatus ?? [];
  }

  /** Opens the first engine: call once at start, so the first client does not wait (and a broken install fails the start). */
  async warm(): Promise<void> {
    this.#shared.add(await this.#open());
  }

  /**
   * An engine with the tenant's session on it, busy until `release`; waits while none is free.
   * Aborting `signal` stops the wait.
   */
  async checkout(tenant: Tenant, signal: AbortSignal): Promise<PooledEngine> {
    let woken = false;
    for (;;) {
      signal.throwIfAborted();
      if (this.#closed) throw new Error('the server is stopping');
      const chosen = this.#choose(tenant);
      if (chosen) {
        let ready = false;
        try {
          ready = await this.#handOver(chosen, tenant);
        } catch (error) {
          this.#abandon(chosen, tenant);
          throw error;
        }
        if (ready) {
          this.#keepSpare();
          return chosen;
        }
        continue; // its last client had to keep it: choose again
      }
      if (!tenant.home && this.#shared.size + this.#opening < this.size) this.#grow();
      else if (this.#openFailure !== undefined && this.#shared.size === 0) throw this.#openFailure;
      // Woken and beaten to the engine by a client that did not wait: it is still first in line.
      await this.#idle(tenant, signal, woken);
      woken = true;
    }
  }

  /** The tenant's statement is over and it is idle: another client may have the engine. */
  release(pooled: PooledEngine): void {
    pooled.busy = false;
    pooled.lastUsed = ++this.#clock;
    this.#wake();
  }

  /** An engine whose statement was stopped inside Postgres (its thread ended), or that failed: closed, never used again. */
  async discard(pooled: PooledEngine): Promise<void> {
    const shared = this.#shared.delete(pooled);
    this.#all.delete(pooled);
    // Its replacement starts opening now: the next statement should not wait for all of it.
    if (shared && !this.#closed && this.#opening === 0) this.#grow();
    const holder = pooled.holder;
    if (holder?.home === pooled) {
      // Its session is gone with it: the client starts again as it connected.
      holder.home = undefined;
      holder.pinned = false;
      holder.state = holder.initial;
      holder.changed = 'none';
    }
    this.#wake();
    await pooled.engine.close().catch(() => {});
  }

  /**
   * The client left (its statement, if any, already stopped): an engine it kept as its own, or
   * where it may have made objects, is closed; a shared one is reset before its next client's run.
   */
  async leave(tenant: Tenant): Promise<void> {
    const home = tenant.home;
    if (!home || home.holder !== tenant) return;
    if (tenant.pinned || tenant.changed === 'objects') {
      await this.discard(home);
      return;
    }
    tenant.home = undefined;
    home.holder = undefined;
    if (home.busy) this.release(home);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#closing.abort(new Error('the server is stopping'));
    this.#wake();
    const engines = [...this.#all];
    this.#all.clear();
    this.#shared.clear();
    await Promise.allSettled(engines.map((pooled) => pooled.engine.close()));
  }

  /**
   * The engine to give the tenant now, marked busy: its own (kept, or where its session is);
   * else an idle one, preferring one nobody's session is on, then the one idle longest.
   * Undefined: wait (none is idle, or the tenant's session is being read off its engine).
   */
  #choose(tenant: Tenant): PooledEngine | undefined {
    const chosen = this.#free(tenant);
    if (chosen) chosen.busy = true;
    return chosen;
  }

  /** The engine `#choose` would give the tenant now, leaving out those in `promised`. */
  #free(tenant: Tenant, promised?: ReadonlySet<PooledEngine>): PooledEngine | undefined {
    const free = (pooled: PooledEngine) => !pooled.busy && !promised?.has(pooled);
    if (tenant.home) return free(tenant.home) ? tenant.home : undefined;
    let best: PooledEngine | undefined;
    for (const pooled of this.#shared) {
      if (!free(pooled)) continue;
      if (!pooled.holder) return pooled;
      if (!best || pooled.lastUsed < best.lastUsed) best = pooled;
    }
    return best;
  }

  /**
   * Puts the tenant's session on an engine chosen for it. The state another client left there is
   * read off first, if its statements may have changed it, and kept with that client; if it
   * cannot move, the engine becomes that client's own and this returns false. The engine is then
   * reset (as DISCARD ALL does) if anyone ran statements on it, so nothing of theirs is seen.
   */
  async #handOver(pooled: PooledEngine, tenant: Tenant): Promise<boolean> {
    if (pooled.holder === tenant) return true;
    const previous = pooled.holder;
    if (previous) {
      const state = previous.changed === 'none' ? previous.state : await this.#movable(pooled, previous);
      if (!state) {
        previous.pinned = true;
        this.#shared.delete(pooled);
        pooled.busy = false;
        this.#wake();
        return false;
      }
      previous.state = state;
      previous.changed = 'none';
      previous.home = undefined;
      pooled.holder = undefined;
      this.#wake(); // the previous client, if waiting for this engine, may now take any
    }
    if (pooled.used || !isFreshState(tenant.state)) {
      await applyState(pooled.engine, tenant.state, pooled.used);
      pooled.parsed.clear();
    }
    pooled.used = true;
    pooled.holder = tenant;
    tenant.home = pooled;
    tenant.changed = 'none';
    return true;
  }

  /** The state of the holder's session on an engine, if it may move to another. */
  #movable(pooled: PooledEngine, holder: Tenant): Promise<SessionState | undefined> {
    return holder.changed === 'objects' ? Promise.resolve(undefined) : captureState(pooled.engine);
  }

  /**
   * A hand-over failed part-way: the engine is reset before its next use (`used`), and the tenant
   * starts again as it connected (a state that cannot be applied must not fail every later statement).
   */
  #abandon(pooled: PooledEngine, tenant: Tenant): void {
    if (tenant.home === pooled) tenant.home = undefined;
    if (pooled.holder === tenant) pooled.holder = undefined;
    pooled.used = true;
    tenant.state = tenant.initial;
    tenant.changed = 'none';
    if (this.#shared.has(pooled)) this.release(pooled);
  }

  /**
   * Opens one engine ahead while the pool is below its size and none is free for a client that
   * comes next: an engine takes most of a second to open, and a client should not wait for it.
   */
  #keepSpare(): void {
    if (this.#closed || this.#opening > 0 || this.#shared.size >= this.size) return;
    for (const pooled of this.#shared) if (!pooled.busy && !pooled.holder) return;
    this.#grow();
  }

  /** Opens one more shared engine in the background; a client waiting takes it when it is ready. */
  #grow(): void {
    this.#opening++;
    this.#open().then(
      (pooled) => {
        this.#opening--;
        this.#openFailure = undefined;
        if (this.#closed) return;
        this.#shared.add(pooled);
        this.#wake();
      },
      (error: unknown) => {
        this.#opening--;
        this.#openFailure = error;
        this.#wake();
      },
    );
  }

  async #open(): Promise<PooledEngine> {
    const engine = await PostgresEngine.open(this.options, this.#closing.signal);
    if (this.#closed) {
      await engine.close();
      throw new Error('the server is stopping');
    }
    // Each engine starts its Postgres session as a client's would; its ParameterStatus messages
    // (server version, encoding, …) are what every client is told at startup.
    const started = await engine.execProtocolRaw(startupMessage({ user: 'postgres', database: 'postgres' }));
    this.#parameterStatus ??= splitMessages(started).messages.filter(
      (message) => messageType(message) === 'S',
    );
    const pooled = new PooledEngine(engine);
    this.#all.add(pooled);
    return pooled;
  }

  /**
   * Resolves when an engine may have become free for the tenant (or rejects when the wait is
   * aborted); `first`: ahead of those waiting.
   */
  #idle(tenant: Tenant, signal: AbortSignal, first: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        tenant,
        wake: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (first) this.#waiting.unshift(waiter);
      else this.#waiting.push(waiter);
    });
  }

  /**
   * Wakes, in the order they came, the waiters that can go on: one for each engine free to it
   * (its own, else a shared one), and one for each engine the pool may still open; all of them
   * when the pool is closing or cannot open an engine. (Waking every waiter at every release made
   * 100 clients on 2 engines allocate and promote hundreds of MB a second: docs/serve-pool.md.)
   */
  #wake(): void {
    if (this.#closed || (this.#openFailure !== undefined && this.#shared.size === 0)) {
      for (const waiter of this.#waiting.splice(0)) waiter.wake();
      return;
    }
    const promised = new Set<PooledEngine>();
    let openable = this.size - this.#shared.size - this.#opening;
    const still: Waiter[] = [];
    for (const waiter of this.#waiting) {
      const pooled = this.#free(waiter.tenant, promised);
      if (pooled) promised.add(pooled);
      else if (!waiter.tenant.home && openable > 0) openable--;
      else {
        still.push(waiter);
        continue;
      }
      waiter.wake();
    }
    this.#waiting.splice(0, this.#waiting.length, ...still);
  }
}
