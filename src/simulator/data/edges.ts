/**
 * The organization's direct associations (graph edges), as data: each family of objects registers
 * one provider that lists its edges from its own maps; the view indexes them both ways on first
 * use, and the `/{type}s/{id}/associations` routes answer from that index for every type.
 *
 * Group membership (a user in a user group, a device in a device group) is not an association in
 * the API (the associations' `targets` never name a group's own members): it stays in
 * `userGroupMembers` / `systemGroupMembers` and the `members` routes.
 */
import { bindingKey } from './bindings.js';
import { commandEdges, softwareAppEdges } from './commands.js';
import { directoryEdges } from './directories.js';
import type { DirectEdge, GraphRef } from './graph-edge.js';
import { policyEdges } from './policies.js';
import type { GraphAttributes, OrgData } from './types.js';

export type { GraphRef } from './graph-edge.js';

/** A direct association between two objects, with the attributes it carries (sudo on a binding). */
export interface Edge {
  a: GraphRef;
  b: GraphRef;
  attributes: GraphAttributes | null;
}

/** The other end of an edge, seen from one object. */
export interface EdgeEnd {
  to: GraphRef;
  attributes: GraphAttributes | null;
}

/** A family's direct edges in one organization. */
export type EdgeProvider = (org: OrgData) => Iterable<Edge>;

/** The edges of a `from id → [to id]` map, with each edge's attributes when it has any. */
export function* edgesOf(
  map: ReadonlyMap<string, readonly string[]>,
  fromType: string,
  toType: string,
  attributes: (from: string, to: string) => GraphAttributes | null = () => null,
): Generator<Edge> {
  for (const [from, tos] of map)
    for (const to of tos)
      yield {
        a: { type: fromType, id: from },
        b: { type: toType, id: to },
        attributes: attributes(from, to),
      };
}

/** A family's declared edges, which carry no attributes. */
const declared = (edges: Iterable<DirectEdge>): Edge[] =>
  [...edges].map((edge) => ({ a: edge.from, b: edge.to, attributes: null }));

/** Every family's edges. Adding a family's associations is one provider here. */
export const EDGE_PROVIDERS: readonly EdgeProvider[] = [
  (org) => edgesOf(org.userGroupSystemGroups, 'user_group', 'system_group'),
  (org) =>
    edgesOf(
      org.systemUsers,
      'system',
      'user',
      (s, u) => org.systemUserAttributes.get(bindingKey(s, u)) ?? null,
    ),
  (org) => edgesOf(org.applicationUserGroups, 'application', 'user_group'),
  (org) => edgesOf(org.radiusUserGroups, 'radius_server', 'user_group'),
  (org) => edgesOf(org.radiusUsers, 'radius_server', 'user'),
  (org) => edgesOf(org.ldapUserGroups, 'ldap_server', 'user_group'),
  (org) => edgesOf(org.ldapUsers, 'ldap_server', 'user'),
  (org) => declared(policyEdges(org.policies)),
  (org) => declared(commandEdges(org)),
  (org) => declared(softwareAppEdges(org)),
  (org) => declared(directoryEdges(org)),
];

export const refKey = (type: string, id: string): string => `${type} ${id}`;

/** Every edge, from both of its ends: `type id` → the other ends, in provider order. */
export function indexEdges(org: OrgData): Map<string, EdgeEnd[]> {
  const index = new Map<string, EdgeEnd[]>();
  const add = (from: GraphRef, end: EdgeEnd) => {
    const key = refKey(from.type, from.id);
    const list = index.get(key);
    if (list) list.push(end);
    else index.set(key, [end]);
  };
  for (const provider of EDGE_PROVIDERS) {
    for (const edge of provider(org)) {
      add(edge.a, { to: edge.b, attributes: edge.attributes });
      add(edge.b, { to: edge.a, attributes: edge.attributes });
    }
  }
  return index;
}
