/** The statuses a control's row may have; `error` is the runner's own, for a control that failed. */
export const ROW_STATUSES = ['ok', 'alarm', 'info', 'skip'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];
export type Status = RowStatus | 'error';
export const STATUSES: readonly Status[] = [...ROW_STATUSES, 'error'];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Which engine runs a control's SQL: `any` runs on the one `--engine` chose. */
export const DIALECTS = ['postgres', 'sqlite', 'any'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** Where a definition was read from, for messages. */
export interface Origin {
  file: string;
  line: number;
}

export interface Control {
  kind: 'control';
  id: string;
  title: string;
  description: string;
  severity: Severity;
  tags: Record<string, string>;
  remediation: string;
  dialect: Dialect;
  sql: string;
  origin: Origin;
}

export interface Benchmark {
  kind: 'benchmark';
  id: string;
  title: string;
  description: string;
  tags: Record<string, string>;
  /** Ids of controls and benchmarks, in order. */
  children: string[];
  origin: Origin;
}

export type CheckItem = Control | Benchmark;

/** Every definition loaded, by id (ids are one namespace: a benchmark and a control never share one). */
export interface Catalog {
  items: Map<string, CheckItem>;
}

/** One row a control returned. */
export interface ResultRow {
  connection: string;
  resource: string;
  status: RowStatus;
  reason: string;
  /** Every other column the control returned, as text (null stays null). */
  dimensions: Record<string, string | null>;
}

/** A control run on one connection that failed: its message, in one line. */
export interface ControlError {
  connection: string;
  message: string;
}

export interface ControlOutcome {
  control: Control;
  rows: ResultRow[];
  errors: ControlError[];
  durationMs: number;
}

export type Summary = Record<Status, number>;

export const emptySummary = (): Summary => ({ ok: 0, alarm: 0, info: 0, skip: 0, error: 0 });

/** Counts rows by status; each failed control run counts one `error`. */
export function summarise(outcomes: readonly ControlOutcome[]): Summary {
  const summary = emptySummary();
  for (const outcome of outcomes) {
    for (const row of outcome.rows) summary[row.status]++;
    summary.error += outcome.errors.length;
  }
  return summary;
}

/** What `jcsql check` ran: the benchmarks and controls selected, their outcomes, when and where. */
export interface CheckRun {
  startedAt: Date;
  durationMs: number;
  connections: string[];
  /** The selection as a tree: roots are the benchmarks and controls asked for. */
  roots: string[];
  catalog: Catalog;
  outcomes: ControlOutcome[];
  apiCalls: number;
}
