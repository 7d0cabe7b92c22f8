import { type EngineKind, openEngine, type SessionConnections, type SqlEngine } from '../engines/index.js';
import { describeError } from '../errors.js';
import type { TableDef } from '../sdk/index.js';
import {
  type Control,
  type ControlError,
  type ControlOutcome,
  type ResultRow,
  ROW_STATUSES,
  type RowStatus,
} from './model.js';

export interface RunControlsOptions {
  connections: SessionConnections;
  tables: readonly TableDef[];
  home: string;
  /** The engine of `--engine`: runs controls of dialect `any`. */
  engine: EngineKind;
  /** Called before each control, for a progress line. */
  onControl?: (index: number, total: number, control: Control) => void;
  notice?: (message: string) => void;
}

const REQUIRED = ['resource', 'status', 'reason'] as const;

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
  const { connections } = options;
  // One engine per dialect, over a view of the session whose default set is the connection in
  // turn: engines read `default` at each statement's fetch, so every connection shares them.
  const scoped: SessionConnections = { ...connections, default: connections.default.slice(0, 1) };
  const engines = new Map<EngineKind, Promise<SqlEngine>>();
  const engineFor = (kind: EngineKind): Promise<SqlEngine> => {
    let engine = engines.get(kind);
    if (!engine) {
      engine = openEngine(kind, {
        tables: options.tables,
        connections: scoped,
        home: options.home,
        notice: options.notice,
      });
      engines.set(kind, engine);
    }
    return engine;
  };
  const outcomes: ControlOutcome[] = [];
  try {
    for (const [index, control] of controls.entries()) {
      options.onControl?.(index, controls.length, control);
      const started = performance.now();
      const rows: ResultRow[] = [];
      const errors: ControlError[] = [];
      const kind: EngineKind = control.dialect === 'any' ? options.engine : control.dialect;
      for (const handle of connections.default) {
        try {
          const engine = await engineFor(kind);
          scoped.default = [handle];
          rows.push(...(await runOne(engine, control, handle.name)));
        } catch (error) {
          errors.push({ connection: handle.name, message: describeError(error) });
        }
      }
      outcomes.push({ control, rows, errors, durationMs: performance.now() - started });
    }
  } finally {
    for (const engine of engines.values()) await engine.then((e) => e.close()).catch(() => {});
  }
  return outcomes;
}

class ControlShapeError extends Error {}

async function runOne(engine: SqlEngine, control: Control, connection: string): Promise<ResultRow[]> {
  const plans = engine.plan(control.sql);
  if (plans.length !== 1) throw new ControlShapeError(`its SQL must be one statement, found ${plans.length}`);
  const { result } = await engine.runStatement(plans[0]!);
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
