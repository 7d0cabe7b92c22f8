/**
 * Where an export's text goes: a stream (stdout) or a file written atomically, behind one
 * buffered, back-pressured `write`. Only one chunk (~64 KB) is ever held, and a slow disk or
 * pipe slows the scan down rather than letting text pile up in memory.
 */

import { once } from 'node:events';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EXIT, UserError } from '../../errors.js';
import { AtomicFile, resolveFileTarget } from '../../util/atomic-file.js';

export interface TextSink {
  write(text: string): Promise<void>;
  /** Everything was written: flush, and for a file, put it in place. */
  commit(): Promise<void>;
  /** The export failed: leave nothing behind. */
  abandon(): Promise<void>;
}

const CHUNK = 64 * 1024;

/** Gathers small pieces into chunks of about 64 KB for `flushChunk`. */
abstract class BufferedSink implements TextSink {
  #parts: string[] = [];
  #size = 0;

  protected abstract flushChunk(chunk: string): Promise<void>;
  abstract commit(): Promise<void>;
  abstract abandon(): Promise<void>;

  async write(text: string): Promise<void> {
    if (text === '') return;
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= CHUNK) await this.flush();
  }

  protected async flush(): Promise<void> {
    if (this.#size === 0) return;
    const chunk = this.#parts.join('');
    this.#parts = [];
    this.#size = 0;
    await this.flushChunk(chunk);
  }
}

type Writable = NodeJS.WritableStream & { once?: NodeJS.WritableStream['once'] };

/** stdout (or any stream): waits for `drain` when the stream asks for it. */
export class StreamSink extends BufferedSink {
  /** Whether any text reached the stream (a failure after that leaves it incomplete). */
  flushed = false;

  constructor(private readonly stream: Writable) {
    super();
  }

  protected async flushChunk(chunk: string): Promise<void> {
    this.flushed = true;
    if (!this.stream.write(chunk) && typeof this.stream.once === 'function') await once(this.stream, 'drain');
  }

  commit(): Promise<void> {
    return this.flush();
  }

  /** What was written to a stream cannot be taken back; the caller reports the failure. */
  async abandon(): Promise<void> {}
}

/**
 * A file written atomically (see AtomicFile): readers see the old file or the whole new one, and
 * a failed export leaves neither the temporary file nor a partial destination. A symlink's target
 * is replaced, not the link. What is not a regular file (a device such as /dev/null, a FIFO) is
 * written in place, as a shell's `>` would: renaming over it would replace the device node or
 * the pipe with a regular file.
 */
export class AtomicFileSink extends BufferedSink {
  private constructor(
    private readonly handle: FileHandle,
    /** Undefined when writing in place. */
    private readonly file: AtomicFile | undefined,
    private readonly destination: string,
  ) {
    super();
  }

  static async create(path: string): Promise<AtomicFileSink> {
    const target = await resolveFileTarget(path);
    const directory = dirname(target.path);
    const info = await stat(directory).catch(() => undefined);
    if (!info?.isDirectory())
      throw new UserError(`Cannot write ${path}: the directory ${directory} does not exist`, {
        exitCode: EXIT.badInput,
      });
    if (target.special === 'a directory')
      throw new UserError(`Cannot write ${path}: it is a directory`, { exitCode: EXIT.badInput });
    const file = target.special ? undefined : new AtomicFile(target);
    try {
      const handle = file ? await open(file.temporary, 'wx', 0o644) : await open(target.path, 'w');
      return new AtomicFileSink(handle, file, target.path);
    } catch (error) {
      throw new UserError(`Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`, {
        cause: error,
      });
    }
  }

  protected async flushChunk(chunk: string): Promise<void> {
    await this.handle.write(chunk);
  }

  async commit(): Promise<void> {
    try {
      await this.flush();
      if (this.file) await this.handle.sync();
      await this.handle.close();
      await this.file?.commit();
    } catch (error) {
      await this.abandon();
      throw new UserError(`Cannot write ${this.destination}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** Closes the file; a temporary one is removed (what went to a device or FIFO cannot be taken back). */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => {});
    await this.file?.abandon();
  }
}
