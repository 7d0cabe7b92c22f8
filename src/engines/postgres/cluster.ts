import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeError, EXIT, UserError } from '../../errors.js';
import { EngineThread } from './engine-thread.js';

/** The PGlite release the template cluster belongs to; a new release needs a new template. */
const PGLITE_VERSION = '0.5.14';
const RUN_PREFIX = 'jcsql-pg-';
/** Bumped whenever the way the template is prepared changes. */
const TEMPLATE_LAYOUT = 5;

/**
 * What the template is made with: `sql` run once when it is built, on a copy of `base` (the
 * template it extends) or on a fresh initdb. `key` names it (a hash of the SQL and of its base's
 * key), so a change of either makes another template.
 */
export interface TemplateSchema {
  key: string;
  sql: string;
  base?: TemplateSchema;
}

/** The template schema of this SQL, made on `base` if given, named by a hash of both. */
export const templateSchema = (sql: string, base?: TemplateSchema): TemplateSchema => ({
  key: createHash('sha256')
    .update(base ? `${base.key}\0${sql}` : sql)
    .digest('hex')
    .slice(0, 16),
  sql,
  ...(base ? { base } : {}),
});

/**
 * Opens a PGlite, on a thread of its own, on a private copy of a prepared cluster. Running initdb
 * and creating the schema cost ~5 s and ~700 MB (shared/reference/stack-measurements.md §1); it
 * runs once per machine and schema, into the jcsql home, and every later run loads that template
 * into memory and opens it (~0.3 s).
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
 * Aborting `signal` stops the opening (the thread ends) and rejects with its reason. A template
 * that will not open (a crash while it was written, a disk error: PGlite says only `Aborted()`)
 * is moved aside and rebuilt once.
 */
async function openCopy(home: string, schema: TemplateSchema, signal?: AbortSignal): Promise<OpenCluster> {
  const root = templateRoot(home, schema);
  const { tar } = await ensureTemplate(root, schema);
  removeAbandonedRuns();
  const { ino } = statSync(tar);
  try {
    return await openCopyOf(tar, signal);
  } catch (error) {
    if (!(error instanceof TemplateUnopenable) || signal?.aborted) throw error;
    moveAside(root, tar, ino);
    try {
      return { ...(await openCopyOf((await ensureTemplate(root, schema)).tar, signal)), rebuiltCache: root };
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

/**
 * Opens a copy of the template in the engine thread's memory (PGlite's in-memory file system,
 * filled from the template's tar), never on disk: a copy of ~1,000 small files cost 0.1-0.9 s
 * on a disk where creating files is slow, and its removal more after (docs/serve-pool.md).
 */
async function openCopyOf(tar: string, signal?: AbortSignal): Promise<OpenCluster> {
  // The thread starts (and loads PGlite) while PGlite's module compiles.
  const db = new EngineThread();
  const dispose = () => db.close();
  try {
    await db.open(tar, signal);
    return { db, dispose };
  } catch (error) {
    await dispose().catch(() => {});
    throw signal?.aborted ? error : new TemplateUnopenable('the template cannot be opened', { cause: error });
  }
}

/**
 * Renames a damaged template's directory out of the way (atomically: another jcsql opening it
 * meanwhile fails and repairs it too) and removes it. `ino` says which tar was found damaged: a
 * template another process has already rebuilt in its place is left alone.
 */
function moveAside(root: string, tar: string, ino: number): void {
  const aside = `${root}-damaged-${process.pid}-${Date.now()}`;
  try {
    if (statSync(tar).ino !== ino) return;
    renameSync(root, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another process moved it
    throw error;
  }
  rmSync(aside, { recursive: true, force: true });
}

/** This jcsql's templates: one per schema (its tables change with jcsql's version). */
const TEMPLATE_PREFIX = `pglite-${PGLITE_VERSION}-${TEMPLATE_LAYOUT}-`;

const templateDirName = (schema: TemplateSchema): string => `${TEMPLATE_PREFIX}${schema.key}`;

const templateRoot = (home: string, schema: TemplateSchema): string =>
  join(home, 'cache', templateDirName(schema));

/**
 * A ready template: its cluster as a directory (what a template extending it copies) and as one
 * tar (what an engine opens, into memory).
 */
interface Template {
  dir: string;
  tar: string;
}

async function ensureTemplate(root: string, schema: TemplateSchema): Promise<Template> {
  const ready = { dir: join(root, 'template'), tar: join(root, 'template.tar') };
  // The tar is renamed into place last: once it is there, the directory is too.
  if (existsSync(ready.tar)) return ready;
  // The base first (from its own cache directory): extending it costs ~1 s, an initdb ~6 s.
  const base =
    schema.base && (await ensureTemplate(join(dirname(root), templateDirName(schema.base)), schema.base));
  mkdirSync(root, { recursive: true });
  // Build beside it and rename: two first runs at once must not see a half-made template.
  const building = mkdtempSync(join(root, 'building-'));
  const buildingTar = `${building}.tar`;
  try {
    // Once per machine, on the main thread (the first command waits for it either way).
    const { PGlite } = await import('@electric-sql/pglite');
    let db: InstanceType<typeof PGlite>;
    if (base) {
      cpSync(base.dir, building, { recursive: true });
      db = await PGlite.create({ dataDir: building });
    } else {
      // 1 MB WAL segments instead of 16: every engine loads the cluster, so its size is start-up time.
      db = await PGlite.create({ dataDir: building, initDbStartParams: ['--wal-segsize=1'] });
      // Only the `postgres` database is ever used: the two template databases go.
      await db.exec(
        `update pg_database set datistemplate = false where datname in ('template0', 'template1')`,
      );
      await db.exec('drop database template0');
      await db.exec('drop database template1');
    }
    await db.exec(schema.sql);
    await db.exec('checkpoint');
    const { rows } = await db.query<{ segment: string }>(
      'select pg_walfile_name(pg_current_wal_lsn()) as segment',
    );
    // Segments past the current one are preallocated spares; Postgres makes new ones when it needs them.
    const current = rows[0]!.segment;
    for (const name of readdirSync(join(building, 'pg_wal'))) {
      if (/^[0-9A-F]{24}$/.test(name) && name !== current) rmSync(join(building, 'pg_wal', name));
    }
    writeFileSync(buildingTar, new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer()));
    await db.close();
    try {
      renameSync(building, ready.dir);
      renameSync(buildingTar, ready.tar);
    } catch (error) {
      if (!existsSync(ready.tar)) throw error; // else another process won the race
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
    rmSync(buildingTar, { force: true });
  }
  removeOutdatedTemplates(dirname(root));
  return ready;
}

/**
 * Templates of another PGlite release or layout (an earlier jcsql's) are never opened again:
 * removed when this one builds a template, ~12 MB each.
 */
function removeOutdatedTemplates(cache: string): void {
  for (const name of readdirSync(cache)) {
    if (name.startsWith('pglite-') && !name.startsWith(TEMPLATE_PREFIX))
      rmSync(join(cache, name), { recursive: true, force: true });
  }
}

/** Copies on disk left behind by processes of earlier jcsql versions that died before cleaning up. */
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
