import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError, EXIT, UserError } from '../../errors.js';
import { EngineThread, pgliteModule } from './engine-thread.js';

/** The PGlite release the template cluster belongs to; a new release needs a new template. */
const PGLITE_VERSION = '0.5.14';
const RUN_PREFIX = 'jcsql-pg-';
/** Bumped whenever the way the template is prepared changes. */
const TEMPLATE_LAYOUT = 4;

/**
 * What the template is made with beyond initdb (the engine's tables, their grants), run once when
 * it is built; `key` names it (a hash of the SQL), so a change of the SQL makes another template.
 */
export interface TemplateSchema {
  key: string;
  sql: string;
}

/** The template schema of this SQL, named by a hash of it. */
export const templateSchema = (sql: string): TemplateSchema => ({
  key: createHash('sha256').update(sql).digest('hex').slice(0, 16),
  sql,
});

/**
 * Opens a PGlite, on a thread of its own, on a private copy of a prepared cluster. Running initdb
 * and creating the schema cost ~5 s and ~700 MB (shared/reference/stack-measurements.md §1); it
 * runs once per machine and schema, into the jcsql home, and every later run copies that template
 * (~0.2 s) and opens the copy (~0.3–0.6 s).
 */
export async function openCluster(
  home: string,
  schema: TemplateSchema,
  signal?: AbortSignal,
): Promise<OpenCluster> {
  const key = warmKey(home, schema);
  const warmed = warming.get(key);
  if (warmed) {
    warming.delete(key);
    return warmed;
  }
  return openCopy(home, schema, signal);
}

const warmKey = (home: string, schema: TemplateSchema) => `${home}\0${schema.key}`;

export interface OpenCluster {
  db: EngineThread;
  /** Closes the database (or terminates its thread) and removes the copy. */
  dispose: () => Promise<void>;
  /** The cache directory whose template was found damaged and rebuilt to open this cluster, if it was. */
  rebuiltCache?: string;
}

/** Clusters being opened ahead of time, by home and schema: the next openCluster takes it. */
const warming = new Map<string, Promise<OpenCluster>>();

/**
 * Starts opening a cluster now, so the work overlaps whatever the caller does before it needs
 * one (reading config, starting the demo simulator, reading stdin).
 */
export function warmCluster(home: string, schema: TemplateSchema): void {
  const key = warmKey(home, schema);
  if (warming.has(key)) return;
  const opening = openCopy(home, schema);
  opening.catch(() => warming.delete(key)); // openCluster will try again and report it
  warming.set(key, opening);
}

/** Closes a cluster opened ahead of time that nobody took (the command failed before it needed it). */
export async function discardWarmCluster(home: string, schema: TemplateSchema): Promise<void> {
  const key = warmKey(home, schema);
  const warmed = warming.get(key);
  warming.delete(key);
  await warmed?.then((cluster) => cluster.dispose()).catch(() => {});
}

/**
 * Aborting `signal` stops the opening (the thread ends, the copy is removed) and rejects with its
 * reason. A template that copies but will not open (a crash while it was written, a disk error:
 * PGlite says only `Aborted()`) is moved aside and rebuilt once.
 */
async function openCopy(home: string, schema: TemplateSchema, signal?: AbortSignal): Promise<OpenCluster> {
  const root = templateRoot(home, schema);
  const template = await ensureTemplate(root, schema);
  removeAbandonedRuns();
  const { ino } = statSync(template);
  try {
    return await openCopyOf(template, signal);
  } catch (error) {
    if (!(error instanceof TemplateUnopenable) || signal?.aborted) throw error;
    moveAside(template, ino);
    try {
      return { ...(await openCopyOf(await ensureTemplate(root, schema), signal)), rebuiltCache: root };
    } catch (again) {
      if (signal?.aborted) throw again;
      throw new UserError(
        `The cached Postgres engine in ${root} cannot be opened (${describeError(again instanceof TemplateUnopenable ? again.cause : again)})`,
        { hint: `Remove ${join(home, 'cache')} and run again`, exitCode: EXIT.initFailed },
      );
    }
  }
}

/** PGlite failed to open a fresh copy of the template: the template itself is at fault. */
class TemplateUnopenable extends Error {}

async function openCopyOf(template: string, signal?: AbortSignal): Promise<OpenCluster> {
  // The thread starts (and loads PGlite), and PGlite's module compiles, while this one copies the cluster.
  const db = new EngineThread();
  void pgliteModule();
  const dataDir = mkdtempSync(join(tmpdir(), `${RUN_PREFIX}${process.pid}-`));
  const dispose = async () => {
    try {
      await db.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true }); // not blocking a server's other clients
    }
  };
  try {
    // Not cpSync: `serve` opens engines while it answers clients, whose statements (and their
    // timers) must not wait behind a copy of ~650 files.
    await cp(template, dataDir, { recursive: true });
  } catch (error) {
    await dispose();
    throw error;
  }
  try {
    await db.open(dataDir, signal);
    return { db, dispose };
  } catch (error) {
    await dispose();
    throw signal?.aborted ? error : new TemplateUnopenable('the template cannot be opened', { cause: error });
  }
}

/**
 * Renames a damaged template out of the way (atomically: another jcsql copying it meanwhile fails
 * and repairs it too) and removes it. `ino` says which template was found damaged: one that another
 * process has already rebuilt in its place is left alone.
 */
function moveAside(template: string, ino: number): void {
  const aside = `${template}-damaged-${process.pid}-${Date.now()}`;
  try {
    if (statSync(template).ino !== ino) return;
    renameSync(template, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another process moved it
    throw error;
  }
  rmSync(aside, { recursive: true, force: true });
}

/** This jcsql's templates: one per schema (its tables change with jcsql's version). */
const TEMPLATE_PREFIX = `pglite-${PGLITE_VERSION}-${TEMPLATE_LAYOUT}-`;

const templateRoot = (home: string, schema: TemplateSchema): string =>
  join(home, 'cache', `${TEMPLATE_PREFIX}${schema.key}`);

async function ensureTemplate(root: string, schema: TemplateSchema): Promise<string> {
  const template = join(root, 'template');
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  mkdirSync(root, { recursive: true });
  // Build beside it and rename: two first runs at once must not see a half-made template.
  const building = mkdtempSync(join(root, 'building-'));
  try {
    // Once per machine, on the main thread (the first command waits for it either way).
    const { PGlite } = await import('@electric-sql/pglite');
    // 1 MB WAL segments instead of 16: every run copies the cluster, so its size is start-up time.
    const db = await PGlite.create({ dataDir: building, initDbStartParams: ['--wal-segsize=1'] });
    // Only the `postgres` database is ever used: the two template databases go.
    await db.exec(`update pg_database set datistemplate = false where datname in ('template0', 'template1')`);
    await db.exec('drop database template0');
    await db.exec('drop database template1');
    await db.exec(schema.sql);
    await db.exec('checkpoint');
    const { rows } = await db.query<{ segment: string }>(
      'select pg_walfile_name(pg_current_wal_lsn()) as segment',
    );
    await db.close();
    // Segments past the current one are preallocated spares; Postgres makes new ones when it needs them.
    const current = rows[0]!.segment;
    for (const name of readdirSync(join(building, 'pg_wal'))) {
      if (/^[0-9A-F]{24}$/.test(name) && name !== current) rmSync(join(building, 'pg_wal', name));
    }
    try {
      renameSync(building, template);
    } catch (error) {
      if (!existsSync(join(template, 'PG_VERSION'))) throw error; // else another process won the race
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

/** Copies left behind by processes that died before cleaning up. */
function removeAbandonedRuns(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const pid = Number(name.slice(RUN_PREFIX.length).split('-')[0]);
    if (!Number.isInteger(pid) || isAlive(pid)) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
