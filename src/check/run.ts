import { type EngineKind, openEngine, type SessionConnections, type SqlEngine } from '../engines/index.js';
import { describeError } from '../errors.js';
import type { TableDef } from '../sdk/index.js';
import {
  type Catalog,
  type CheckRun,
  type Control,
  type ControlError,
  type ControlOutcome,
  type ResultRow,
  ROW_STATUSES,
  type RowStatus,
} from './model.js';

/** What the engines of a run need: the session's connections, the tables, jcsql's home. */
export interface ControlRunnerOptions {
  connections: SessionConnections;
  tables: readonly TableDef[];
  home: string;
  notice?: (message: string) => void;
}

/** One run's choices. */
export interface ControlRunOptions {
  /** The engine of `--engine`: runs controls of dialect `any`. */
  engine: EngineKind;
  /** Called before each control, for a progress line. */
  onControl?: (index: number, total: number, control: Control) => void;
  /** Aborting it stops the run: the control running stops its API calls, and the run fails with the reason. */
  signal?: AbortSignal | undefined;
}

/** A run on a runner's engines, kept open across runs (a server's); else on engines of its own, closed after. */
export type RunControlsOptions = ControlRunOptions & (ControlRunnerOptions | { runner: ControlRunner });

const REQUIRED = ['resource', 'status', 'reason'] as const;

/**
 * A check run as the reports take it: the selected controls (under `roots`) run on the
 * session's default connections, timed, with the API calls they made.
 */
export async function runSelection(
  catalog: Catalog,
  roots: readonly string[],
  controls: readonly Control[],
  options: RunControlsOptions,
): Promise<CheckRun> {
  const { connections } = 'runner' in options ? options.runner : options;
  const startedAt = new Date();
  const before = connections.requests.count;
  const outcomes = await runControls(controls, options);
  return {
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    connections: connections.default.map((handle) => handle.name),
    roots: [...roots],
    catalog,
    outcomes,
    apiCalls: connections.requests.count - before,
  };
}

/**
 * Runs each control on each connection of the session's default set (one, or an aggregator's
 * members) in turn, one engine per dialect, all over the same connection handles: their
 * scan caches are shared, so a table several controls read is fetched once per connection. A
 * control that fails records one error per connection and the next one runs.
 */
export async function runControls(
  controls: readonly Control[],
  options: RunControlsOptions,
): Promise<ControlOutcome[]> {
  if ('runner' in options) return options.runner.run(controls, options);
  const runner = new ControlRunner(options);
  try {
    return await runner.run(controls, options);
  } finally {
    await runner.close();
  }
}

/**
 * The engines controls run on, one per dialect, opened when first needed and kept until `close`,
 * over a view of the session whose default set is the connection in turn: engines read `default`
 * at each statement's fetch, so every connection shares them. Runs take turns.
 */
export class ControlRunner {
  readonly #options: ControlRunnerOptions;
  readonly connections: SessionConnections;
  readonly #scoped: SessionConnections;
  readonly #engines = new Map<EngineKind, Promise<SqlEngine>>();
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: ControlRunnerOptions) {
    this.#options = options;
    this.connections = options.connections;
    this.#scoped = { ...options.connections, default: options.connections.default.slice(0, 1) };
  }

  run(controls: readonly Control[], options: ControlRunOptions): Promise<ControlOutcome[]> {
    const work = () => this.#run(controls, options);
    const result = this.#tail.then(work, work);
    this.#tail = result.catch(() => {});
    return result;
  }

  /** Closes the engines (a run still going fails). */
  async close(): Promise<void> {
    for (const engine of this.#engines.values()) await engine.then((e) => e.close()).catch(() => {});
    this.#engines.clear();
  }

  #engineFor(kind: EngineKind): Promise<SqlEngine> {
    let engine = this.#engines.get(kind);
    if (!engine) {
      engine = openEngine(kind, {
        tables: this.#options.tables,
        connections: this.#scoped,
        home: this.#options.home,
        notice: this.#options.notice,
      });
      engine.catch(() => this.#engines.delete(kind)); // a failed open is tried again by the next run
      this.#engines.set(kind, engine);
    }
    return engine;
  }

  async #run(controls: readonly Control[], options: ControlRunOptions): Promise<ControlOutcome[]> {
    const outcomes: ControlOutcome[] = [];
    for (const [index, control] of controls.entries()) {
      options.signal?.throwIfAborted();
      options.onControl?.(index, controls.length, control);
      const started = performance.now();
      const rows: ResultRow[] = [];
      const errors: ControlError[] = [];
      const kind: EngineKind = control.dialect === 'any' ? options.engine : control.dialect;
      for (const handle of this.connections.default) {
        try {
          const engine = await this.#engineFor(kind);
          this.#scoped.default = [handle];
          rows.push(...(await runOne(engine, control, handle.name, options.signal)));
        } catch (error) {
          // A cancel or a timeout ends the run; any other failure is this control's.
          options.signal?.throwIfAborted();
          errors.push({ connection: handle.name, message: describeError(error) });
        }
      }
      outcomes.push({ control, rows, errors, durationMs: performance.now() - started });
    }
    return outcomes;
  }
}
class ControlShapeError extends Error {}

async function runOne(
  engine: SqlEngine,
  control: Control,
  connection: string,
  signal: AbortSignal | undefined,
): Promise<ResultRow[]> {
  const plans = engine.plan(control.sql);
  if (plans.length !== 1) throw new ControlShapeError(`its SQL must be one statement, found ${plans.length}`);
  const { result } = await engine.runStatement(plans[0]!, { signal });
  const names = result.columns.map((column) => column.name);
  const missing = REQUIRED.filter((name) => !names.includes(name));
  if (missing.length > 0)
    throw new ControlShapeError(
      `its SQL returns no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (it must return resource, status and reason)`,
    );
  return result.rows.map((values) => {
    const row: Record<string, string | null> = {};
    names.forEach((name, i) => {
      row[name] = text(values[i]);
    });
    const status = row.status;
    if (!(ROW_STATUSES as readonly (string | null | undefined)[]).includes(status))
      throw new ControlShapeError(
        `a row has status '${status}': a status is one of ${ROW_STATUSES.join(', ')}`,
      );
    const dimensions: Record<string, string | null> = {};
    for (const name of names)
      if (!(REQUIRED as readonly string[]).includes(name)) dimensions[name] = row[name]!;
    return {
      connection,
      resource: row.resource ?? '',
      status: status as RowStatus,
      reason: row.reason ?? '',
      dimensions,
    };
  });
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
