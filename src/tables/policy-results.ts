import type { ColumnDef } from '../sdk/index.js';
import { col } from '../sdk/index.js';

/** A policy result (PolicyResult): one application of a policy on a device. */
export interface PolicyResult extends Record<string, unknown> {
  id: string;
  policyID?: string;
  systemID?: string;
}

/**
 * The columns of a policy result, shared by the result history and the latest statuses. `filters`
 * names the API fields an `=`/IN on policy_id, device_id and state is sent as (the flat list's).
 */
export function policyResultColumns<Row extends Record<string, unknown>>(filters: boolean): ColumnDef<Row>[] {
  const filter = (field: string) => (filters ? { filter: field } : {});
  return [
    col.string('id', 'A unique identifier for the policy result.'),
    col.string('policy_id', 'The ID of the policy.', { from: 'policyID', ...filter('policyID') }),
    col.string('device_id', 'The ID of the device (system) the policy was applied on.', {
      from: 'systemID',
      ...filter('systemID'),
    }),
    col.string('user_id', 'The ID of the user the result belongs to, for a user-scoped policy.', {
      from: 'userObjectId',
    }),
    col.string('state', 'The state of the result: success, failed or pending.', filter('state')),
    col.bool('success', 'True if the policy was applied successfully; false otherwise (also while pending).'),
    col.int('exit_status', 'The exit status of applying the policy (0 on success); NULL while pending.', {
      from: 'exitStatus',
      keepEmpty: true,
    }),
    col.timestamp('started_at', 'When the application of the policy started.', { from: 'startedAt' }),
    col.timestamp('ended_at', 'When the application of the policy ended; NULL while pending.', {
      from: 'endedAt',
    }),
    col.string('detail', 'Details of the result.'),
    col.string('std_out', 'The standard output of applying the policy.', { from: 'stdOut' }),
    col.string('std_err', 'The standard error of applying the policy.', { from: 'stdErr' }),
  ];
}
