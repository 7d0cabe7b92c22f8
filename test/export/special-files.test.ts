import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { jcsql } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/engine.js';

/** A FIFO in a fresh directory. */
function fifo(): { dir: string; path: string } {
  const dir = makeTempDir('jcsql-fifo-');
  const path = join(dir, 'pipe');
  execFileSync('mkfifo', [path]);
  return { dir, path };
}

/** A character device like /dev/null in a temporary directory, where this user may make one. */
function makeNullDevice(): string | undefined {
  const path = join(makeTempDir('jcsql-dev-'), 'null');
  try {
    execFileSync('mknod', ['-m', '666', path, 'c', '1', '3'], { stdio: 'ignore' });
    return lstatSync(path).isCharacterDevice() ? path : undefined;
  } catch {
    return undefined;
  }
}

const nullDevice = makeNullDevice();

const ORG = ['jumpcloud_organization', '--demo', '--output', 'csv', '--select', 'id'];

describe('export --output-file at what is not a regular file', () => {
  it('writes into a FIFO, which stays a FIFO', async () => {
    const { dir, path } = fifo();
    const read = text(createReadStream(path));
    const run = await jcsql(['export', ...ORG, '--output-file', path]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await read).toMatch(/^id\n\w+\n/);
    expect(lstatSync(path).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });

  // A null device of the test's own (mknod, root only), never /dev/null itself: a wrong
  // implementation must only be able to break a node in a temporary directory.
  it.skipIf(!nullDevice)('writes into a character device, which stays one', async () => {
    const run = await jcsql(['export', ...ORG, '--output-file', nullDevice!]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(lstatSync(nullDevice!).isCharacterDevice()).toBe(true);
    expect(readdirSync(dirname(nullDevice!))).toEqual(['null']);
  });

  it("replaces a symlink's target, not the link (a dangling link too)", async () => {
    const dir = makeTempDir('jcsql-link-');
    writeFileSync(join(dir, 'real.csv'), 'old\n');
    symlinkSync('real.csv', join(dir, 'link.csv'));
    symlinkSync('later.csv', join(dir, 'dangling.csv'));
    for (const link of ['link.csv', 'dangling.csv']) {
      const run = await jcsql(['export', ...ORG, '--output-file', join(dir, link)]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(lstatSync(join(dir, link)).isSymbolicLink()).toBe(true);
    }
    expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toMatch(/^id\n/);
    expect(readFileSync(join(dir, 'later.csv'), 'utf8')).toMatch(/^id\n/);
    expect(readdirSync(dir).sort()).toEqual(['dangling.csv', 'later.csv', 'link.csv', 'real.csv']);
  });
});

describe('snapshot at what is not a regular file', () => {
  const snapshot = (path: string) =>
    jcsql(['snapshot', path, '--demo', '--force', '--tables', 'jumpcloud_organization']);

  it('refuses a FIFO, a device and a directory with one line, and leaves them as they were', async () => {
    const { path } = fifo();
    const dir = makeTempDir('jcsql-snapdir-');
    const targets: [string, string][] = [
      [path, 'a FIFO'],
      [dir, 'a directory'],
    ];
    if (nullDevice) targets.push([nullDevice, 'a character device']);
    for (const [target, kind] of targets) {
      const run = await snapshot(target);
      expect(run.stderr).toBe(
        `Error: Cannot write ${target}: it is ${kind}, not a regular file. A snapshot is a SQLite database file: name a new file or a regular one, e.g. jumpcloud.db\n`,
      );
      expect(run.code).toBe(EXIT.badInput);
    }
    expect(lstatSync(path).isFIFO()).toBe(true);
    if (nullDevice) expect(lstatSync(nullDevice).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("replaces a symlink's target with the database, and keeps the link", async () => {
    const dir = makeTempDir('jcsql-snaplink-');
    writeFileSync(join(dir, 'real.db'), 'old');
    symlinkSync('real.db', join(dir, 'link.db'));
    const run = await snapshot(join(dir, 'link.db'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(lstatSync(join(dir, 'link.db')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.db')).subarray(0, 15).toString()).toBe('SQLite format 3');
    expect(statSync(join(dir, 'real.db')).isFile()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['link.db', 'real.db']);
  });
});
