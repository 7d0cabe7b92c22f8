/**
 * Behaviour the spec describes in prose (reference §3–§5, §7): pagination, v1/v2/System Insights
 * filters, sort, fields projection and the multi-tenant `x-org-id` header. Every response is also
 * validated against the spec. Expected results are computed from the full object lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallOptions,
  call,
  expectConforms,
  expectError,
  type Inventory,
  idOf,
  isObj,
  itemsOf,
  listAll,
  type Obj,
  openDemoFixture,
  type Query,
  ROUTES,
  type Route,
  type Simulator,
  withPage,
} from './harness.js';

let sim: Simulator;
let inv: Inventory;
beforeAll(async () => ({ sim, inv } = await openDemoFixture()));
afterAll(() => sim?.close());

/** Calls, validates, and returns the items (and the v1 totalCount). */
async function fetchItems(
  route: Route,
  options: CallOptions = {},
): Promise<{ items: Obj[]; total?: number }> {
  const res = await call(sim, route, options);
  expectConforms(route, res);
  const total = isObj(res.body) && typeof res.body.totalCount === 'number' ? res.body.totalCount : undefined;
  return { items: itemsOf(res.body), total };
}

const ids = (items: readonly Obj[]) => items.map(idOf);
const sortedIds = (items: readonly Obj[]) => ids(items).sort();
const str = (o: Obj, key: string) => String(o[key]);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** All pages of `limit` rows, each validated; stops after the first short page. */
async function pages(route: Route, limit: number, options: CallOptions = {}): Promise<Obj[][]> {
  const out: Obj[][] = [];
  for (let skip = 0; ; skip += limit) {
    const { items } = await fetchItems(route, { ...options, query: withPage(options.query, limit, skip) });
    out.push(items);
    if (items.length < limit) return out;
  }
}

describe('pagination', () => {
  it.each([
    ['v1 /systemusers', ROUTES.users],
    ['v2 /usergroups', ROUTES.userGroups],
    ['v2 /systeminsights/apps', ROUTES.siApps],
  ])('%s: limit defaults to 10', async (_label, route) => {
    const { items } = await fetchItems(route);
    expect(items).toHaveLength(10);
  });

  it('v1: skip offsets the default order, totalCount is the total on every page', async () => {
    const all = inv.user;
    const { items, total } = await fetchItems(ROUTES.users, { query: { limit: 5, skip: 5 } });
    expect(ids(items)).toEqual(ids(all.slice(5, 10)));
    expect(total).toBe(all.length);
  });

  it('v1: concatenating every page (limit 7) gives every user exactly once; totalCount is constant', async () => {
    const seen: string[] = [];
    const totals = new Set<number>();
    for (let skip = 0; skip < inv.user.length + 7; skip += 7) {
      const { items, total } = await fetchItems(ROUTES.users, { query: { limit: 7, skip } });
      seen.push(...ids(items));
      totals.add(total!);
    }
    expect(seen).toHaveLength(inv.user.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(sortedIds(inv.user));
    expect([...totals]).toEqual([inv.user.length]);
  });

  it('v1: with a filter, totalCount is the filtered total on every page', async () => {
    const department = str(inv.user[0]!, 'department');
    const expected = inv.user.filter((u) => u.department === department);
    const filter = `department:$eq:${department}`;
    const got: string[] = [];
    for (let skip = 0; skip < expected.length; skip += 3) {
      const { items, total } = await fetchItems(ROUTES.users, { query: { filter, limit: 3, skip } });
      expect(total).toBe(expected.length);
      got.push(...ids(items));
    }
    expect(got.sort()).toEqual(sortedIds(expected));
  });

  it.each([
    ['v2 /usergroups', ROUTES.userGroups, 'userGroup'],
    ['v2 /systemgroups', ROUTES.systemGroups, 'systemGroup'],
  ] as const)('%s: pages end with a short page and cover every group once', async (_label, route, kind) => {
    const limit = 5;
    const all = await pages(route, limit);
    const flat = all.flat();
    expect(all.at(-1)!.length).toBeLessThan(limit);
    for (const page of all.slice(0, -1)) expect(page).toHaveLength(limit);
    expect(ids(flat)).toEqual(ids(inv[kind]));
  });

  it('System Insights: pages of 7 equal one page of 10000', async () => {
    const { items: everything } = await fetchItems(ROUTES.siApps, { query: { limit: 10_000 } });
    const flat = (await pages(ROUTES.siApps, 7)).flat();
    expect(flat).toEqual(everything);
  });
});

describe('v1 filters (GET /systemusers)', () => {
  const departments = () => [...new Set(inv.user.map((u) => str(u, 'department')))].sort();
  const createdCut = () => {
    const created = inv.user.map((u) => str(u, 'created')).sort();
    return created[Math.floor(created.length / 2)]!.slice(0, 10);
  };
  const day = (text: string) => Date.parse(`${text}T00:00:00Z`);

  const cases: [string, () => Query, (u: Obj) => boolean][] = [
    [
      '$eq',
      () => ({ filter: `department:$eq:${departments()[0]}` }),
      (u) => u.department === departments()[0],
    ],
    [
      '$in with |',
      () => ({ filter: `department:$in:${departments()[0]}|${departments()[1]}` }),
      (u) => [departments()[0], departments()[1]].includes(str(u, 'department')),
    ],
    [
      '$ne',
      () => ({ filter: `department:$ne:${departments()[0]}` }),
      (u) => u.department !== departments()[0],
    ],
    [
      '$gt on a date',
      () => ({ filter: `created:$gt:${createdCut()}` }),
      (u) => Date.parse(str(u, 'created')) > day(createdCut()),
    ],
    [
      '$lt on a date',
      () => ({ filter: `created:$lt:${createdCut()}` }),
      (u) => Date.parse(str(u, 'created')) < day(createdCut()),
    ],
    [
      '$sw',
      () => ({ filter: `username:$sw:${str(inv.user[1]!, 'username').slice(0, 2)}` }),
      (u) => str(u, 'username').startsWith(str(inv.user[1]!, 'username').slice(0, 2)),
    ],
    [
      'filter[0] AND filter[1]',
      () => [
        ['filter[0]', `department:$eq:${departments()[0]}`],
        ['filter[1]', 'state:$eq:ACTIVATED'],
      ],
      (u) => u.department === departments()[0] && u.state === 'ACTIVATED',
    ],
    [
      'filter[or][0] OR filter[or][1]',
      () => [
        ['filter[or][0]', `department:$eq:${departments()[0]}`],
        ['filter[or][1]', `department:$eq:${departments()[1]}`],
      ],
      (u) => [departments()[0], departments()[1]].includes(str(u, 'department')),
    ],
  ];

  it.each(cases)(
    '%s selects exactly the matching users (and totalCount says so)',
    async (_label, query, matches) => {
      const expected = inv.user.filter(matches);
      expect(expected.length, 'the filter selects some users').toBeGreaterThan(0);
      expect(expected.length, 'the filter leaves some users out').toBeLessThan(inv.user.length);
      const q = query();
      const { items, total } = await fetchItems(ROUTES.users, { query: withPage(q, 100, 0) });
      expect(total).toBe(expected.length);
      expect(sortedIds(items)).toEqual(sortedIds(expected));
    },
  );

  it('values are case sensitive', async () => {
    const department = departments()[0]!;
    const { total } = await fetchItems(ROUTES.users, {
      query: { filter: `department:$eq:${department.toUpperCase()}x` },
    });
    expect(total).toBe(0);
  });

  it('filters systems too ($in on os family)', async () => {
    const expected = inv.system.filter((s) => s.osFamily === 'darwin' || s.osFamily === 'linux');
    const { items, total } = await fetchItems(ROUTES.systems, {
      query: { filter: 'osFamily:$in:darwin|linux', limit: 100 },
    });
    expect(total).toBe(expected.length);
    expect(sortedIds(items)).toEqual(sortedIds(expected));
  });
});

describe('v2 filters', () => {
  const groups = () => inv.userGroup;
  const byMethod = (method: string) => groups().filter((g) => g.membershipMethod === method);

  it('eq on name', async () => {
    const target = groups()[2]!;
    const { items } = await fetchItems(ROUTES.userGroups, {
      query: { filter: `name:eq:${str(target, 'name')}` },
    });
    expect(ids(items)).toEqual([idOf(target)]);
  });

  it('in with |', async () => {
    const [a, b] = [groups()[0]!, groups()[3]!];
    const { items } = await fetchItems(ROUTES.userGroups, {
      query: { filter: `name:in:${str(a, 'name')}|${str(b, 'name')}` },
    });
    expect(sortedIds(items)).toEqual(sortedIds([a, b]));
  });

  it('repeated filter parameters are ANDed', async () => {
    const staticGroup = byMethod('STATIC')[0]!;
    const dynamicGroup = groups().find((g) => g.membershipMethod !== 'STATIC')!;
    expect(dynamicGroup, 'the demo org has a dynamic group').toBeDefined();
    const query: Query = [
      ['filter', 'membershipMethod:eq:STATIC'],
      ['filter', `name:in:${str(staticGroup, 'name')}|${str(dynamicGroup, 'name')}`],
    ];
    const { items } = await fetchItems(ROUTES.userGroups, { query });
    expect(ids(items)).toEqual([idOf(staticGroup)]);
  });

  it('member-of takes filter=object_id:eq: and type:eq:', async () => {
    const user = inv.user[0]!;
    const all = await listAll(sim, ROUTES.userMemberOf, { id: idOf(user) });
    expect(all.length).toBeGreaterThan(0);
    const target = all[0]!;
    const { items } = await fetchItems(ROUTES.userMemberOf, {
      id: idOf(user),
      query: { filter: `object_id:eq:${idOf(target)}` },
    });
    expect(ids(items)).toEqual([idOf(target)]);
    const { items: typed } = await fetchItems(ROUTES.userMemberOf, {
      id: idOf(user),
      query: { filter: 'type:eq:user_group', limit: 100 },
    });
    expect(ids(typed)).toEqual(ids(all));
  });

  it('System Insights: system_id:eq: and system_id:in: select those systems', async () => {
    const { items: everything } = await fetchItems(ROUTES.siSystemInfo, { query: { limit: 10_000 } });
    const [a, b] = [idOf(inv.system[0]!), idOf(inv.system[1]!)];
    const { items: one } = await fetchItems(ROUTES.siSystemInfo, { query: { filter: `system_id:eq:${a}` } });
    expect(one).toEqual(everything.filter((r) => r.system_id === a));
    expect(one.length).toBeGreaterThan(0);
    const { items: two } = await fetchItems(ROUTES.siSystemInfo, {
      query: { filter: `system_id:in:${a}|${b}`, limit: 100 },
    });
    expect(two).toEqual(everything.filter((r) => r.system_id === a || r.system_id === b));
  });
});

describe('sort', () => {
  it('v1: space separated, ascending by default, - for descending', async () => {
    const { items: desc } = await fetchItems(ROUTES.users, { query: { sort: '-username', limit: 100 } });
    expect(desc.map((u) => str(u, 'username'))).toEqual(
      inv.user.map((u) => str(u, 'username')).sort((a, b) => cmp(b, a)),
    );
    const { items: two } = await fetchItems(ROUTES.users, {
      query: { sort: 'department -username', limit: 100 },
    });
    const expected = [...inv.user].sort(
      (x, y) =>
        cmp(str(x, 'department'), str(y, 'department')) || cmp(str(y, 'username'), str(x, 'username')),
    );
    expect(ids(two)).toEqual(ids(expected));
  });

  it('v1: sort applies before paging', async () => {
    const { items } = await fetchItems(ROUTES.users, { query: { sort: 'email', limit: 5, skip: 5 } });
    const expected = [...inv.user].sort((x, y) => cmp(str(x, 'email'), str(y, 'email'))).slice(5, 10);
    expect(ids(items)).toEqual(ids(expected));
  });

  it('v2: comma separated, - for descending', async () => {
    const { items: desc } = await fetchItems(ROUTES.userGroups, { query: { sort: '-name', limit: 100 } });
    expect(desc.map((g) => str(g, 'name'))).toEqual(
      inv.userGroup.map((g) => str(g, 'name')).sort((a, b) => cmp(b, a)),
    );
    const { items: two } = await fetchItems(ROUTES.userGroups, {
      query: { sort: 'membershipMethod,-name', limit: 100 },
    });
    const expected = [...inv.userGroup].sort(
      (x, y) =>
        cmp(str(x, 'membershipMethod'), str(y, 'membershipMethod')) || cmp(str(y, 'name'), str(x, 'name')),
    );
    expect(ids(two)).toEqual(ids(expected));
  });
});

describe('fields projection', () => {
  const keysOf = (items: readonly Obj[]) => [...new Set(items.flatMap((o) => Object.keys(o)))].sort();

  it('v1 list: space separated, keeps _id', async () => {
    const { items } = await fetchItems(ROUTES.users, { query: { fields: 'email username', limit: 100 } });
    expect(keysOf(items)).toEqual(['_id', 'email', 'username']);
    expect(items.map((u) => u.email)).toEqual(inv.user.map((u) => u.email));
  });

  it('v1 get: space separated, keeps _id', async () => {
    const user = inv.user[3]!;
    const res = await call(sim, ROUTES.user, { id: idOf(user), query: { fields: 'firstname lastname' } });
    expectConforms(ROUTES.user, res);
    expect(res.body).toEqual({ _id: user._id, firstname: user.firstname, lastname: user.lastname });
  });

  it('v1 systems list: keeps _id', async () => {
    const { items } = await fetchItems(ROUTES.systems, { query: { fields: 'hostname os', limit: 100 } });
    expect(keysOf(items)).toEqual(['_id', 'hostname', 'os']);
  });

  it('v2 list: comma separated, keeps id', async () => {
    const { items } = await fetchItems(ROUTES.userGroups, { query: { fields: 'name,type', limit: 100 } });
    expect(keysOf(items)).toEqual(['id', 'name', 'type']);
    expect(items.map((g) => g.name)).toEqual(inv.userGroup.map((g) => g.name));
  });
});

describe('auth and x-org-id', () => {
  const FORBIDDEN = 'Forbidden: organization selection not allowed via header';
  const orgRoutes: [string, Route][] = [
    ['v1 /systemusers', ROUTES.users],
    ['v2 /usergroups', ROUTES.userGroups],
    ['v2 /systeminsights/apps', ROUTES.siApps],
  ];

  it.each(orgRoutes)('%s: x-api-key missing or wrong → 401', async (_label, route) => {
    expectError(route, await call(sim, route, { headers: { 'x-api-key': null } }), 401);
    expectError(route, await call(sim, route, { headers: { 'x-api-key': 'not-the-key' } }), 401);
  });

  it.each(orgRoutes)('%s: malformed x-org-id → 400, unknown → 404', async (_label, route) => {
    expectError(route, await call(sim, route, { headers: { 'x-org-id': 'not-an-id' } }), 400);
    expectError(route, await call(sim, route, { headers: { 'x-org-id': 'ffffffffffffffffffffffff' } }), 404);
  });

  it.each([
    ['v1 /organizations', ROUTES.organizations, undefined],
    ['v1 /organizations/{id}', ROUTES.organization, 'first'],
  ] as const)('%s: x-org-id → 403 with the documented message', async (_label, route, id) => {
    const options: CallOptions = { headers: { 'x-org-id': sim.orgId } };
    if (id) options.id = sim.orgId;
    const res = await call(sim, route, options);
    // This body mirrors the live API (`{message, error}`), so `code` is not required here.
    expectError(route, res, 403, { code: false });
    expect(res.body).toMatchObject({ message: FORBIDDEN });
  });

  it('a secondary org id selects that org: different users and groups', async () => {
    expect(sim.orgIds.length).toBeGreaterThan(1);
    expect(sim.orgIds[0]).toBe(sim.orgId);
    const secondary = sim.orgIds[1]!;
    const headers = { 'x-org-id': secondary };
    const users = await listAll(sim, ROUTES.users, { headers });
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((u) => u.organization === secondary)).toBe(true);
    expect(ids(users).filter((id) => ids(inv.user).includes(id))).toEqual([]);
    const groups = await listAll(sim, ROUTES.userGroups, { headers });
    expect(ids(groups).filter((id) => ids(inv.userGroup).includes(id))).toEqual([]);
    // A primary-org object is not visible from the secondary org.
    expectError(ROUTES.user, await call(sim, ROUTES.user, { id: idOf(inv.user[0]!), headers }), 404);
  });

  it('the primary org id in x-org-id gives the same data as no header', async () => {
    const users = await listAll(sim, ROUTES.users, { headers: { 'x-org-id': sim.orgId } });
    expect(ids(users)).toEqual(ids(inv.user));
    expect(inv.user.every((u) => u.organization === sim.orgId)).toBe(true);
  });
});
