/**
 * Where an export's text goes: a stream (stdout) or a file written atomically, behind one
 * buffered, back-pressured `write`. Only one chunk (~64 KB) is ever held, and a slow disk or
 * pipe slows the scan down rather than letting text pile up in memory.
 */

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { type FileHandle, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../../errors.js';

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
 * A file written as a hidden temporary file in the destination's directory and renamed over the
 * destination when complete: readers see the old file or the whole new one, never a part, and a
 * failed export leaves neither the temporary file nor a partial destination.
 */
export class AtomicFileSink extends BufferedSink {
  private constructor(
    private readonly handle: FileHandle,
    private readonly temporary: string,
    private readonly destination: string,
  ) {
    super();
  }

  static async create(path: string): Promise<AtomicFileSink> {
    const destination = resolve(path);
    const directory = dirname(destination);
    const info = await stat(directory).catch(() => undefined);
    if (!info?.isDirectory())
      throw new UserError(`Cannot write ${path}: the directory ${directory} does not exist`, { exitCode: 2 });
    if ((await stat(destination).catch(() => undefined))?.isDirectory())
      throw new UserError(`Cannot write ${path}: it is a directory`, { exitCode: 2 });
    const temporary = join(
      directory,
      `.${basename(destination)}.${randomBytes(4).toString('hex')}.jcsql-tmp`,
    );
    try {
      return new AtomicFileSink(await open(temporary, 'wx', 0o644), temporary, destination);
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
      await this.handle.sync();
      await this.handle.close();
      await rename(this.temporary, this.destination);
    } catch (error) {
      await this.abandon();
      throw new UserError(`Cannot write ${this.destination}: ${(error as Error).message}`, { cause: error });
    }
  }

  async abandon(): Promise<void> {
    await this.handle.close().catch(() => {});
    await rm(this.temporary, { force: true });
  }
}
