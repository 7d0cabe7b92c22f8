/**
 * `npm run bench`: the scenario matrix of issue #8 against a simulator with latency, jcsql beside
 * the anchor plugin's strategy and the lower bound. Writes bench/results/*.json and BENCHMARKS.md.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoData, type OrgData } from '../src/simulator/index.js';
import { currentLoad, describeMachine } from './machine.js';
import { parseOptions } from './options.js';
import { BENCH_CONFIG_DIR, ROOT } from './paths.js';
import { acceptanceChecks, type BenchReport, writeJson, writeMarkdown } from './report.js';
import type { BenchCase, CaseContext, CaseResult } from './scenario.js';
import { allCases, selectCases } from './scenarios/index.js';
import { type Dataset, datasetKey, SimulatorProcess } from './simulator.js';

/** Simulators by org, started on first use and stopped once no remaining case needs them. */
class Simulators {
  readonly #running = new Map<string, Promise<SimulatorProcess>>();
  readonly #data = new Map<string, OrgData>();
  readonly #alive = new Set<string>();

  constructor(readonly latencyMs: number) {}

  get(dataset: Dataset): Promise<SimulatorProcess> {
    const key = datasetKey(dataset);
    let sim = this.#running.get(key);
    if (sim && !this.#alive.has(key)) {
      log(`  the simulator ${key} had stopped: starting it again`);
      sim = undefined;
    }
    if (!sim) {
      log(`  starting a simulator: ${key}, ${this.latencyMs} ms latency`);
      sim = SimulatorProcess.start(dataset, this.latencyMs);
      this.#running.set(key, sim);
      this.#alive.add(key);
      sim.then((started) =>
        started.child.once('exit', (code, signal) => {
          this.#alive.delete(key);
          if (this.#running.get(key) === sim)
            log(`  simulator ${key} exited (code ${code}, signal ${signal})`);
        }),
      );
    }
    return sim;
  }

  data(dataset: Dataset): OrgData {
    const key = datasetKey(dataset);
    let data = this.#data.get(key);
    if (!data) {
      data = generateDemoData(dataset).orgs[0]!;
      this.#data.set(key, data);
    }
    return data;
  }

  /** Stops the simulators (and forgets the data) no remaining case needs. */
  async keepOnly(needed: readonly Dataset[]): Promise<void> {
    const keys = new Set(needed.map(datasetKey));
    for (const [key, sim] of this.#running) {
      if (keys.has(key)) continue;
      this.#running.delete(key);
      this.#alive.delete(key);
      this.#data.delete(key);
      await (await sim).close();
    }
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function readExplanations(): string {
  return readFileSync(join(ROOT, 'bench', 'explanations.md'), 'utf8').trim();
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.reportFrom) {
    const report = JSON.parse(readFileSync(options.reportFrom, 'utf8')) as BenchReport;
    // The checks are judged anew, so a change to them applies to stored results too.
    writeMarkdown({ ...report, acceptance: acceptanceChecks(report.cases) }, readExplanations());
    log(`BENCHMARKS.md written from ${options.reportFrom}`);
    return;
  }
  const startedAt = new Date();
  const machine = describeMachine();
  mkdirSync(BENCH_CONFIG_DIR, { recursive: true });
  const cases: BenchCase[] = selectCases(allCases(options), options.only);
  log(
    `jcsql bench: ${cases.length} cases, latency ${options.latencyMs} ms, ${options.runs} runs (anchor ${options.anchorRuns})`,
  );
  log(`machine: ${machine.cpus} CPUs, ${machine.cpuModel}, load ${machine.loadAverage.start}`);

  const simulators = new Simulators(options.latencyMs);
  const ctx: CaseContext = {
    options,
    simulator: async (dataset) => (await simulators.get(dataset)).endpoint,
    data: (dataset) => simulators.data(dataset),
  };
  const results: CaseResult[] = [];
  try {
    for (const [index, benchCase] of cases.entries()) {
      const started = performance.now();
      log(`[${index + 1}/${cases.length}] ${benchCase.id}`);
      try {
        const result = await benchCase.run(ctx);
        results.push(result);
        const anchor = result.anchor
          ? `; anchor ${result.anchor.requests} req, ${result.anchor.wallMs} ms`
          : '';
        log(
          `  ${result.jcsql.requests} req, ${result.jcsql.wallMs} ms${anchor} (${Math.round((performance.now() - started) / 1000)} s)`,
        );
      } catch (error) {
        log(`  FAILED: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      }
      await simulators.keepOnly(cases.slice(index + 1).flatMap((c) => c.datasets));
    }
  } finally {
    await simulators.keepOnly([]);
  }

  machine.loadAverage.end = currentLoad();
  const report: BenchReport = {
    schema: 1,
    startedAt: startedAt.toISOString(),
    durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(
      ' ',
    ),
    options,
    machine,
    cases: results,
    acceptance: acceptanceChecks(results),
  };
  const file = writeJson(report);
  log(`results: ${file}`);
  for (const check of report.acceptance)
    log(`${check.pass ? 'pass' : 'FAIL'}: ${check.check}: ${check.value}`);
  const complete = results.length === cases.length;
  if (options.writeMarkdown && !options.quick && complete) {
    writeMarkdown(report, readExplanations());
    log('BENCHMARKS.md written');
  }
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
