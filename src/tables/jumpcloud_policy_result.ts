import { apiTable, organizationIdColumn } from './common.js';
import { type PolicyResult, policyResultColumns } from './policy-results.js';

export const jumpcloud_policy_result = apiTable<PolicyResult>({
  name: 'jumpcloud_policy_result',
  description:
    'JumpCloud Policy Result: every application of a policy on a device, past and latest (the history).',
  list: { path: '/api/v2/policyresults', paging: 'v2' },
  get: '/api/v2/policyresults/{id}',
  columns: [...policyResultColumns<PolicyResult>(true), organizationIdColumn()],
});
