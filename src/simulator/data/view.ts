import { type EdgeEnd, indexEdges, refKey } from './edges.js';
import type { OrgData } from './types.js';

/** Builds a lookup once, on first use: a 100,000-user org pays only for the indexes a test touches. */
class Lazy<T> {
  private value: T | undefined;
  constructor(private readonly build: () => T) {}
  get(): T {
    if (this.value === undefined) this.value = this.build();
    return this.value;
  }
}

/** Inverts `a → [b]` into `b → [a]`. */
function invert(map: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [from, tos] of map) {
    for (const to of tos) {
      const list = out.get(to);
      if (list) list.push(from);
      else out.set(to, [from]);
    }
  }
  return out;
}

/** The graph's read-side indexes over one organization's generated data (objects by id: resources.ts). */
export class OrgView {
  private readonly groupsOfUserIdx;
  private readonly groupsOfSystemIdx;
  private readonly systemsOfUserIdx;
  private readonly userGroupsOfSystemGroupIdx;
  private readonly edgesIdx;

  constructor(readonly data: OrgData) {
    this.groupsOfUserIdx = new Lazy(() => invert(data.userGroupMembers));
    this.groupsOfSystemIdx = new Lazy(() => invert(data.systemGroupMembers));
    this.systemsOfUserIdx = new Lazy(() => invert(data.systemUsers));
    this.userGroupsOfSystemGroupIdx = new Lazy(() => invert(data.userGroupSystemGroups));
    this.edgesIdx = new Lazy(() => indexEdges(data));
  }

  groupsOfUser(userId: string): string[] {
    return this.groupsOfUserIdx.get().get(userId) ?? [];
  }

  groupsOfSystem(systemId: string): string[] {
    return this.groupsOfSystemIdx.get().get(systemId) ?? [];
  }

  /** Systems a user is bound to directly. */
  systemsOfUser(userId: string): string[] {
    return this.systemsOfUserIdx.get().get(userId) ?? [];
  }

  /** User groups bound to a system group. */
  userGroupsOfSystemGroup(systemGroupId: string): string[] {
    return this.userGroupsOfSystemGroupIdx.get().get(systemGroupId) ?? [];
  }

  /** The object's direct associations (edges.ts), those to `toType` only when given. */
  edges(type: string, id: string, toType?: string): EdgeEnd[] {
    const all = this.edgesIdx.get().get(refKey(type, id)) ?? [];
    return toType === undefined ? all : all.filter((end) => end.to.type === toType);
  }
}
