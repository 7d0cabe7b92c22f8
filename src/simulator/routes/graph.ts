/** The v2 graph shapes: GraphConnection (direct edges) and GraphObjectWithPaths (resolved, with paths). */
import type { GraphAttributes } from '../data/types.js';

export type GraphType =
  | 'user'
  | 'user_group'
  | 'system'
  | 'system_group'
  | 'application'
  | 'radius_server'
  | 'policy'
  | 'policy_group'
  | 'ldap_server'
  | 'command'
  | 'software_app'
  | 'g_suite'
  | 'office_365'
  | 'active_directory';

export interface GraphObject {
  attributes: null;
  id: string;
  type: GraphType;
}

export interface GraphConnection {
  attributes: GraphAttributes | null;
  to: GraphObject;
}

export interface GraphObjectWithPaths {
  compiledAttributes: GraphAttributes | null;
  id: string;
  type: GraphType;
  paths: GraphConnection[][];
}

/** One hop of a path: the edge to an object, with the edge's attributes (a binding's sudo). */
export const hop = (
  type: GraphType,
  id: string,
  attributes: GraphAttributes | null = null,
): GraphConnection => ({
  attributes,
  to: { attributes: null, id, type },
});

/** What an object's paths compile to (its `compiledAttributes`), or null. */
export type Compile = (paths: readonly GraphConnection[][]) => GraphAttributes | null;

/** Collects objects reached by several paths into one entry each, in first-reached order. */
export class Reached {
  private readonly byId = new Map<string, GraphObjectWithPaths>();

  constructor(private readonly compile: Compile = () => null) {}

  add(type: GraphType, id: string, path: GraphConnection[]): void {
    const existing = this.byId.get(id);
    if (existing) existing.paths.push(path);
    else this.byId.set(id, { compiledAttributes: null, id, type, paths: [path] });
  }

  list(): GraphObjectWithPaths[] {
    const all = [...this.byId.values()];
    for (const entry of all) entry.compiledAttributes = this.compile(entry.paths);
    return all;
  }
}

type Sudo = { enabled: boolean; withoutPassword: boolean };

/**
 * The sudo a user has on a device, compiled from every path between them: a direct binding's
 * `sudo` attribute, or the `attributes.sudo` of a user group the path goes through (`groupSudo`).
 * Enabled when any path enables it; without password when any enabling path says so. Null when no
 * path carries sudo.
 */
export const compileSudo =
  (groupSudo: (groupId: string) => Sudo | undefined): Compile =>
  (paths) => {
    const grants: Sudo[] = [];
    for (const path of paths) {
      for (const step of path) {
        const sudo =
          step.attributes?.sudo ?? (step.to.type === 'user_group' ? groupSudo(step.to.id) : undefined);
        if (sudo) grants.push(sudo);
      }
    }
    if (grants.length === 0) return null;
    const enabled = grants.filter((g) => g.enabled);
    return {
      sudo: { enabled: enabled.length > 0, withoutPassword: enabled.some((g) => g.withoutPassword) },
    };
  };

/**
 * The attributes a resource gets from the user groups a user reaches it through: the groups'
 * `attributes[key]` along every path (a RADIUS server's `radius` reply attributes, an LDAP
 * server's `ldapGroups`), lists merged without repeats. Null when no group on any path has it.
 */
export const compileGroupAttribute =
  (
    key: 'radius' | 'ldapGroups',
    groupAttributes: (groupId: string) => Record<string, unknown> | null | undefined,
  ): Compile =>
  (paths) => {
    const items = new Map<string, unknown>();
    for (const path of paths) {
      for (const step of path) {
        if (step.to.type !== 'user_group') continue;
        const value = groupAttributes(step.to.id)?.[key];
        const list = key === 'radius' ? (value as { reply?: unknown[] } | undefined)?.reply : value;
        if (Array.isArray(list)) for (const item of list) items.set(JSON.stringify(item), item);
      }
    }
    if (items.size === 0) return null;
    const merged = [...items.values()];
    return key === 'radius' ? { radius: { reply: merged } } : { ldapGroups: merged };
  };
