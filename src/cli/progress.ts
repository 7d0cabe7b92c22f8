import type { ScanStats } from '../sdk/index.js';

/** A one-line progress indicator on a terminal's stderr; silent anywhere else. */
export class Progress {
  #shown = false;
  #last = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly requests: { count: number },
  ) {}

  update = (stats: ScanStats): void => {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.#last < 100) return;
    this.#last = now;
    const rows = stats.rowsFetched + stats.cachedRowsFetched;
    this.stream.write(
      `\r\x1b[2KFetching… ${rows.toLocaleString('en-US')} rows, ${this.requests.count} API calls`,
    );
    this.#shown = true;
  };

  clear(): void {
    if (this.#shown) this.stream.write('\r\x1b[2K');
    this.#shown = false;
  }
}
