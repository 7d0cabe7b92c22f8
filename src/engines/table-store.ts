/**
 * What the engines' table stores (postgres-store.ts, sqlite-store.ts) share: each holds the
 * JumpCloud tables as ordinary tables in one schema, loads a scan's rows into them, and skips a
 * load of the very rows a table already holds (a scan served from the cache).
 */

import { UserError } from '../errors.js';
import type { Row } from '../sdk/index.js';

/** A quoted SQL identifier; Postgres and SQLite quote alike. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The rows each table holds now, so that loading the same rows again can be skipped. */
export class LoadedRows {
  readonly #rows = new Map<string, readonly Row[]>();

  /** Whether the table holds these very row objects, in this order (what a cache hit gives again). */
  holds(table: string, rows: readonly Row[]): boolean {
    const loaded = this.#rows.get(table);
    if (loaded === rows) return true;
    return loaded !== undefined && loaded.length === rows.length && rows.every((row, i) => row === loaded[i]);
  }

  set(table: string, rows: readonly Row[]): void {
    this.#rows.set(table, rows);
  }

  /** The table's rows are no longer known (a load failed, or may be rolled back). */
  forget(table: string): void {
    this.#rows.delete(table);
  }
}

/** A statement changed a JumpCloud table's definition (a trigger, index, column…): its rows can no longer be trusted. */
export const alteredError = () =>
  new UserError(
    'A statement altered a JumpCloud table (its owner, columns, triggers, rules, checks, indexes or privileges): its rows can no longer be trusted in this session',
    {
      sqlState: '55000', // object_not_in_prerequisite_state
      hint: 'Start jcsql again (with serve: connect again) to get the tables as they were',
    },
  );
