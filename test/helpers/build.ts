import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The newest modification time of the files below `dir` (0 when it does not exist). */
function newest(dir: string): number {
  let latest = 0;
  try {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
      if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  } catch {}
  return latest;
}

/**
 * Builds dist/ for the tests that run the built CLI, unless it is newer than every source file
 * (`npm test` has just built it): one build, not one a test file.
 */
export function buildIfStale(): void {
  if (newest(join(ROOT, 'dist')) >= newest(join(ROOT, 'src'))) return;
  // The build may report type errors in files other engineers are still writing; it emits regardless.
  try {
    execFileSync('npm', ['run', 'build'], { stdio: 'pipe', cwd: ROOT });
  } catch {}
}
