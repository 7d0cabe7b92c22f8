import type { OrgData } from '../src/simulator/index.js';
import type { LowerBound } from './lower-bound.js';
import type { Summary } from './measure.js';
import type { BenchOptions } from './options.js';
import type { Dataset, SimulatorEndpoint } from './simulator.js';

/** What a case may use while it runs. */
export interface CaseContext {
  options: BenchOptions;
  /** A simulator serving this org (started on first use, shared by the cases that need it). */
  simulator(dataset: Dataset): Promise<SimulatorEndpoint>;
  /** The org the simulator serves for this dataset (same seed, so the same ids and sizes). */
  data(dataset: Dataset): OrgData;
}

/** The anchor strategy's figures, possibly measured on a smaller org and scaled linearly. */
export interface AnchorResult extends Summary {
  /** 1 when measured at full size. */
  scale: number;
  /** "measured" or "scaled ×10 from 1,000 users". */
  basis: string;
}

export interface CaseResult {
  scenario: string;
  id: string;
  label: string;
  /** The SQL or command measured. */
  command: string;
  dataset: Dataset;
  jcsql: Summary;
  lowerBound?: LowerBound;
  anchor?: AnchorResult;
  notes: string[];
}

/** One row of the table. `datasets` lists every org it needs, so simulators can be stopped when done. */
export interface BenchCase {
  scenario: string;
  id: string;
  datasets: Dataset[];
  run(ctx: CaseContext): Promise<CaseResult>;
}
