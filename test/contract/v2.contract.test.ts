/**
 * Contract: every v2 response the simulator sends (group lists and gets, members, membership,
 * member-of and traversal for every object, System Insights with and without a system filter)
 * conforms to jumpcloud-api-v2.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredProperties, describeTimings, parameterEnum, validateResponse } from '../helpers/openapi.js';
import {
  call,
  expectConforms,
  expectError,
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
afterAll(async () => {
  await sim?.close();
  console.info(`[openapi timings, %s file]\n${describeTimings()}`, 'v2');
});

const GROUP_LISTS: Route[] = [ROUTES.userGroups, ROUTES.systemGroups];

describe.each(GROUP_LISTS.map((r) => [routeName(r), r] as const))('%s', (_name, route) => {
  it('every page window conforms to the spec, and the last page is short', async () => {
    const all = route === ROUTES.userGroups ? inv.userGroup : inv.systemGroup;
    expect(all.length).toBeGreaterThan(0);
    const lastSkip = Math.max(0, all.length - (all.length % 4 || 4));
    for (const query of [
      {},
      { limit: 1 },
      { limit: 4, skip: 2 },
      { limit: 100 },
      { limit: 4, skip: lastSkip },
    ]) {
      const res = await call(sim, route, { query });
      expectConforms(route, res);
    }
    const res = await call(sim, route, { query: { limit: 100, skip: all.length } });
    expectConforms(route, res);
    expect(res.body).toEqual([]);
  });
});

const GROUP_GETS: [Route, 'userGroup' | 'systemGroup', string][] = [
  [ROUTES.userGroup, 'userGroup', 'UserGroup'],
  [ROUTES.systemGroup, 'systemGroup', 'SystemGroup'],
];

describe.each(GROUP_GETS.map(([r, k, s]) => [routeName(r), r, k, s] as const))(
  '%s',
  (_name, route, kind, schemaName) => {
    it('every group of the org conforms to the spec', async () => {
      const bodies = await mapLimit(inv[kind], 8, async (g) => {
        const res = await call(sim, route, { id: idOf(g) });
        expectConforms(route, res);
        return res.body as Obj;
      });
      expect(bodies).toEqual(inv[kind]);
      const declared = declaredProperties('v2', schemaName);
      const extra = [...new Set(bodies.flatMap((b) => Object.keys(b)))].filter((k) => !declared.has(k));
      if (extra.length > 0)
        console.info(`[undeclared] ${routeName(route)} (${schemaName}): ${extra.join(', ')}`);
    });

    it('covers static and dynamic groups, with and without attributes', () => {
      const methods = new Set(inv[kind].map((g) => String(g.membershipMethod)));
      console.info(`[v2 ${kind}] membershipMethod values: ${[...methods].join(', ')}`);
      expect(methods.size).toBeGreaterThan(0);
    });
  },
);

/** Graph routes, each walked for every object its path parameter names. */
const GRAPH: Route[] = [
  ROUTES.userGroupMembers,
  ROUTES.userGroupMembership,
  ROUTES.systemGroupMembers,
  ROUTES.applicationUserGroups,
  ROUTES.radiusUserGroups,
  ROUTES.radiusUsers,
  ROUTES.userMemberOf,
  ROUTES.systemMemberOf,
  ROUTES.userSystems,
  ROUTES.systemUsers,
  ROUTES.userApplications,
  ROUTES.userRadiusServers,
  ROUTES.userLdapServers,
  ROUTES.applicationUsers,
  ROUTES.ldapServerUsers,
];

describe.each(GRAPH.map((r) => [routeName(r), r] as const))('%s', (_name, route) => {
  it('conforms to the spec for every object (all pages), and for pages of the busiest one', async () => {
    const objects = inv[route.id!];
    expect(objects.length).toBeGreaterThan(0);
    const sizes = await mapLimit(
      objects,
      8,
      async (o) => (await listAll(sim, route, { id: idOf(o) })).length,
    );
    const most = Math.max(...sizes);
    expect(most, `${routeName(route)} returns something for at least one object`).toBeGreaterThan(0);
    const busiest = objects[sizes.indexOf(most)]!;
    for (const query of [{}, { limit: 1 }, { limit: 2, skip: 1 }, { limit: 100, skip: most }]) {
      expectConforms(route, await call(sim, route, { id: idOf(busiest), query }));
    }
  });
});

/** Associations routes, each walked for every object with every target the spec allows for its type. */
const ASSOCIATIONS: [Route, string][] = [
  [ROUTES.userAssociations, 'trait_graphTargetsUser_targets'],
  [ROUTES.userGroupAssociations, 'trait_graphTargetsUserGroup_targets'],
  [ROUTES.systemAssociations, 'trait_graphTargetsSystem_targets'],
  [ROUTES.systemGroupAssociations, 'trait_graphTargetsSystemGroup_targets'],
  [ROUTES.applicationAssociations, 'trait_graphTargetsApplication_targets'],
  [ROUTES.radiusServerAssociations, 'trait_graphTargetsRadiusServer_targets'],
  [ROUTES.ldapServerAssociations, 'trait_graphTargetsLdapServer_targets'],
  [ROUTES.policyAssociations, 'trait_graphTargetsPolicy_targets'],
  [ROUTES.policyGroupAssociations, 'trait_graphTargetsPolicyGroup_targets'],
  [ROUTES.commandAssociations, 'trait_graphTargetsCommand_targets'],
  [ROUTES.softwareAppAssociations, 'trait_graphTargetsSoftwareApp_targets'],
  [ROUTES.gsuiteAssociations, 'trait_graphTargetsGSuite_targets'],
  [ROUTES.office365Associations, 'trait_graphTargetsOffice365_targets'],
  [ROUTES.activeDirectoryAssociations, 'trait_graphTargetsActiveDirectory_targets'],
];

/** The demo's policy groups are bound to nothing (their policies are bound one by one): empty lists. */
const UNBOUND_IN_DEMO = new Set<Route>([ROUTES.policyGroupAssociations]);

describe.each(ASSOCIATIONS.map(([r, p]) => [routeName(r), r, p] as const))(
  '%s',
  (_name, route, parameter) => {
    it('conforms for every object with all its targets, and refuses a missing or unknown target', async () => {
      const targets = parameterEnum('v2', parameter);
      expect(targets.length).toBeGreaterThan(0);
      const query = { targets: targets.join(',') };
      const objects = inv[route.id!];
      const sizes = await mapLimit(
        objects,
        8,
        async (o) => (await listAll(sim, route, { id: idOf(o), query })).length,
      );
      if (!UNBOUND_IN_DEMO.has(route))
        expect(
          Math.max(...sizes),
          `${routeName(route)} returns something for at least one object`,
        ).toBeGreaterThan(0);
      const one = idOf(objects[sizes.indexOf(Math.max(...sizes))]!);
      expectConforms(route, await call(sim, route, { id: one, query: { ...query, limit: 1 } }));
      expectError(route, await call(sim, route, { id: one }), 400);
      expectError(route, await call(sim, route, { id: one, query: { targets: 'printer' } }), 400);
    });
  },
);

const INSIGHTS: Route[] = [ROUTES.siSystemInfo, ROUTES.siApps, ROUTES.siPrograms, ROUTES.siLinuxPackages];

/** Every other System Insights list (generated from the spec): `si_<name>` in ROUTES. */
const MORE_INSIGHTS: Route[] = Object.entries(ROUTES)
  .filter(([name]) => name.startsWith('si_'))
  .map(([, route]) => route);

describe('v2 System Insights lists generated from the spec', () => {
  it('cover every list of the spec but the four above', () => {
    expect(MORE_INSIGHTS).toHaveLength(56);
  });

  it.each(MORE_INSIGHTS.map((r) => [routeName(r), r] as const))(
    '%s conforms to the spec, whole, in pages and for one device of each OS; rows belong to reporting devices',
    async (_name, route) => {
      const whole = await call(sim, route, { query: { limit: 10_000 } });
      expectConforms(route, whole);
      const rows = itemsOf(whole.body);
      expect(rows.length, 'rows on the demo org').toBeGreaterThan(0);
      expectConforms(route, await call(sim, route, { query: { limit: 100, skip: 100 } }));
      const reporting = new Map(inv.system.map((s) => [idOf(s), s]));
      for (const row of rows) {
        const system = reporting.get(String(row.system_id));
        expect(system, String(row.system_id)).toBeDefined();
        expect((system!.systemInsights as Obj).state).toBe('enabled');
      }
      const families = new Set(rows.map((row) => String(reporting.get(String(row.system_id))!.osFamily)));
      for (const family of families) {
        const system = inv.system.find(
          (s) => s.osFamily === family && rows.some((row) => row.system_id === idOf(s)),
        )!;
        const res = await call(sim, route, { query: { filter: `system_id:eq:${idOf(system)}` } });
        expectConforms(route, res);
        const own = itemsOf(res.body);
        expect(own.length).toBeGreaterThan(0);
        for (const row of own) expect(row.system_id).toBe(idOf(system));
      }
    },
  );
});

describe.each(INSIGHTS.map((r) => [routeName(r), r] as const))('%s', (_name, route) => {
  it('conforms to the spec without a filter (pages of 10, 100 and 10000)', async () => {
    for (const query of [{}, { limit: 100 }, { limit: 100, skip: 100 }, { limit: 10_000 }]) {
      expectConforms(route, await call(sim, route, { query }));
    }
  });

  it('conforms to the spec with filter=system_id:eq:<id> for every system, rows belong to it', async () => {
    const counts = await mapLimit(inv.system, 8, async (s) => {
      const res = await call(sim, route, { query: { filter: `system_id:eq:${idOf(s)}`, limit: 10_000 } });
      expectConforms(route, res);
      const rows = itemsOf(res.body);
      for (const row of rows) expect(row.system_id).toBe(idOf(s));
      return [String(s.osFamily), rows.length] as const;
    });
    const byFamily = new Map<string, number>();
    for (const [family, n] of counts) byFamily.set(family, (byFamily.get(family) ?? 0) + n);
    console.info(`[${routeName(route)}] rows by OS family: ${JSON.stringify(Object.fromEntries(byFamily))}`);
    expect([...byFamily.values()].some((n) => n > 0)).toBe(true);
  });
});

describe('v2 the validator rejects real bodies once broken', () => {
  it('a real member-of row without paths, and one with an unknown type', async () => {
    const route = ROUTES.userMemberOf;
    const rows = await listAll(sim, route, { id: idOf(inv.user[0]!) });
    const { paths: _paths, ...noPaths } = rows[0]!;
    expect(validateResponse('v2', 'get', route.template, 200, [noPaths]).errors.length).toBeGreaterThan(0);
    const badType = { ...rows[0]!, type: 'printer' };
    expect(validateResponse('v2', 'get', route.template, 200, [badType]).errors.length).toBeGreaterThan(0);
  });

  it('a real System Insights row with collection_time null', async () => {
    const res = await call(sim, ROUTES.siSystemInfo);
    const row = itemsOf(res.body)[0]!;
    const broken = [{ ...row, collection_time: null }];
    expect(
      validateResponse('v2', 'get', ROUTES.siSystemInfo.template, 200, broken).errors.length,
    ).toBeGreaterThan(0);
  });

  it('a real user group with a system_group type', async () => {
    const broken = { ...inv.userGroup[0]!, type: 'system_group' };
    expect(
      validateResponse('v2', 'get', ROUTES.userGroup.template, 200, broken).errors.length,
    ).toBeGreaterThan(0);
  });
});
