import type BetterSqlite3 from 'better-sqlite3';
import { UserError } from '../../errors.js';

/** better-sqlite3's Database constructor (with `SqliteError` on it). */
export type SqliteDriver = typeof BetterSqlite3;

const DRIVER_PACKAGE = 'better-sqlite3';

let installed: Promise<SqliteDriver> | undefined;

/**
 * better-sqlite3, loaded on first use. It is an optional dependency: it compiles SQLite from
 * source where no prebuilt binary fits, so an install may go without it (no compiler,
 * `--ignore-scripts`), and everything but `--engine sqlite` and `snapshot` still works.
 */
export function loadSqliteDriver(): Promise<SqliteDriver> {
  installed ??= loadSqliteDriverFrom(DRIVER_PACKAGE);
  return installed;
}

/**
 * Imports the driver from `specifier` and loads its native module now (better-sqlite3 loads it
 * in its first `new Database`), so that a missing or broken install is one line saying what to
 * run, never the bindings package's kilobyte of tried paths, and never halfway through a command.
 */
export async function loadSqliteDriverFrom(specifier: string): Promise<SqliteDriver> {
  let driver: SqliteDriver;
  try {
    driver = ((await import(specifier)) as { default: SqliteDriver }).default;
  } catch (error) {
    if (isNotFound(error, specifier))
      throw new UserError(
        `The SQLite engine needs ${DRIVER_PACKAGE}, an optional dependency that is not installed`,
        {
          hint: `Run \`npm install ${DRIVER_PACKAGE}\` where jcsql is installed (\`npm install -g ${DRIVER_PACKAGE}\` beside a global jcsql); ${BUILD_NOTE}`,
          cause: error,
        },
      );
    throw brokenDriver(error);
  }
  try {
    new driver(':memory:').close();
  } catch (error) {
    throw brokenDriver(error);
  }
  return driver;
}

const BUILD_NOTE = 'with no prebuilt binary for this platform it compiles, with make, g++ and python3';

function brokenDriver(error: unknown): UserError {
  return new UserError(
    `The SQLite engine needs ${DRIVER_PACKAGE}, which is installed but did not load (${firstSentence(error)})`,
    {
      hint: `Run \`npm rebuild ${DRIVER_PACKAGE}\` where jcsql is installed (\`npm rebuild -g ${DRIVER_PACKAGE}\` for a global jcsql); ${BUILD_NOTE}`,
      cause: error,
    },
  );
}
/** The module itself is missing, not one it imports in turn (that is a broken install). */
function isNotFound(error: unknown, specifier: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    error instanceof Error &&
    error.message.includes(`'${specifier}'`)
  );
}

/** `Could not locate the bindings file` of a message that goes on to list every path it tried. */
function firstSentence(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.trim().split('\n')[0]!;
  const end = line.search(/\.(\s|$)/);
  return (end < 0 ? line : line.slice(0, end)).slice(0, 200);
}
