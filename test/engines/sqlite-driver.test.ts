import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSqliteDriverFrom } from '../../src/engines/sqlite/sqlite-driver.js';
import { describeError, UserError } from '../../src/errors.js';
import { makeTempDir } from '../helpers/engine.js';

const require = createRequire(import.meta.url);

/** What the CLI prints for a failed load: one line, with the command to run. */
async function failedLoad(specifier: string): Promise<{ error: UserError; line: string }> {
  const error = await loadSqliteDriverFrom(specifier).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(UserError);
  return { error: error as UserError, line: describeError(error) };
}

describe('better-sqlite3, an optional dependency, loaded on demand', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('not installed: one line naming the package and the npm install to run', async () => {
    const { error, line } = await failedLoad('better-sqlite3-not-installed');
    expect(line).toMatch(
      /^The SQLite engine needs better-sqlite3, an optional dependency that is not installed\. /,
    );
    expect(line).toContain('`npm install better-sqlite3` where jcsql is installed');
    expect(line).not.toContain('\\n');
    expect(error.exitCode).toBe(1);
  });

  it('installed without its native module (--ignore-scripts, a failed build): the bindings error in one line and the npm rebuild to run', async () => {
    // The real package's JavaScript with no build/ beside it, as `npm install --ignore-scripts` leaves it.
    const packageDir = dirname(require.resolve('better-sqlite3/package.json'));
    const modules = join(makeTempDir('jcsql-driver-'), 'node_modules');
    dirs.push(dirname(modules));
    const unbuilt = join(modules, 'better-sqlite3');
    mkdirSync(unbuilt, { recursive: true });
    cpSync(join(packageDir, 'package.json'), join(unbuilt, 'package.json'));
    cpSync(join(packageDir, 'lib'), join(unbuilt, 'lib'), { recursive: true });
    symlinkSync(dirname(require.resolve('bindings/package.json')), join(modules, 'bindings'));

    const { line } = await failedLoad(pathToFileURL(join(unbuilt, 'lib', 'index.js')).href);
    expect(line).toMatch(
      /^The SQLite engine needs better-sqlite3, which is installed but did not load \(Could not locate the bindings file\)\. /,
    );
    expect(line).toContain('`npm rebuild better-sqlite3` where jcsql is installed');
    expect(line).not.toContain('Tried');
    expect(line.length).toBeLessThan(400);
  });

  it('installed and built: the driver opens a database', async () => {
    const Database = await loadSqliteDriverFrom('better-sqlite3');
    const db = new Database(':memory:');
    expect(db.prepare('select sqlite_version() as v').get()).toEqual({ v: expect.stringMatching(/^3\./) });
    db.close();
  });
});
