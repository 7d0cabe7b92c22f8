import { col, readPath } from '../sdk/index.js';
import { apiTable, organizationIdColumn, titleColumn } from './common.js';

/** An authentication (conditional access) policy, as `/api/v2/authn/policies` lists it. */
export interface AuthnPolicy extends Record<string, unknown> {
  id: string;
  name?: string;
  conditions?: unknown;
}

/** The IP list ids a policy's conditions name (`ipAddressIn`, at any depth of not/all/any). */
function ipListIds(conditions: unknown): string[] {
  if (Array.isArray(conditions)) return conditions.flatMap(ipListIds);
  if (conditions === null || typeof conditions !== 'object') return [];
  return Object.entries(conditions).flatMap(([key, value]) =>
    key === 'ipAddressIn' && Array.isArray(value) ? value.map(String) : ipListIds(value),
  );
}

export const jumpcloud_authentication_policy = apiTable<AuthnPolicy>({
  name: 'jumpcloud_authentication_policy',
  description:
    'JumpCloud Authentication Policy: conditional access rules for the User Portal, SSO applications, LDAP and the Admin Portal.',
  list: { path: '/api/v2/authn/policies', paging: 'v2' },
  get: '/api/v2/authn/policies/{id}',
  columns: [
    col.string('id', 'The ID of the policy.'),
    col.string('name', 'The name of the policy.'),
    col.string('description', 'The description of the policy.'),
    col.string('type', 'What the policy protects: user_portal, application, ldap or admin_portal.'),
    col.bool('disabled', 'True if the policy is disabled.'),
    col.bool('monitor_only', 'True if the policy only records what it would do.', { from: 'monitorOnly' }),
    col.string('effect_action', 'What the policy does when it applies: allow or deny.', {
      from: 'effect.action',
    }),
    col.bool('mfa_required', 'True if the policy requires MFA when it allows.', {
      from: 'effect.obligations.mfa.required',
    }),
    col.json('mfa_factors', 'The MFA factors the policy accepts (e.g. [{"type": "WEBAUTHN"}]).', {
      from: 'effect.obligations.mfaFactors',
    }),
    col.json(
      'effect',
      'The full effect: action, obligations (MFA, user verification) and custom error message.',
    ),
    col.json(
      'targets',
      'Who and what the policy applies to: resources, user groups, users, user attributes.',
    ),
    col.json(
      'target_resources',
      'The resources targeted (e.g. [{"type": "application"}]; no id means all of the type).',
      {
        from: 'targets.resources',
      },
    ),
    col.json('target_user_group_ids', 'The IDs of the user groups the policy includes.', {
      from: 'targets.userGroups.inclusions',
    }),
    col.json('excluded_user_group_ids', 'The IDs of the user groups the policy excludes.', {
      from: 'targets.userGroups.exclusions',
    }),
    col.json('target_user_ids', 'The IDs of the users the policy includes.', {
      from: 'targets.users.inclusions',
    }),
    col.json(
      'conditions',
      'The conditions under which the policy applies (ipAddressIn, locationIn, deviceManaged, deviceEncrypted, not/all/any).',
    ),
    col.json('ip_list_ids', 'The IDs of the IP lists the conditions name (at any depth); NULL when none.', {
      from: (policy: AuthnPolicy) => {
        const ids = ipListIds(readPath(policy, 'conditions'));
        return ids.length === 0 ? null : ids;
      },
      fields: ['conditions'],
    }),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
