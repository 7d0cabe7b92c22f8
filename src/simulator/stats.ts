export interface SimulatorStats {
  total: number;
  byRoute: Record<string, number>;
  writes: number;
  faults: Record<string, number>;
}

export interface RequestLogEntry {
  method: string;
  /** e.g. `GET /api/systemusers/{id}` */
  route: string;
  /** path and query as received */
  url: string;
  status: number;
  ms: number;
  /** The body of a read-only POST (Directory Insights, search), as received; absent for others. */
  body?: string;
}

/** Keeps the most recent entries only, so a long benchmark cannot grow memory without bound. */
const LOG_LIMIT = 10_000;

export class StatsRecorder {
  private stats: SimulatorStats = StatsRecorder.empty();
  private entries: RequestLogEntry[] = [];

  private static empty(): SimulatorStats {
    return { total: 0, byRoute: {}, writes: 0, faults: {} };
  }

  request(route: string, write: boolean): void {
    this.stats.total += 1;
    this.stats.byRoute[route] = (this.stats.byRoute[route] ?? 0) + 1;
    if (write) this.stats.writes += 1;
  }

  fault(kind: string): void {
    this.stats.faults[kind] = (this.stats.faults[kind] ?? 0) + 1;
  }

  log(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
  }

  snapshot(): SimulatorStats {
    return structuredClone(this.stats);
  }

  requestLog(): RequestLogEntry[] {
    return [...this.entries];
  }

  reset(): void {
    this.stats = StatsRecorder.empty();
    this.entries = [];
  }
}
