import { EXIT, UserError } from '../errors.js';
import { loadParser, type TableDef } from '../sdk/index.js';
import type { EngineOptions, SqlEngine } from './engine.js';

export type { EngineOptions, ResultSet, SessionConnections, SqlEngine, StatementOutcome } from './engine.js';

/** The SQL dialects `jcsql query --engine` offers. */
export const ENGINE_KINDS = ['postgres', 'sqlite'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

/**
 * Opens an engine; each is imported only when chosen, so one engine's dependencies never load for
 * another. An engine that does not open (its module missing or broken, its cluster unopenable) is
 * an initialization failure, with Steampipe's exit code for one.
 */
export async function openEngine(kind: EngineKind, options: EngineOptions): Promise<SqlEngine> {
  try {
    return await importAndOpen(kind, options);
  } catch (error) {
    throw initFailure(error);
  }
}

/** Something an engine needs did not start: an initialization failure (exit 250), unless it has a code of its own. */
export function initFailure(error: unknown): UserError {
  if (error instanceof UserError && error.exitCode !== EXIT.failed) return error;
  return new UserError(error instanceof Error ? error.message : String(error), {
    hint: error instanceof UserError ? error.hint : undefined,
    exitCode: EXIT.initFailed,
    cause: error,
  });
}

async function importAndOpen(kind: EngineKind, options: EngineOptions): Promise<SqlEngine> {
  switch (kind) {
    case 'postgres': {
      const { PostgresEngine } = await import('./postgres/postgres-engine.js');
      return PostgresEngine.open(options);
    }
    case 'sqlite': {
      const { SqliteEngine } = await import('./sqlite/sqlite-engine.js');
      return SqliteEngine.open(options);
    }
  }
}

/**
 * Starts the slow parts of opening an engine early: the SQL parser's WebAssembly (both engines
 * plan with it), and for Postgres opening its cluster, when its connections are known. The engine
 * waits for them when it opens (and reports their failure then).
 */
export async function warmEngine(
  kind: EngineKind,
  home: string,
  tables: readonly TableDef[],
  connections: Iterable<string> | undefined,
): Promise<void> {
  loadParser().catch(() => {});
  if (kind !== 'postgres' || connections === undefined) return;
  const [{ warmCluster }, { postgresTemplate }] = await Promise.all([
    import('./postgres/cluster.js'),
    import('./postgres/postgres-engine.js'),
  ]);
  warmCluster(home, postgresTemplate(tables, connections));
}

/** Releases what warmEngine started, when the command ends before opening the engine. */
export async function discardWarmEngine(
  kind: EngineKind,
  home: string,
  tables: readonly TableDef[],
  connections: Iterable<string>,
): Promise<void> {
  if (kind !== 'postgres') return;
  const [{ discardWarmCluster }, { postgresTemplate }] = await Promise.all([
    import('./postgres/cluster.js'),
    import('./postgres/postgres-engine.js'),
  ]);
  await discardWarmCluster(home, postgresTemplate(tables, connections));
}
