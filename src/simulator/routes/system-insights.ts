import { INSIGHT_SCHEMAS } from '../data/insights-schema.js';
import { INSIGHTS_MAX_LIMIT, v2List } from './lists.js';
import type { RouteDef } from './route.js';

/**
 * The System Insights lists beyond the catalog's four (resources.ts): one route per list of the
 * spec, answered as System Insights answers (pages of up to 10,000, `eq`/`in` filters, no fields).
 */
export const systemInsightsRoutes: RouteDef[] = Object.keys(INSIGHT_SCHEMAS)
  .filter((api) => !['system_info', 'apps', 'programs', 'linux_packages'].includes(api))
  .map(
    (api): RouteDef => ({
      method: 'GET',
      ...(INSIGHT_SCHEMAS[api]!.stringErrors && { errorShape: 'string400' as const }),
      template: `/api/v2/systeminsights/${api}`,
      handler: (ctx) =>
        v2List(ctx, ctx.org.insightTables[api] ?? [], {
          max: INSIGHTS_MAX_LIMIT,
          operators: ['eq', 'in'],
          fields: false,
        }),
    }),
  );
