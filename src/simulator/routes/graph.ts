/** The v2 graph shapes: GraphConnection (direct edges) and GraphObjectWithPaths (resolved, with paths). */

export type GraphType =
  | 'user'
  | 'user_group'
  | 'system'
  | 'system_group'
  | 'application'
  | 'radius_server'
  | 'policy'
  | 'policy_group';

export interface GraphObject {
  attributes: null;
  id: string;
  type: GraphType;
}

export interface GraphConnection {
  attributes: null;
  to: GraphObject;
}

export interface GraphObjectWithPaths {
  compiledAttributes: null;
  id: string;
  type: GraphType;
  paths: GraphConnection[][];
}

export const hop = (type: GraphType, id: string): GraphConnection => ({
  attributes: null,
  to: { attributes: null, id, type },
});

/** Collects objects reached by several paths into one entry each, in first-reached order. */
export class Reached {
  private readonly byId = new Map<string, GraphObjectWithPaths>();

  add(type: GraphType, id: string, path: GraphConnection[]): void {
    const existing = this.byId.get(id);
    if (existing) existing.paths.push(path);
    else this.byId.set(id, { compiledAttributes: null, id, type, paths: [path] });
  }

  list(): GraphObjectWithPaths[] {
    return [...this.byId.values()];
  }
}
