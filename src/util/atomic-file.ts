import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * A file written under a hidden temporary name in its destination's directory and renamed over
 * the destination when complete: readers see the old file or the whole new one, never a part.
 * The temporary file sits beside the destination so the rename stays on one file system.
 */
export class AtomicFile {
  /** The absolute path the file ends up at. */
  readonly destination: string;
  /** Where to write meanwhile. */
  readonly temporary: string;

  constructor(path: string) {
    this.destination = resolve(path);
    this.temporary = join(
      dirname(this.destination),
      `.${basename(this.destination)}.${randomBytes(4).toString('hex')}.jcsql-tmp`,
    );
  }

  /** Puts the finished temporary file in place (the caller has closed it). */
  commit(): Promise<void> {
    return rename(this.temporary, this.destination);
  }

  /** Removes the temporary file, if it is still there; after a commit, it does nothing. */
  abandon(): Promise<void> {
    return rm(this.temporary, { force: true });
  }
}
