import type { ListEndpoint } from '../client/index.js';
import { type ColumnDef, col } from '../sdk/index.js';
import { organizationIdColumn } from './common.js';
import { fanOutTable } from './fan-out.js';

type ApiObject = Record<string, unknown>;

/** One hop of a traversal's path (GraphConnection): the edge's attributes and the object it reaches. */
interface Hop {
  attributes?: unknown;
  to?: { type?: unknown; id?: unknown; attributes?: unknown };
}

/** A user's access to one resource: both ids (the resource's under its column's name), and the paths between them as seen from the user. */
export interface Access extends ApiObject {
  user_id: string;
  /** Each path from the user to the resource, its hops in that order (sorted: direct first). */
  paths: Hop[][];
  compiled_attributes: unknown;
}

/** A kind of resource users reach (devices, applications, RADIUS and LDAP servers). */
export interface AccessResource {
  name: string;
  description: string;
  /** The resource's id column (`device_id`) and what it is called in descriptions (`device`). */
  column: string;
  what: string;
  /** Its GraphType (`system`). */
  type: string;
  /** The user → resources traversal: `/api/v2/users/{user_id}/systems`. */
  fromUser: string;
  /** The resource → users traversal: `/api/v2/systems/{system_id}/users`. */
  toUsers: string;
  /** The resources a full scan lists, their id field (v1 lists are asked for it only). */
  scan: { list: ListEndpoint; idField: string };
  /** Columns of the resource's own, after the common ones (a device's sudo). */
  columns?: ColumnDef<Access>[];
  /** What the traversal's `compiledAttributes` hold, for a `compiled_attributes` column; none when undefined. */
  compiled?: string;
}

const key = (hop: Hop) => `${String(hop.to?.type)}:${String(hop.to?.id)}`;

/**
 * The paths as seen from the user: as `/users/{id}/…` returns them, or, read from the resource's
 * side (whose paths start at the resource), each one reversed, every edge keeping its attributes;
 * sorted (shorter first, then by the objects they pass), so both sides give the same value.
 */
export function pathsFromUser(paths: unknown, from: 'user' | { type: string; id: string }): Hop[][] {
  const list = Array.isArray(paths) ? (paths as Hop[][]) : [];
  const seen =
    from === 'user'
      ? list
      : list.map((path) => {
          const nodes = [{ attributes: null, id: from.id, type: from.type }, ...path.map((hop) => hop.to)];
          return path.map((_hop, k) => {
            const i = path.length - 1 - k;
            return { attributes: path[i]!.attributes ?? null, to: nodes[i] };
          });
        });
  const order = (path: Hop[]) => path.map(key).join(' ');
  return [...seen].sort(
    (a, b) => a.length - b.length || (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0),
  );
}

/**
 * `via`: one entry per path through groups, the groups it passes from the user to the resource
 * (`[{"type":"user_group","id":…},{"type":"system_group","id":…}]`); a direct path is not listed.
 */
export const viaOf = (paths: readonly Hop[][]): Array<Array<{ type: unknown; id: unknown }>> =>
  paths
    .filter((path) => path.length > 1)
    .map((path) => path.slice(0, -1).map((hop) => ({ type: hop.to?.type, id: hop.to?.id })));

/**
 * The table of the users that reach a kind of resource, directly or through groups (the v2
 * traversals, which return each object with its `paths` and `compiledAttributes`). `user_id = …`
 * reads that user's traversal, `<resource>_id = …` the resource's; a full scan lists the
 * resources, then each one's users, a few at a time.
 */
export function accessTable(resource: AccessResource) {
  const row = (entry: ApiObject, userId: string, resourceId: string, paths: Hop[][]): Access => ({
    user_id: userId,
    [resource.column]: resourceId,
    paths,
    compiled_attributes: entry.compiledAttributes ?? null,
  });
  return fanOutTable<Access>({
    name: resource.name,
    description: resource.description,
    keys: [
      {
        column: 'user_id',
        list: { path: resource.fromUser, paging: 'v2' },
        row: (entry, parent) => row(entry, parent.id, String(entry.id), pathsFromUser(entry.paths, 'user')),
      },
      {
        column: resource.column,
        list: { path: resource.toUsers, paging: 'v2' },
        row: (entry, parent) =>
          row(
            entry,
            String(entry.id),
            parent.id,
            pathsFromUser(entry.paths, { type: resource.type, id: parent.id }),
          ),
      },
    ],
    scan: { key: resource.column, list: resource.scan.list, idField: resource.scan.idField, fields: [] },
    columns: [
      col.string('user_id', 'The ID of the user.'),
      col.string(resource.column, `The ID of the ${resource.what}.`),
      col.bool('direct', `True if the user is bound to the ${resource.what} directly (a path of one edge).`, {
        from: (item) => item.paths.some((path) => path.length === 1),
      }),
      col.json(
        'via',
        `The groups each indirect path goes through, from the user to the ${resource.what}: one list per path, e.g. [[{"type":"user_group","id":"…"}]]; [] when the binding is only direct.`,
        { from: (item) => viaOf(item.paths) },
      ),
      col.json(
        'paths',
        `Every path from the user to the ${resource.what}: lists of GraphConnections ({"attributes":…,"to":{"type":…,"id":…}}), direct first.`,
      ),
      ...(resource.columns ?? []),
      ...(resource.compiled === undefined
        ? []
        : [
            col.json<Access>(
              'compiled_attributes',
              `The attributes the paths compile to (compiledAttributes): ${resource.compiled}; null when none.`,
            ),
          ]),
      organizationIdColumn(),
    ],
  });
}
