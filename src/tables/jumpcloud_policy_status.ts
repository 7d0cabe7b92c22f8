import { col } from '../sdk/index.js';
import { getTarget, organizationIdColumn } from './common.js';
import { fanOutTable, getOncePerScan, type ParentRef } from './fan-out.js';
import { type PolicyResult, policyResultColumns } from './policy-results.js';

/** The latest result of one policy on one device, with the keys it was read by. */
interface PolicyStatus extends PolicyResult {
  policy_id: unknown;
  device_id: unknown;
  /** The listed policy, when a full scan listed the policies. */
  policy?: ParentRef['item'];
}

const status = (entry: Record<string, unknown>, policy?: ParentRef['item']): PolicyStatus => ({
  ...(entry as PolicyResult),
  policy_id: entry.policyID,
  device_id: entry.systemID,
  policy,
});

const policyGet = '/api/v2/policies/{id}';

export const jumpcloud_policy_status = fanOutTable<PolicyStatus>({
  name: 'jumpcloud_policy_status',
  description:
    'JumpCloud Policy Status: the latest result of each policy on each device it applies to (success, failed or pending).',
  keys: [
    {
      column: 'device_id',
      list: { path: '/api/v2/systems/{system_id}/policystatuses', paging: 'v2' },
      row: (entry) => status(entry),
    },
    {
      column: 'policy_id',
      list: { path: '/api/v2/policies/{policy_id}/policystatuses', paging: 'v2' },
      row: (entry, parent) => status(entry, parent.item),
    },
  ],
  scan: { key: 'policy_id', list: { path: '/api/v2/policies', paging: 'v2' }, idField: 'id' },
  hydrates: {
    // A full scan lists the policies and has their names; rows read by key ask once per policy.
    policy: {
      requests: getTarget(policyGet),
      run: async (row, ctx) => row.policy ?? (await getOncePerScan(policyGet, String(row.policy_id), ctx)),
    },
  },
  columns: [
    ...policyResultColumns<PolicyStatus>(false),
    col.string('policy_name', 'The name of the policy.', {
      hydrate: 'policy',
      from: (_row, policy) => (policy as { name?: unknown } | null)?.name,
    }),
    organizationIdColumn(),
  ],
});
