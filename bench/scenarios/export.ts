import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../child.js';
import { v1ListBound } from '../lower-bound.js';
import { repeat, type Sample, summarize } from '../measure.js';
import type { BenchOptions } from '../options.js';
import type { BenchCase } from '../scenario.js';
import { resetSimulatorStats, simulatorEnv, simulatorStats } from '../simulator.js';
import { usersOrg } from './queries.js';

/** 8. `jcsql export` of every user to a csv file: rows per second and peak memory of the process. */
export function exportCases(options: BenchOptions): BenchCase[] {
  const users = options.quick ? 10_000 : 100_000;
  const dataset = usersOrg(users);
  const args = (file: string) => ['export', 'jumpcloud_user', '--output', 'csv', '--output-file', file];
  return [
    {
      scenario: 'export',
      id: `export-${users}`,
      datasets: [dataset],
      async run(ctx) {
        const sim = await ctx.simulator(dataset);
        const dir = mkdtempSync(join(tmpdir(), 'jcsql-bench-export-'));
        try {
          const samples = await repeat(ctx.options.runs, async (run): Promise<Sample> => {
            const file = join(dir, `users-${run}.csv`);
            await resetSimulatorStats(sim);
            const result = await runCli(args(file), { env: simulatorEnv(sim), isFirstRow: () => false });
            if (result.code !== 0)
              throw new Error(`jcsql export failed (${result.code}): ${result.stderr.trim()}`);
            const stats = await simulatorStats(sim);
            return {
              wallMs: result.exitMs,
              requests: stats.total,
              byRoute: stats.byRoute,
              peakRssMb: result.peakRssMb,
              rows: users,
              metrics: {
                rowsPerSecond: users / (result.exitMs / 1000),
                fileMb: statSync(file).size / 2 ** 20,
              },
            };
          });
          return {
            scenario: 'export',
            id: `export-${users}`,
            label: `\`jcsql export\`, ${users.toLocaleString('en-US')} users to csv`,
            command: `jcsql ${args('users.csv').join(' ')}`,
            dataset,
            jcsql: summarize(samples),
            lowerBound: v1ListBound(users, ctx.options.latencyMs),
            notes: ['Wall time is the whole process, start-up included (spawn to exit).'],
          };
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    },
  ];
}
