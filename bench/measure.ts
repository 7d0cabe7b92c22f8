import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { WORKER_PATH } from './paths.js';
import { resetSimulatorStats, type SimulatorEndpoint, simulatorStats } from './simulator.js';
import type { Task } from './tasks.js';

/** One measured run. */
export interface Sample {
  wallMs: number;
  /** API requests the simulator served during the run (exact, retries included). */
  requests: number;
  byRoute: Record<string, number>;
  /** Peak resident memory of the process that did the work (MB). */
  peakRssMb: number;
  rows?: number;
  /** Scenario-specific figures (first row ms, queries per second, …). */
  metrics?: Record<string, number>;
}

/** Several runs of one thing: medians, and the spread of the request count (which should be none). */
export interface Summary {
  runs: number;
  requests: number;
  requestsMin: number;
  requestsMax: number;
  wallMs: number;
  wallMsRuns: number[];
  peakRssMb: number;
  rows?: number;
  byRoute: Record<string, number>;
  metrics: Record<string, number>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export function summarize(samples: readonly Sample[]): Summary {
  const requests = samples.map((s) => s.requests);
  const metricNames = [...new Set(samples.flatMap((s) => Object.keys(s.metrics ?? {})))];
  const last = samples[samples.length - 1];
  return {
    runs: samples.length,
    requests: median(requests),
    requestsMin: Math.min(...requests),
    requestsMax: Math.max(...requests),
    wallMs: round(median(samples.map((s) => s.wallMs))),
    wallMsRuns: samples.map((s) => round(s.wallMs)),
    peakRssMb: round(median(samples.map((s) => s.peakRssMb))),
    ...(last?.rows === undefined ? {} : { rows: last.rows }),
    byRoute: last?.byRoute ?? {},
    metrics: Object.fromEntries(
      metricNames.map((name) => [name, round(median(samples.map((s) => s.metrics?.[name] ?? Number.NaN)))]),
    ),
  };
}

/** Peak RSS of this process so far, in MB (getrusage's ru_maxrss is in KB on Linux). */
export const ownPeakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/** Peak RSS of another live process (VmHWM), in MB; 0 once it has exited. */
export function processPeakRssMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Measures `work` in this process: the simulator's counters are reset first and read after, so
 * `requests` is exactly what the work sent.
 */
export async function measure(
  sim: SimulatorEndpoint,
  work: () => Promise<Pick<Sample, 'rows' | 'metrics'>>,
): Promise<Sample> {
  await resetSimulatorStats(sim);
  const started = performance.now();
  const outcome = await work();
  const wallMs = performance.now() - started;
  const stats = await simulatorStats(sim);
  return { wallMs, requests: stats.total, byRoute: stats.byRoute, peakRssMb: ownPeakRssMb(), ...outcome };
}

/** Runs one task in a fresh Node process (fresh heap, fresh JIT, its own peak RSS) and returns its sample. */
export function runInWorker(task: Task): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER_PATH, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: { sample?: Sample; error?: string } | undefined;
    child.on('message', (message) => {
      result = message as typeof result;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (result?.sample) resolve(result.sample);
      else reject(new Error(`bench worker (${task.kind}) failed: ${result?.error ?? `exit code ${code}`}`));
    });
    child.send(task);
  });
}

/** Runs `once` `runs` times, one after another (never concurrently: the machine has few cores). */
export async function repeat(runs: number, once: (run: number) => Promise<Sample>): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run++) samples.push(await once(run));
  return samples;
}
