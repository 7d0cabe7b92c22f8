import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** The PGlite release the template cluster belongs to; a new release needs a new template. */
const PGLITE_VERSION = '0.5.14';
const RUN_PREFIX = 'jcsql-pg-';
/** Bumped whenever the way the template is prepared changes. */
const TEMPLATE_LAYOUT = 2;

/**
 * Opens a PGlite on a private copy of a prepared cluster. Running initdb costs ~4 s and ~700 MB
 * (shared/reference/stack-measurements.md §1); it runs once per machine, into the jcsql home, and
 * every later run copies that template (~0.2 s) and opens the copy (~0.3–0.6 s).
 */
export async function openCluster(home: string): Promise<{ db: PGlite; dispose: () => Promise<void> }> {
  const template = await ensureTemplate(home);
  removeAbandonedRuns();
  const dataDir = mkdtempSync(join(tmpdir(), `${RUN_PREFIX}${process.pid}-`));
  try {
    cpSync(template, dataDir, { recursive: true });
    const db = await PGlite.create({ dataDir });
    const dispose = async () => {
      try {
        await db.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    };
    return { db, dispose };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function ensureTemplate(home: string): Promise<string> {
  const root = join(home, 'cache', `pglite-${PGLITE_VERSION}-${TEMPLATE_LAYOUT}`);
  const template = join(root, 'template');
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  mkdirSync(root, { recursive: true });
  // Build beside it and rename: two first runs at once must not see a half-made template.
  const building = mkdtempSync(join(root, 'building-'));
  try {
    const db = await PGlite.create({ dataDir: building });
    // Only the `postgres` database is ever used: dropping the two template databases makes the
    // cluster 24 MB instead of 39, and every run copies it.
    await db.exec(`update pg_database set datistemplate = false where datname in ('template0', 'template1')`);
    await db.exec('drop database template0');
    await db.exec('drop database template1');
    await db.exec('checkpoint');
    await db.close();
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
