import type { BenchOptions } from '../options.js';
import type { BenchCase } from '../scenario.js';
import { coldStartCases } from './cold-start.js';
import { cacheCases, engineLoadCases } from './engines.js';
import { eventsCases } from './events.js';
import { exportCases } from './export.js';
import { queryCases } from './queries.js';
import { serveCases } from './serve.js';

/** Every case of the matrix, in the order of issue #8. */
export const allCases = (options: BenchOptions): BenchCase[] => [
  ...queryCases(options),
  ...cacheCases(),
  ...coldStartCases(),
  ...engineLoadCases(options),
  ...exportCases(options),
  ...serveCases(options),
  ...eventsCases(),
];

/** The cases `--only` names (a scenario name such as `full-scan`, or a case id such as `full-scan-10000`). */
export function selectCases(cases: readonly BenchCase[], only: readonly string[]): BenchCase[] {
  if (only.length === 0) return [...cases];
  const unknown = only.filter((name) => !cases.some((c) => c.scenario === name || c.id === name));
  if (unknown.length > 0) {
    const names = [...new Set(cases.flatMap((c) => [c.scenario, c.id]))].join(', ');
    throw new Error(`--only: unknown ${unknown.join(', ')}; choose from ${names}`);
  }
  return cases.filter((c) => only.includes(c.scenario) || only.includes(c.id));
}
