import { randomBytes } from 'node:crypto';
import { lstat, readlink, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** What is at a path that is not a regular file, in words for an error. */
export type SpecialFileKind = 'a directory' | 'a character device' | 'a block device' | 'a FIFO' | 'a socket';

/**
 * Where a file written to `path` really goes. A symlink is followed (its target is replaced,
 * never the link, even a dangling one, as a shell's `>` does); `special` names what is there when
 * it exists and is not a regular file.
 */
export interface FileTarget {
  path: string;
  special?: SpecialFileKind;
}

/** Links followed before giving up, as the kernel's own limit (ELOOP). */
const MAX_LINKS = 40;

export async function resolveFileTarget(path: string): Promise<FileTarget> {
  let target = resolve(path);
  for (let links = 0; links < MAX_LINKS; links++) {
    const info = await lstat(target).catch(() => undefined);
    if (!info) return { path: target };
    if (!info.isSymbolicLink()) {
      const special = specialKind(await stat(target));
      return special ? { path: target, special } : { path: target };
    }
    target = resolve(dirname(target), await readlink(target));
  }
  return { path: target };
}

function specialKind(info: Awaited<ReturnType<typeof stat>>): SpecialFileKind | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'a directory';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isFIFO()) return 'a FIFO';
  return 'a socket';
}

/**
 * A file written under a hidden temporary name in its destination's directory and renamed over
 * the destination when complete: readers see the old file or the whole new one, never a part.
 * The temporary file sits beside the destination so the rename stays on one file system.
 * `destination` is the resolved target (see resolveFileTarget), so a symlink keeps pointing at
 * the new file; the caller decides what to do about a target that is not a regular file: this
 * never renames over one.
 */
export class AtomicFile {
  /** The absolute path the file ends up at. */
  readonly destination: string;
  /** Where to write meanwhile. */
  readonly temporary: string;

  constructor(target: FileTarget) {
    if (target.special) throw new Error(`AtomicFile: ${target.path} is ${target.special}`);
    this.destination = target.path;
    this.temporary = join(
      dirname(this.destination),
      `.${basename(this.destination)}.${randomBytes(4).toString('hex')}.jcsql-tmp`,
    );
  }

  /** Puts the finished temporary file in place (the caller has closed it). */
  async commit(): Promise<void> {
    // Something that is not a regular file may have appeared meanwhile: never replace it.
    const special = (await resolveFileTarget(this.destination)).special;
    if (special) throw new Error(`${this.destination} is now ${special}`);
    await rename(this.temporary, this.destination);
  }

  /** Removes the temporary file, if it is still there; after a commit, it does nothing. */
  abandon(): Promise<void> {
    return rm(this.temporary, { force: true });
  }
}
