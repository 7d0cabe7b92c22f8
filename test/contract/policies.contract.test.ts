/**
 * Contract: the policy routes (policies, templates, groups and their members, results, statuses,
 * and the policy ↔ device traversals) conform to jumpcloud-api-v2.yaml for every object, and the
 * demo org's policies hang together: statuses are the latest results, devices get only policies
 * of their OS, and the awkward cases (failures, pending, a policy bound to nothing, an empty
 * group) are there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  expectConforms,
  type Inventory,
  idOf,
  itemsOf,
  listAll,
  mapLimit,
  type Obj,
  openDemoFixture,
  ROUTES,
  type Route,
  routeName,
  type Simulator,
} from './harness.js';

let sim: Simulator;
let inv: Inventory;
beforeAll(async () => ({ sim, inv } = await openDemoFixture()));
afterAll(() => sim?.close());

const LISTS: [Route, 'policy' | 'policyTemplate' | 'policyGroup' | 'policyResult'][] = [
  [ROUTES.policies, 'policy'],
  [ROUTES.policyTemplates, 'policyTemplate'],
  [ROUTES.policyGroups, 'policyGroup'],
  [ROUTES.policyResults, 'policyResult'],
];

describe.each(LISTS.map(([r, k]) => [routeName(r), r, k] as const))('%s', (_name, route, kind) => {
  it('every page window conforms to the spec, and paging past the end is empty', async () => {
    const all = inv[kind];
    expect(all.length).toBeGreaterThan(0);
    for (const query of [{}, { limit: 1 }, { limit: 4, skip: 2 }, { limit: 100 }, { sort: '-id' }]) {
      expectConforms(route, await call(sim, route, { query }));
    }
    const res = await call(sim, route, { query: { limit: 100, skip: all.length } });
    expectConforms(route, res);
    expect(res.body).toEqual([]);
  });
});

const GETS: [Route, 'policy' | 'policyTemplate' | 'policyGroup' | 'policyResult'][] = [
  [ROUTES.policy, 'policy'],
  [ROUTES.policyTemplate, 'policyTemplate'],
  [ROUTES.policyGroup, 'policyGroup'],
  [ROUTES.policyResult, 'policyResult'],
];

describe.each(GETS.map(([r, k]) => [routeName(r), r, k] as const))('%s', (_name, route, kind) => {
  it('every object conforms to the spec and carries what the list shows', async () => {
    const objects = kind === 'policyResult' ? inv[kind].slice(0, 40) : inv[kind];
    const bodies = await mapLimit(objects, 8, async (o) => {
      const res = await call(sim, route, { id: idOf(o) });
      expectConforms(route, res);
      return res.body as Obj;
    });
    for (const [i, body] of bodies.entries()) expect(body).toMatchObject(objects[i]!);
  });
});

describe('v2 GET /policies and /policies/{id}', () => {
  it('lists id, name and template; the get adds notes, values and the config fields', async () => {
    for (const listed of inv.policy) {
      expect(Object.keys(listed).sort()).toEqual(['id', 'name', 'template']);
      const res = await call(sim, ROUTES.policy, { id: idOf(listed) });
      const detail = res.body as Obj;
      const fields = detail.configFields as Obj[];
      const values = detail.values as Obj[];
      expect(values.map((v) => v.configFieldID)).toEqual(fields.map((f) => f.id));
    }
  });

  it('filters by name', async () => {
    const name = String(inv.policy[1]!.name);
    const res = await call(sim, ROUTES.policies, { query: { filter: `name:eq:${name}` } });
    expectConforms(ROUTES.policies, res);
    expect(itemsOf(res.body).map(idOf)).toEqual([idOf(inv.policy[1]!)]);
  });

  it('uses templates of the catalog, with their name and OS family', () => {
    const templates = new Map(inv.policyTemplate.map((t) => [idOf(t), t]));
    for (const p of inv.policy) {
      const template = p.template as Obj;
      expect(templates.get(String(template.id))).toEqual(template);
    }
  });
});

describe('v2 GET /policytemplates', () => {
  it('filters by osMetaFamily; the list has no configFields and the get has them', async () => {
    const res = await call(sim, ROUTES.policyTemplates, {
      query: { filter: 'osMetaFamily:eq:darwin', limit: 100 },
    });
    expectConforms(ROUTES.policyTemplates, res);
    const darwin = itemsOf(res.body);
    expect(darwin.length).toBeGreaterThan(0);
    expect(darwin.every((t) => t.osMetaFamily === 'darwin' && !('configFields' in t))).toBe(true);
    const detail = (await call(sim, ROUTES.policyTemplate, { id: idOf(darwin[0]!) })).body as Obj;
    expect(Array.isArray(detail.configFields)).toBe(true);
  });
});

/** Sub-lists walked for every object their path parameter names, all pages. */
const SUBLISTS: Route[] = [
  ROUTES.policyGroupMembers,
  ROUTES.policyPolicyResults,
  ROUTES.policyStatuses,
  ROUTES.systemPolicyStatuses,
  ROUTES.policySystems,
  ROUTES.systemPolicies,
];

const walked = new Map<Route, Map<string, Obj[]>>();

describe.each(SUBLISTS.map((r) => [routeName(r), r] as const))('%s', (_name, route) => {
  it('conforms to the spec for every object (all pages), and for pages of the busiest one', async () => {
    const objects = inv[route.id!];
    const lists = await mapLimit(
      objects,
      8,
      async (o) => [idOf(o), await listAll(sim, route, { id: idOf(o) })] as const,
    );
    walked.set(route, new Map(lists));
    const sizes = lists.map(([, rows]) => rows.length);
    const most = Math.max(...sizes);
    expect(most, `${routeName(route)} returns something for at least one object`).toBeGreaterThan(0);
    // A policy bound to nothing, an empty group: every device is in its OS's group, so has policies.
    if (route.id !== 'system')
      expect(Math.min(...sizes), `${routeName(route)} is empty for some object`).toBe(0);
    const busiest = objects[sizes.indexOf(most)]!;
    for (const query of [{}, { limit: 1 }, { limit: 2, skip: 1 }, { limit: 100, skip: most }]) {
      expectConforms(route, await call(sim, route, { id: idOf(busiest), query }));
    }
  });
});

describe('the demo org’s policies hang together', () => {
  const systems = () => new Map(inv.system.map((s) => [idOf(s), s]));
  const policies = () => new Map(inv.policy.map((p) => [idOf(p), p]));
  const family = (p: Obj) => String((p.template as Obj).osMetaFamily);

  it('a policy’s statuses are the latest of its results, one per device it reaches, of its OS', async () => {
    for (const p of inv.policy) {
      const id = idOf(p);
      const statuses = await listAll(sim, ROUTES.policyStatuses, { id });
      const results = await listAll(sim, ROUTES.policyPolicyResults, { id });
      const reached = await listAll(sim, ROUTES.policySystems, { id });
      const latest = new Map<string, Obj>();
      for (const r of results) latest.set(String(r.systemID), r);
      expect(statuses).toEqual([...latest.values()].sort((a, b) => idOf(a).localeCompare(idOf(b))));
      expect(new Set(statuses.map((s) => String(s.systemID)))).toEqual(new Set(reached.map(idOf)));
      for (const s of statuses) expect(String(systems().get(String(s.systemID))?.osFamily)).toBe(family(p));
    }
  });

  it('a device’s statuses name only policies it is bound to, and its policies list says why', async () => {
    for (const s of inv.system.slice(0, 12)) {
      const statuses = await listAll(sim, ROUTES.systemPolicyStatuses, { id: idOf(s) });
      const bound = await listAll(sim, ROUTES.systemPolicies, { id: idOf(s) });
      expect(new Set(statuses.map((r) => String(r.policyID)))).toEqual(new Set(bound.map(idOf)));
      for (const p of bound) expect(family(policies().get(idOf(p))!)).toBe(s.osFamily);
    }
  });

  it('has successes, failures with an exit status and detail, and pending results', () => {
    const states = new Map<string, Obj[]>();
    for (const r of inv.policyResult)
      states.set(String(r.state), [...(states.get(String(r.state)) ?? []), r]);
    expect([...states.keys()].sort()).toEqual(['failed', 'pending', 'success']);
    expect(states.get('success')!.length).toBeGreaterThan(states.get('failed')!.length);
    for (const r of states.get('failed')!) {
      expect(r.success).toBe(false);
      expect(r.exitStatus).not.toBe(0);
      expect(String(r.detail).length).toBeGreaterThan(0);
    }
    for (const r of states.get('pending')!) expect(r.endedAt).toBeUndefined();
  });

  it('a never-seen device has only pending results', () => {
    const never = inv.system.filter((s) => s.lastContact === null).map(idOf);
    const theirs = inv.policyResult.filter((r) => never.includes(String(r.systemID)));
    expect(theirs.length).toBeGreaterThan(0);
    expect(new Set(theirs.map((r) => r.state))).toEqual(new Set(['pending']));
  });

  it('has a policy bound to nothing and a policy group with no members', () => {
    const unbound = [...walked.get(ROUTES.policySystems)!].filter(([, rows]) => rows.length === 0);
    expect(unbound.length).toBeGreaterThan(0);
    const empty = [...walked.get(ROUTES.policyGroupMembers)!].filter(([, rows]) => rows.length === 0);
    expect(empty.length).toBeGreaterThan(0);
  });

  it('filters the flat results by systemID and policyID', async () => {
    const r = inv.policyResult.at(-1)!;
    const res = await call(sim, ROUTES.policyResults, {
      query: { filter: [`systemID:eq:${r.systemID}`, `policyID:eq:${r.policyID}`], limit: 100 },
    });
    expectConforms(ROUTES.policyResults, res);
    const rows = itemsOf(res.body);
    expect(rows).toEqual(
      inv.policyResult.filter((x) => x.systemID === r.systemID && x.policyID === r.policyID),
    );
  });
});
