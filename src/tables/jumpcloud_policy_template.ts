import { col } from '../sdk/index.js';
import { apiTable, detailHydrate, organizationIdColumn, titleColumn } from './common.js';

/** A policy template, as `/api/v2/policytemplates` lists it. */
export interface PolicyTemplate extends Record<string, unknown> {
  id: string;
  name?: string;
}

const get = '/api/v2/policytemplates/{id}';

export const jumpcloud_policy_template = apiTable<PolicyTemplate>({
  name: 'jumpcloud_policy_template',
  description: 'JumpCloud Policy Template: a kind of policy JumpCloud offers, for one OS family.',
  list: { path: '/api/v2/policytemplates', paging: 'v2' },
  get,
  hydrates: { detail: detailHydrate<PolicyTemplate>(get, 'id') },
  columns: [
    col.string('name', 'The unique name of the policy template (e.g. filevault_darwin).', { filter: 'name' }),
    col.string('id', 'A unique identifier for the policy template.'),
    col.string('display_name', 'The default display name of a policy made from the template.', {
      from: 'displayName',
    }),
    col.string('description', 'The default description of a policy made from the template.'),
    col.string('os_meta_family', 'The OS family: darwin, windows, linux, ios, android or universal.', {
      from: 'osMetaFamily',
      filter: 'osMetaFamily',
    }),
    col.string('activation', 'Requirements before the policy can be activated.'),
    col.string('behavior', 'Specifics about the behavior of the policy.'),
    col.json('delivery_types', 'The supported delivery mechanisms: agent, mdm.', { from: 'deliveryTypes' }),
    col.string('state', 'The release status of the policy template.'),
    col.string('alert', 'Text describing any risk associated with the policy.'),
    col.string('reference', 'A URL with further information.'),
    col.json('os_restrictions', 'The OS versions (and MDM enrollment) the policy can be applied to.', {
      from: 'osRestrictions',
    }),
    col.json('config_fields', 'The fields a policy made from the template configures.', {
      hydrate: 'detail',
      from: 'configFields',
    }),
    organizationIdColumn(),
    titleColumn('displayName'),
  ],
});
