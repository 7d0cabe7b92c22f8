import { associationTargets } from '../api/index.js';
import type { FieldFilter, ListEndpoint } from '../client/index.js';
import { col, defineTable, type PagedIterable } from '../sdk/index.js';
import { type Ctx, organizationIdColumn } from './common.js';
import { fanOutTable } from './fan-out.js';

/** One direct association (GraphConnection) of one object. */
interface Association extends Record<string, unknown> {
  from_type: string;
  from_id: string;
  to_type: unknown;
  to_id: unknown;
  attributes: unknown;
}

/** A type of object whose associations the table reads. */
interface AssociationSource {
  /** The type's objects, for a scan without `from_id` (with API filters, if given), and the field of their id. */
  list: ListEndpoint;
  filters?: FieldFilter[];
  idField: string;
  /** `/api/v2/users/{user_id}/associations`: its one placeholder is the object's id. */
  associations: string;
}

/** Every `from_type` the table reads, by GraphType: adding a type is one entry here. */
export const ASSOCIATION_SOURCES: Readonly<Record<string, AssociationSource>> = {
  user: {
    list: { path: '/api/systemusers', paging: 'v1' },
    idField: '_id',
    associations: '/api/v2/users/{user_id}/associations',
  },
  user_group: {
    list: { path: '/api/v2/usergroups', paging: 'v2' },
    idField: 'id',
    associations: '/api/v2/usergroups/{group_id}/associations',
  },
  system: {
    list: { path: '/api/systems', paging: 'v1' },
    idField: '_id',
    associations: '/api/v2/systems/{system_id}/associations',
  },
  system_group: {
    list: { path: '/api/v2/systemgroups', paging: 'v2' },
    idField: 'id',
    associations: '/api/v2/systemgroups/{group_id}/associations',
  },
  application: {
    list: { path: '/api/applications', paging: 'v1' },
    idField: '_id',
    associations: '/api/v2/applications/{application_id}/associations',
  },
  radius_server: {
    list: { path: '/api/radiusservers', paging: 'v1' },
    idField: '_id',
    associations: '/api/v2/radiusservers/{radiusserver_id}/associations',
  },
  ldap_server: {
    list: { path: '/api/v2/ldapservers', paging: 'v2' },
    idField: 'id',
    associations: '/api/v2/ldapservers/{ldapserver_id}/associations',
  },
  policy: {
    list: { path: '/api/v2/policies', paging: 'v2' },
    idField: 'id',
    associations: '/api/v2/policies/{policy_id}/associations',
  },
  policy_group: {
    list: { path: '/api/v2/policygroups', paging: 'v2' },
    idField: 'id',
    associations: '/api/v2/policygroups/{group_id}/associations',
  },
  command: {
    list: { path: '/api/commands', paging: 'v1' },
    idField: '_id',
    associations: '/api/v2/commands/{command_id}/associations',
  },
  software_app: {
    list: { path: '/api/v2/softwareapps', paging: 'v2' },
    idField: 'id',
    associations: '/api/v2/softwareapps/{software_app_id}/associations',
  },
  g_suite: {
    list: { path: '/api/v2/directories', paging: 'v2' },
    filters: [{ field: 'type', values: ['g_suite'] }],
    idField: 'id',
    associations: '/api/v2/gsuites/{gsuite_id}/associations',
  },
  office_365: {
    list: { path: '/api/v2/directories', paging: 'v2' },
    filters: [{ field: 'type', values: ['office_365'] }],
    idField: 'id',
    associations: '/api/v2/office365s/{office365_id}/associations',
  },
  active_directory: {
    list: { path: '/api/v2/activedirectories', paging: 'v2' },
    idField: 'id',
    associations: '/api/v2/activedirectories/{activedirectory_id}/associations',
  },
};

const columns = [
  col.string(
    'from_type',
    `The type of the object the association is read from: ${Object.keys(ASSOCIATION_SOURCES).join(', ')}.`,
  ),
  col.string('from_id', 'The ID of the object the association is read from.'),
  col.string('to_type', 'The type of the associated object (user, user_group, system, system_group, …).'),
  col.string('to_id', 'The ID of the associated object.'),
  col.json(
    'attributes',
    'The attributes of the association, e.g. sudo on a user↔device binding; null when none.',
  ),
  organizationIdColumn<Association>(),
];

/** Each type's reader: `from_id = …` reads those objects' associations; without it, every object's. */
const readers = new Map(
  Object.entries(ASSOCIATION_SOURCES).map(([type, source]) => [
    type,
    fanOutTable<Association>({
      name: `jumpcloud_association_${type}`,
      description: `Associations of ${type} objects.`,
      keys: [
        {
          column: 'from_id',
          list: { path: source.associations, paging: 'v2' },
          // Every target the spec allows for the type, asked for at once.
          query: { targets: associationTargets(source.associations).join(',') },
          row: (entry, parent) => {
            const to = entry.to as Record<string, unknown> | undefined;
            return {
              from_type: type,
              from_id: parent.id,
              to_type: to?.type,
              to_id: to?.id,
              attributes: entry.attributes ?? null,
            };
          },
        },
      ],
      scan: {
        key: 'from_id',
        list: source.list,
        idField: source.idField,
        fields: [],
        filters: source.filters,
      },
      columns,
    }),
  ]),
);

function associations(ctx: Ctx): PagedIterable<Association> {
  const wanted = ctx.equals('from_type')?.map(String);
  const types = wanted ? [...readers.keys()].filter((type) => wanted.includes(type)) : [...readers.keys()];
  const pages = async function* (): AsyncGenerator<Association[]> {
    let left = ctx.limit ?? Number.POSITIVE_INFINITY;
    for (const type of types) {
      const rows = readers.get(type)!.list.run(ctx) as PagedIterable<Association>;
      for await (const page of rows.pages()) {
        const kept = page.slice(0, left);
        left -= kept.length;
        if (kept.length > 0) yield kept;
        if (left <= 0) return;
      }
    }
  };
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page;
    },
  };
}

export const jumpcloud_association = defineTable<Association, Ctx['connection']['client']>({
  name: 'jumpcloud_association',
  description:
    'JumpCloud Association: one row per direct association (graph edge) of a user, user group, device, device group, application, RADIUS or LDAP server.',
  list: {
    keyColumns: ['from_type', 'from_id'],
    run: associations,
    // Each type's fan-out in turn: `from_type = …` picks the types, `from_id = …` the objects.
    requests: {
      kind: 'union',
      column: 'from_type',
      parts: Object.fromEntries([...readers].map(([type, reader]) => [type, reader.list.requests!])),
    },
  },
  columns,
});
