/** Where a formatter writes: `process.stdout`, or anything with the same `write`. */
export interface OutputSink {
  write(chunk: string): unknown;
}

/**
 * Collects small pieces and hands them to the sink in chunks of about `chunkSize` characters:
 * one `write` per row would be slow on a pipe, one string for 100k rows would hold the whole
 * output in memory twice.
 */
export class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly sink: OutputSink,
    private readonly chunkSize = 64 * 1024,
  ) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.chunkSize) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    this.sink.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}
