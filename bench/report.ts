import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import { BENCHMARKS_MD, RESULTS_DIR } from './paths.js';
import type { CaseResult } from './scenario.js';

export interface BenchReport {
  schema: 1;
  startedAt: string;
  durationS: number;
  command: string;
  options: BenchOptions;
  machine: Machine;
  cases: CaseResult[];
  acceptance: AcceptanceCheck[];
}

export interface AcceptanceCheck {
  check: string;
  value: string;
  pass: boolean;
  /** The issue whose target this is (8 when absent). */
  issue?: number;
  /** Why a target is not met, as measured (shown only when it is not). */
  why?: string;
}

const n = (value: number, digits = 0) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : '–';
const ms = (value: number) =>
  !Number.isFinite(value) ? '–' : value >= 10_000 ? `${n(value / 1000, 1)} s` : `${n(value)} ms`;
const ratio = (a: number, b: number) =>
  b > 0 && Number.isFinite(a) ? `${n(a / b, a / b < 10 ? 2 : 0)}×` : '–';

/**
 * Issue #8's acceptance: the 10,000-user full scan at 50 ms. "Within 1.5× of the lower bound plus
 * start-up": start-up is what a query costs beyond its round trips, measured in the same run as
 * the one-GET `id =` case's wall minus its one latency (parser, plan, first connection, cold JIT).
 */
export function acceptanceChecks(cases: readonly CaseResult[]): AcceptanceCheck[] {
  return [...issue8Checks(cases), ...issue21Checks(cases)];
}

function issue8Checks(cases: readonly CaseResult[]): AcceptanceCheck[] {
  const scan = cases.find((c) => c.id === 'full-scan-10000');
  if (!scan?.lowerBound || !scan.anchor) return [];
  const { jcsql, lowerBound, anchor } = scan;
  const lookup = cases.find((c) => c.id === 'lookup-id');
  const startUp = lookup?.lowerBound ? Math.max(0, lookup.jcsql.wallMs - lookup.lowerBound.ms) : 0;
  const allowed = 1.5 * lowerBound.ms + startUp;
  const startUpText = lookup
    ? `start-up ${ms(startUp)} (the \`id =\` case beyond its round trip)`
    : 'start-up not measured (the `id =` case did not run), so none allowed';
  return [
    {
      // Issue 15 reads a v1 list as a chain, each page starting on the last item taken: at most two
      // requests more than 100 pages laid end to end (src/client/paginate.ts).
      check: "10,000 users: 100 API requests (at most 2 more: issue 15's chained pages)",
      value: n(jcsql.requests),
      pass: jcsql.requests >= 100 && jcsql.requests <= 102,
    },
    {
      check: '10,000 users: wall ≤ 1.5 × lower bound + start-up',
      value: `${ms(jcsql.wallMs)} vs 1.5 × ${ms(lowerBound.ms)} + ${startUpText} = ${ms(allowed)}; wall ÷ bound ${ratio(jcsql.wallMs, lowerBound.ms)}`,
      pass: jcsql.wallMs <= allowed,
    },
    {
      check: '10,000 users: ≥ 20× faster than the anchor strategy',
      value: `${ratio(anchor.wallMs, jcsql.wallMs)} (${anchor.basis})`,
      pass: anchor.wallMs >= 20 * jcsql.wallMs,
    },
  ];
}

/**
 * Issue #21's targets, each judged on the case that measures it (a case that did not run is left
 * out). `why` says what a target not met is waiting on, where a profile has shown it
 * (docs/serve-pool.md); a target that should be met has none, and a miss there is news.
 */
function issue21Checks(cases: readonly CaseResult[]): AcceptanceCheck[] {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const checks: AcceptanceCheck[] = [];
  const add = (id: string, check: (c: CaseResult) => Omit<AcceptanceCheck, 'issue'>) => {
    const measured = byId.get(id);
    if (measured) checks.push({ ...check(measured), issue: 21 });
  };
  /** A wall-time target: the case's median within `limitMs`. */
  const withinMs = (id: string, check: string, limitMs: number, why: string) =>
    add(id, (c) => ({ check, value: ms(c.jcsql.wallMs), pass: c.jcsql.wallMs <= limitMs, why }));
  withinMs(
    'cold-start-postgres',
    'Cold start to the first row, Postgres: ≤ 1.0 s',
    1000,
    "copying the template cluster and PGlite opening it on its thread, and the session's own start; the tables are already made once in the template (a timeline is in docs/serve-pool.md)",
  );
  withinMs(
    'cold-start-sqlite',
    'Cold start to the first row, SQLite: ≤ 0.3 s',
    300,
    'one CPU profile: loading and compiling modules, garbage collection and the demo org make most of it (its System Insights tables, now made when asked, took ~30 ms of it)',
  );
  add('serve-cached', (c) => {
    const qps = c.jcsql.metrics.queriesPerSecond ?? 0;
    return {
      check: '`serve`, 8 clients, cached `count(*)`: ≥ 1,000 q/s',
      value: `${n(qps, 1)} q/s, p95 ${ms(c.jcsql.metrics.p95Ms ?? Number.NaN)}, ${n(c.jcsql.peakRssMb)} MB`,
      pass: qps >= 1000,
    };
  });
  add('serve-cached-100', (c) => ({
    check: '`serve`, 100 clients in one process: ≤ 1.5 GB RSS',
    value: `${n(c.jcsql.peakRssMb)} MB; ${n(c.jcsql.metrics.queriesPerSecond ?? Number.NaN, 1)} q/s, p95 ${ms(c.jcsql.metrics.p95Ms ?? Number.NaN)}`,
    pass: c.jcsql.peakRssMb <= 1536,
  }));
  for (const id of ['join-device-apps', 'join-user-devices'])
    add(id, (c) => ({
      check: `Join pushdown (${c.label}): requests = lower bound`,
      value: `${n(c.jcsql.requests)} req, bound ${n(c.lowerBound?.requests ?? Number.NaN)}, without pushdown ${n(c.jcsql.metrics.requestsWithoutPushdown ?? Number.NaN)}`,
      pass: c.lowerBound !== undefined && c.jcsql.requests <= c.lowerBound.requests,
    }));
  add('engine-load-postgres', (c) => ({
    check: 'PGlite load, 41-column user table: ≥ 40,000 rows/s',
    value: `${n(c.jcsql.metrics.rowsPerSecond ?? Number.NaN)} rows/s`,
    pass: (c.jcsql.metrics.rowsPerSecond ?? 0) >= 40_000,
    why: "rows go to PGlite as one COPY in its text format: writing it (~0.6 s for 100,000 users) and PGlite's own COPY on its thread (~1.3 s) are the cost; runs vary by ±10%",
  }));
  withinMs(
    'cache-repeat-postgres',
    'Cached repeat of `select *` over 10,000 users, Postgres: ≤ 0.3 s',
    300,
    'the rows are no longer loaded again (fixed in this change); what is left is PGlite running the select and converting 410,000 values on its thread, and copying them to the main thread',
  );
  return checks;
}

export function writeJson(report: BenchReport): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const file = join(RESULTS_DIR, `${stamp}.json`);
  writeFileSync(file, text);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), text);
  return file;
}

/** Scenario-specific figures, in words. */
function otherFigures(c: CaseResult): string {
  const m = c.jcsql.metrics;
  const parts: string[] = [];
  if (m.requestsWithoutPushdown !== undefined)
    parts.push(`without pushdown ${n(m.requestsWithoutPushdown)} req`);
  if (m.firstRunMs !== undefined)
    parts.push(`first run ${ms(m.firstRunMs)}, ${n(m.firstRunRequests ?? Number.NaN)} req`);
  if (m.exitMs !== undefined) parts.push(`exit after ${ms(m.exitMs)}`);
  if (m.openMs !== undefined) parts.push(`engine open ${ms(m.openMs)}`);
  if (m.rowsPerSecond !== undefined) parts.push(`**${n(m.rowsPerSecond)} rows/s**`);
  if (m.fileMb !== undefined) parts.push(`${n(m.fileMb, 1)} MB file`);
  if (m.queriesPerSecond !== undefined)
    parts.push(
      `**${n(m.queriesPerSecond, 1)} q/s**, p50 ${ms(m.p50Ms ?? Number.NaN)}, p95 ${ms(m.p95Ms ?? Number.NaN)}`,
    );
  if (c.jcsql.rows !== undefined && m.queriesPerSecond === undefined) parts.push(`${n(c.jcsql.rows)} rows`);
  return parts.join('; ');
}

function requestsCell(s: { requests: number; requestsMin: number; requestsMax: number }): string {
  return s.requestsMin === s.requestsMax
    ? n(s.requests)
    : `${n(s.requests)} (${n(s.requestsMin)}–${n(s.requestsMax)})`;
}

function row(c: CaseResult): string {
  const { jcsql, lowerBound: lb, anchor } = c;
  const serve = jcsql.metrics.queriesPerSecond !== undefined;
  const wall = serve ? `p50 ${ms(jcsql.metrics.p50Ms ?? Number.NaN)}` : ms(jcsql.wallMs);
  const vsBound = !lb
    ? '–'
    : lb.ms === 0
      ? 'bound is 0'
      : ratio(serve ? (jcsql.metrics.p50Ms ?? Number.NaN) : jcsql.wallMs, lb.ms);
  const cells = [
    c.label,
    requestsCell(jcsql),
    wall,
    lb ? `${n(lb.requests)} req, ${ms(lb.ms)}` : '–',
    vsBound,
    anchor
      ? `${n(anchor.requests)} req, ${ms(anchor.wallMs)}${anchor.scale === 1 ? '' : ` (${anchor.basis})`}`
      : '–',
    anchor
      ? `**${ratio(anchor.wallMs, jcsql.wallMs)}** time, ${ratio(anchor.requests, jcsql.requests)} requests`
      : '–',
    `${n(jcsql.peakRssMb)} MB`,
    otherFigures(c),
  ];
  return `| ${cells.join(' | ')} |`;
}

function detail(c: CaseResult): string {
  const lines = [`- **${c.label}** — \`${c.command}\``];
  lines.push(
    `  - jcsql runs (ms): ${c.jcsql.wallMsRuns.map((v) => n(v)).join(', ')}; requests by route: ${routes(c.jcsql.byRoute)}`,
  );
  if (c.lowerBound)
    lines.push(`  - lower bound: ${c.lowerBound.basis} = ${n(c.lowerBound.rounds)} rounds × latency`);
  if (c.anchor)
    lines.push(
      `  - anchor strategy (${c.anchor.basis}; runs: ${c.anchor.wallMsRuns.map((v) => n(v)).join(', ')} ms, unscaled): ${routes(c.anchor.byRoute)}${c.anchor.scale === 1 ? '' : ' (unscaled)'}`,
    );
  for (const note of c.notes) lines.push(`  - ${note}`);
  return lines.join('\n');
}

const routes = (byRoute: Record<string, number>) =>
  Object.entries(byRoute)
    .map(([route, count]) => `${route} × ${n(count)}`)
    .join(', ') || 'none';

/** The Markdown file: how to reproduce, the machine, the table, the details, the gaps explained. */
export function renderMarkdown(report: BenchReport, explanations: string): string {
  const { machine, options } = report;
  const header = [
    'Case',
    'API requests',
    'Wall (median)',
    'Lower bound',
    'Wall ÷ bound',
    'Anchor strategy',
    'Anchor ÷ jcsql',
    'Peak RSS',
    'Other',
  ];
  const checks = report.acceptance
    .filter((a) => (a.issue ?? 8) === 8)
    .map((a) => `| ${a.check} | ${a.value} | ${a.pass ? 'pass' : '**FAIL**'} |`);
  const targets = report.acceptance
    .filter((a) => a.issue === 21)
    .map(
      (a) => `| ${a.check} | ${a.value} | ${a.pass ? 'met' : `**not met**${a.why ? `: ${a.why}` : ''}`} |`,
    );
  return `# Benchmarks

Generated by \`${report.command}\` on ${report.startedAt} (${n(report.durationS)} s), commit \`${machine.git.commit}\`${machine.git.dirty ? ' with uncommitted changes' : ''}. JSON: \`bench/results/latest.json\`.

Reproduce: \`npm run bench\` (full, this file) or \`npm run bench -- --quick\` (under two minutes, smaller sizes, does not rewrite this file unless complete). Options: \`--latency-ms N\` (default 50), \`--runs N\` (default 5, quick 1), \`--anchor-runs N\` (default 3, quick 1), \`--anchor-full\` (run the anchor strategy at full size instead of scaling), \`--only <scenario|case>\`.

## Machine

- ${machine.cpus} CPUs (\`nproc\`), ${machine.cpuModel}; ${machine.memoryGb} GB memory; Node ${machine.node}; ${machine.os}.
- **Load**: 1-minute load average ${machine.loadAverage.start} at the start, ${machine.loadAverage.end ?? '?'} at the end, on ${machine.cpus} CPUs; the simulator shares them. Wall times are medians of ${options.runs} runs (anchor strategy: ${options.anchorRuns}); request counts are exact and do not depend on load, and ratios measured in the same run are more robust than absolute times.
- The simulator (\`jcsql demo serve\`, latency ${options.latencyMs} ms per request) runs in its own process; every measurement runs in a fresh Node process, and its peak RSS is that process's.

## Results (latency ${options.latencyMs} ms)

| ${header.join(' | ')} |
| ${header.map(() => '---').join(' | ')} |
${report.cases.map(row).join('\n')}

- **API requests**: counted by the simulator (\`/__simulator/stats\`), exact. **Lower bound**: the fewest requests at the API's largest page (100; System Insights 10,000), in as few rounds as max_concurrency (${10}) and the data dependencies allow, × latency. **Anchor strategy**: the Steampipe plugin's pattern (pages of 10, one request at a time, no retry, device tables walked device by device) run by our own client in the same run; "scaled" rows were measured on a smaller org and scaled linearly.
- Cases 1–4 time the API-facing part of a query (plan, then fetch every row as the engine does before loading), for jcsql and for the anchor strategy alike; what loading costs is case 7.

## Acceptance (issue #8)

| Check | Value | Result |
| --- | --- | --- |
${checks.join('\n') || '| 10,000-user full scan not run | – | – |'}

## Targets (issue #21)

| Target | Measured | Result |
| --- | --- | --- |
${targets.join('\n') || '| none of its cases ran | – | – |'}

## Details

${report.cases.map(detail).join('\n')}

${explanations}
`;
}

export function writeMarkdown(report: BenchReport, explanations: string): void {
  writeFileSync(BENCHMARKS_MD, renderMarkdown(report, explanations));
}
