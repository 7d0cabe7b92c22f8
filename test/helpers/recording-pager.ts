import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from './engine.js';

export interface RecordingPager {
  /** The value for JCSQL_PAGER: the script (in a folder whose name has a space, so quoted) and two arguments. */
  command: string;
  /** The arguments it was started with, each followed by `|`; undefined when it never ran. */
  args(): string | undefined;
  /** What it read on stdin; undefined when it never ran. */
  input(): string | undefined;
}

/** A pager that records its arguments and what it was given, and shows nothing. */
export function recordingPager(): RecordingPager {
  const dir = join(makeTempDir('jcsql-pager-'), 'my pager');
  mkdirSync(dir);
  const script = join(dir, 'record');
  writeFileSync(script, `#!/bin/sh\nprintf '%s|' "$@" > "${dir}/args"\ncat > "${dir}/input"\n`);
  chmodSync(script, 0o755);
  const read = (name: string) =>
    existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : undefined;
  return { command: `'${script}' -S "two words"`, args: () => read('args'), input: () => read('input') };
}
