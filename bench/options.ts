import { parseArgs } from 'node:util';

export interface BenchOptions {
  quick: boolean;
  /** Latency the simulator adds to every API response. */
  latencyMs: number;
  /** Runs of each jcsql measurement (the median is reported). */
  runs: number;
  /** Runs of each anchor-strategy measurement (slow: sequential pages of 10). */
  anchorRuns: number;
  /** Run the anchor strategy at full size too, instead of scaling it from a smaller org. */
  anchorFull: boolean;
  /** Scenario names (or case ids) to run; all when empty. */
  only: string[];
  /** Write BENCHMARKS.md (only a run of every scenario should). */
  writeMarkdown: boolean;
  /** Measure nothing: re-render BENCHMARKS.md from this results file (after editing bench/explanations.md). */
  reportFrom: string | undefined;
}

export const USAGE = `npm run bench -- [--quick] [--latency-ms N] [--runs N] [--anchor-runs N] [--anchor-full] [--only name[,name…]] [--no-markdown] [--report-from results.json]`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      'latency-ms': { type: 'string', default: '50' },
      runs: { type: 'string' },
      'anchor-runs': { type: 'string' },
      'anchor-full': { type: 'boolean', default: false },
      only: { type: 'string', multiple: true, default: [] },
      'no-markdown': { type: 'boolean', default: false },
      'report-from': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const count = (name: string, raw: string | undefined, fallback: number, min: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`--${name} must be an integer ≥ ${min}, got ${raw}`);
    return value;
  };
  const only = (values.only ?? []).flatMap((item) => item.split(',')).filter(Boolean);
  return {
    quick,
    latencyMs: count('latency-ms', values['latency-ms'], 50, 0),
    runs: count('runs', values.runs, quick ? 1 : 5, 1),
    anchorRuns: count('anchor-runs', values['anchor-runs'], quick ? 1 : 3, 1),
    anchorFull: values['anchor-full'] ?? false,
    only,
    writeMarkdown: !(values['no-markdown'] ?? false) && only.length === 0,
    reportFrom: values['report-from'],
  };
}
