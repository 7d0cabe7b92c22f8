/**
 * What the conformance suite needs of an engine: ask it a question, get back its answer in one
 * representation, whatever the engine's own (SQLite's 0/1 booleans and JSON text, node-postgres's
 * int8 strings and Dates, export's JSON lines).
 */

import type { ColumnType } from '../../../src/sdk/index.js';
import type { RunningSimulator, SimulatorOptions } from '../../../src/simulator/index.js';

/** The engines the suite runs against; each has its file in this directory. */
export type EngineName = 'postgres' | 'sqlite' | 'serve' | 'export';

/** What a case needs of an engine beyond reading one table's columns with conditions. */
export type Feature =
  /** More than one table in a statement. */
  | 'join'
  /** SQL beyond a table's columns and conditions: expressions, aggregates, ORDER BY, OFFSET, subqueries. */
  | 'sql'
  /** Postgres's jsonb operators (`@>`, `?`), which have no form in other dialects. */
  | 'jsonb'
  /** A statement that would write (insert, update, delete). */
  | 'write'
  /** The engine's own name for each column type in its answers. */
  | 'types'
  /** A timestamp literal in a zone other than UTC, compared as the instant it names. */
  | 'zoned-timestamps';

/** An export: `jcsql export <table> --select … --where … --limit …`. */
export interface ExportQuestion {
  table: string;
  select?: readonly string[];
  where?: readonly string[];
  limit?: number;
}

/** One question, in each engine's form. */
export interface Question {
  /** The Postgres dialect (the Postgres engine and serve). */
  sql: string;
  /** SQLite's dialect, where it differs from the Postgres one. */
  sqlite?: string;
  /** The same question as an export, for the single-table cases. */
  export?: ExportQuestion;
}

/** An engine's failure, as its user sees it. */
export interface EngineError {
  /** The SQLSTATE (serve) or the exit code (export); the in-process engines have none. */
  code?: string | number;
  message: string;
  hint?: string;
}

export type Answer =
  | {
      /**
       * Each column's name and the engine's name for its type (undefined where the engine's answers
       * carry no types); null when the answer carries no column names at all (an export with no rows).
       */
      columns: Array<{ name: string; type: string | undefined }> | null;
      rows: unknown[][];
    }
  | { error: EngineError };

export interface AskOptions {
  /** The statement's time limit, as the engine's user would set it. */
  timeoutSeconds?: number;
}

/**
 * The one representation answers are compared in: NULL is null; strings, numbers and booleans
 * are themselves; JSON is parsed; a timestamp is its instant as ISO-8601 UTC text with
 * milliseconds (`2020-03-13T12:45:46.741Z`); an inet is its text.
 */
export type Canonical = unknown;

export interface EngineAdapter {
  readonly name: EngineName;
  /** The simulated org the engine reads. */
  readonly simulator: RunningSimulator;
  /** The name of the engine's connection to it (its rows' sp_connection_name). */
  readonly connection: string;
  /** The engine's type name for each column type, where its answers carry types. */
  readonly typeNames: Record<ColumnType, string> | undefined;
  /** Whether rows come in the order a question asks for (an export writes them in the API's order). */
  readonly ordersRows: boolean;
  ask(question: Question, options?: AskOptions): Promise<Answer>;
  /** One value of a column of the given type, from the engine's representation to the canonical one. */
  normalise(value: unknown, type: ColumnType): Canonical;
  close(): Promise<void>;
}

/** An engine under test, as its file declares it. */
export interface EngineUnderTest {
  name: EngineName;
  open(org: SimulatorOptions): Promise<EngineAdapter>;
  /** What the engine cannot be asked, and why: those cases are skipped, with the reason in their name. */
  skips: Partial<Record<Feature, string>>;
}

/** A canonical value's text with object keys sorted, for comparing rows as multisets. */
export function canonicalText(value: Canonical): string {
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalText((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}
