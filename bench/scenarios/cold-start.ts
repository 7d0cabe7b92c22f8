import { ENGINE_KINDS } from '../../src/engines/index.js';
import { runCli } from '../child.js';
import { repeat, type Sample, summarize } from '../measure.js';
import type { BenchCase } from '../scenario.js';
import { usersOrg } from './queries.js';

const SQL = 'select id, username from jumpcloud_user';

/** `API calls: N.` from the `--timing` line. */
const apiCalls = (stderr: string) =>
  Number(/API calls: ([\d,]+)/.exec(stderr)?.[1]?.replace(/,/g, '') ?? Number.NaN);

/**
 * 6. Cold start of `jcsql query --demo`: a new process of the built CLI, timed from spawn to the
 * first row on stdout (csv, so the row after the header). `--demo` runs its own in-process
 * simulator with no latency, so this is start-up cost; its API calls come from `--timing`.
 */
export function coldStartCases(): BenchCase[] {
  return ENGINE_KINDS.map((engine) => {
    const args = ['query', '--demo', '--engine', engine, '--output', 'csv', '--timing', SQL];
    return {
      scenario: 'cold-start',
      id: `cold-start-${engine}`,
      datasets: [],
      async run(ctx) {
        const samples = await repeat(ctx.options.runs, async (): Promise<Sample> => {
          const run = await runCli(args, { isFirstRow: (_line, index) => index === 1 });
          if (run.code !== 0) throw new Error(`jcsql ${args.join(' ')} failed: ${run.stderr}`);
          return {
            wallMs: run.firstRowMs,
            requests: apiCalls(run.stderr),
            byRoute: {},
            peakRssMb: run.peakRssMb,
            metrics: { exitMs: run.exitMs },
          };
        });
        return {
          scenario: 'cold-start',
          id: `cold-start-${engine}`,
          label: `Cold start to first row, \`--engine ${engine}\``,
          command: `jcsql ${args.slice(0, -1).join(' ')} "${SQL}"`,
          dataset: usersOrg(60),
          jcsql: summarize(samples),
          notes: [
            'The demo org (60 users) is served in-process without latency: this is start-up cost only.',
          ],
        };
      },
    };
  });
}
