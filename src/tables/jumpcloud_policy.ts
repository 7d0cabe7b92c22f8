import { col } from '../sdk/index.js';
import { apiTable, detailHydrate, organizationIdColumn, titleColumn } from './common.js';

/** A policy, as `/api/v2/policies` lists it: its id, name and template. */
export interface Policy extends Record<string, unknown> {
  id: string;
  name?: string;
  template?: { id?: string; name?: string; displayName?: string; osMetaFamily?: string };
}

/** What `/api/v2/policies/{id}` adds (PolicyWithDetails). */
interface PolicyDetail {
  values?: Array<{ configFieldID?: string; value?: unknown }>;
  configFields?: Array<{ id?: string; name?: string }>;
}

/** The policy's values keyed by their config field's name (a value of an unknown field by its id). */
function config(_item: unknown, detail: unknown): unknown {
  const { values, configFields = [] } = (detail ?? {}) as PolicyDetail;
  if (!Array.isArray(values)) return null;
  const names = new Map(configFields.map((field) => [field.id, field.name]));
  return Object.fromEntries(
    values.map((value) => [names.get(value.configFieldID) ?? value.configFieldID, value.value]),
  );
}

const get = '/api/v2/policies/{id}';

export const jumpcloud_policy = apiTable<Policy>({
  name: 'jumpcloud_policy',
  description: 'JumpCloud Policy: a device policy, an instance of a policy template.',
  list: { path: '/api/v2/policies', paging: 'v2' },
  get,
  hydrates: { detail: detailHydrate<Policy>(get, 'id') },
  columns: [
    col.string('name', 'The name of the policy.', { filter: 'name' }),
    col.string('id', 'A unique identifier for the policy.'),
    col.string('template_id', 'The ID of the policy template the policy is made from.', {
      from: 'template.id',
    }),
    col.string('template_name', 'The unique name of the policy template (e.g. filevault_darwin).', {
      from: 'template.name',
    }),
    col.string('template_display_name', 'The display name of the policy template.', {
      from: 'template.displayName',
    }),
    col.string(
      'os_meta_family',
      "The OS family of the policy's template: darwin, windows, linux, ios, android or universal.",
      { from: 'template.osMetaFamily' },
    ),
    col.json('delivery_types', "How the policy's template is delivered: agent, mdm.", {
      from: 'template.deliveryTypes',
    }),
    col.string('notes', 'The notes of the policy.', { hydrate: 'detail', from: 'notes' }),
    col.json('values', "The policy's values: one {configFieldID, value, sensitive} per config field.", {
      hydrate: 'detail',
      from: 'values',
    }),
    col.json('config', "The policy's values as an object, keyed by the config field's name.", {
      hydrate: 'detail',
      from: config,
    }),
    col.json('config_fields', 'The config fields of the policy template, as the policy shows them.', {
      hydrate: 'detail',
      from: 'configFields',
    }),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
