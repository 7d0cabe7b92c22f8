import type { OrgData } from '../../src/simulator/index.js';
import type { LowerBound } from '../lower-bound.js';
import { repeat, runInWorker, type Summary, summarize } from '../measure.js';
import type { AnchorResult, BenchCase, CaseContext } from '../scenario.js';
import type { Dataset } from '../simulator.js';
import type { Strategy } from '../strategies.js';

/** Where the anchor strategy is measured: the case's own org, or a smaller one scaled up linearly. */
export interface AnchorPlan {
  dataset: Dataset;
  /** Factor applied to its requests and wall time (1: measured at full size). */
  scale: number;
  /** e.g. "1,000 users". */
  size: string;
}

export interface ApiCaseSpec {
  scenario: string;
  id: string;
  label: string;
  dataset: Dataset;
  /** The SQL, which may name ids of the org. */
  sql: (data: OrgData) => string;
  lowerBound: (data: OrgData, latencyMs: number) => LowerBound;
  anchor: AnchorPlan;
  notes?: string[];
  /** Also count jcsql's requests without pushdown (`--no-pushdown`), for the join cases. */
  withoutPushdown?: boolean;
}

/** Anchor samples already taken (a scaled case may reuse another case's measurement). */
const anchorMemo = new Map<string, Promise<Summary>>();

async function measureStrategy(
  ctx: CaseContext,
  strategy: Strategy,
  dataset: Dataset,
  sql: string,
  runs: number,
  pushdown = true,
): Promise<Summary> {
  const sim = await ctx.simulator(dataset);
  const samples = await repeat(runs, () => runInWorker({ kind: 'fetch', sim, strategy, sql, pushdown }));
  return summarize(samples);
}

const scaled = (summary: Summary, plan: AnchorPlan): AnchorResult => ({
  ...summary,
  requests: Math.round(summary.requests * plan.scale),
  requestsMin: Math.round(summary.requestsMin * plan.scale),
  requestsMax: Math.round(summary.requestsMax * plan.scale),
  wallMs: Math.round(summary.wallMs * plan.scale),
  scale: plan.scale,
  basis: plan.scale === 1 ? 'measured' : `scaled ×${plan.scale} from ${plan.size}`,
});

/**
 * A query whose cost is its API traffic: planned and fetched exactly as an engine does before
 * loading, by jcsql and by the anchor's strategy, with the lower bound beside them.
 */
export function apiCase(spec: ApiCaseSpec): BenchCase {
  return {
    scenario: spec.scenario,
    id: spec.id,
    datasets: [spec.dataset, spec.anchor.dataset],
    async run(ctx) {
      const { options } = ctx;
      const data = ctx.data(spec.dataset);
      const sql = spec.sql(data);
      const jcsql = await measureStrategy(ctx, 'jcsql', spec.dataset, sql, options.runs);
      if (spec.withoutPushdown) {
        // Its request count does not vary from run to run: one run tells it.
        const whole = await measureStrategy(ctx, 'jcsql', spec.dataset, sql, 1, false);
        jcsql.metrics.requestsWithoutPushdown = whole.requests;
      }
      const anchorSql = spec.sql(ctx.data(spec.anchor.dataset));
      const key = `${JSON.stringify(spec.anchor.dataset)}|${anchorSql}`;
      let anchorSummary = anchorMemo.get(key);
      if (!anchorSummary) {
        anchorSummary = measureStrategy(ctx, 'anchor', spec.anchor.dataset, anchorSql, options.anchorRuns);
        anchorMemo.set(key, anchorSummary);
      }
      return {
        scenario: spec.scenario,
        id: spec.id,
        label: spec.label,
        command: sql,
        dataset: spec.dataset,
        jcsql,
        lowerBound: spec.lowerBound(data, options.latencyMs),
        anchor: scaled(await anchorSummary, spec.anchor),
        notes: spec.notes ?? [],
      };
    },
  };
}

/** The anchor plan for a case: full size when affordable (or --anchor-full), else a smaller org scaled up. */
export function anchorPlan(
  ctx: { anchorFull: boolean },
  full: Dataset,
  affordable: boolean,
  smaller: { dataset: Dataset; scale: number; size: string },
): AnchorPlan {
  return affordable || ctx.anchorFull ? { dataset: full, scale: 1, size: '' } : smaller;
}
