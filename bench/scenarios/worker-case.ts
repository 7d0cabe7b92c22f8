import type { OrgData } from '../../src/simulator/index.js';
import type { LowerBound } from '../lower-bound.js';
import { repeat, runInWorker, summarize } from '../measure.js';
import type { BenchCase } from '../scenario.js';
import type { Dataset, SimulatorEndpoint } from '../simulator.js';
import type { Task } from '../tasks.js';

export interface WorkerCaseSpec {
  scenario: string;
  id: string;
  label: string;
  command: string;
  dataset: Dataset;
  task: (sim: SimulatorEndpoint, data: OrgData) => Task;
  lowerBound?: (latencyMs: number) => LowerBound;
  notes?: string[];
}

/** A jcsql-only measurement (no anchor equivalent to reproduce), run in a fresh worker each time. */
export function workerCase(spec: WorkerCaseSpec): BenchCase {
  return {
    scenario: spec.scenario,
    id: spec.id,
    datasets: [spec.dataset],
    async run(ctx) {
      const sim = await ctx.simulator(spec.dataset);
      const task = spec.task(sim, ctx.data(spec.dataset));
      const samples = await repeat(ctx.options.runs, () => runInWorker(task));
      return {
        scenario: spec.scenario,
        id: spec.id,
        label: spec.label,
        command: spec.command,
        dataset: spec.dataset,
        jcsql: summarize(samples),
        ...(spec.lowerBound ? { lowerBound: spec.lowerBound(ctx.options.latencyMs) } : {}),
        notes: spec.notes ?? [],
      };
    },
  };
}
