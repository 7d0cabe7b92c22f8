/**
 * Contract: every v1 response the simulator sends (lists, pages, gets of every object, search)
 * conforms to jumpcloud-api-v1.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  declaredProperties,
  describeTimings,
  validateRequestBody,
  validateResponse,
} from '../helpers/openapi.js';
import {
  call,
  expectConforms,
  type IdKind,
  type Inventory,
  idOf,
  isObj,
  itemsOf,
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
  console.info(`[openapi timings, %s file]\n${describeTimings()}`, 'v1');
});

const LISTS: [Route, IdKind][] = [
  [ROUTES.users, 'user'],
  [ROUTES.systems, 'system'],
  [ROUTES.applications, 'application'],
  [ROUTES.organizations, 'organization'],
  [ROUTES.radiusServers, 'radius'],
];

const GETS: [Route, string][] = [
  [ROUTES.user, 'systemuserreturn'],
  [ROUTES.system, 'system'],
  [ROUTES.application, 'application'],
  [ROUTES.organization, 'organization'],
  [ROUTES.radiusServer, 'radiusserver'],
];

/** Page windows over a list of `total` objects: default, small, odd, maximum, last page, past the end. */
function windows(total: number): Record<string, string | number>[] {
  const lastSkip = Math.max(0, total - (total % 7 || 7));
  return [
    {},
    { limit: 1 },
    { limit: 5, skip: 3 },
    { limit: 100 },
    { limit: 7, skip: lastSkip },
    { skip: total + 5 },
  ];
}

describe.each(LISTS.map(([r, k]) => [routeName(r), r, k] as const))('%s', (_name, route, kind) => {
  it('every page window conforms to the spec', async () => {
    const total = inv[kind].length;
    expect(total, 'the demo org has objects of this kind').toBeGreaterThan(0);
    for (const query of windows(total)) {
      const res = await call(sim, route, { query });
      expectConforms(route, res);
      expect(isObj(res.body) && res.body.totalCount, `${routeName(route)} ${JSON.stringify(query)}`).toBe(
        total,
      );
    }
  });
});

describe.each(GETS.map(([r, s]) => [routeName(r), r, s] as const))('%s', (_name, route, schemaName) => {
  it('every object of the org conforms to the spec', async () => {
    const objects = inv[route.id!];
    const bodies = await mapLimit(objects, 8, async (o) => {
      const res = await call(sim, route, { id: idOf(o) });
      expectConforms(route, res);
      return res.body as Obj;
    });
    expect(bodies.map(idOf)).toEqual(objects.map(idOf));
    logUndeclared(routeName(route), schemaName, bodies);
  });

  it('the list item equals the get body', async () => {
    const listed = inv[route.id!];
    const first = listed[0]!;
    const res = await call(sim, route, { id: idOf(first) });
    // Organizations are listed as summaries; every other list returns the full object.
    if (route === ROUTES.organization) expect(res.body).toMatchObject(first);
    else expect(res.body).toEqual(first);
  });
});

describe('v1 the validator rejects real bodies once broken', () => {
  it.each([
    ['unix_uid as a string', { unix_uid: 'x' }],
    ['email null', { email: null }],
    ['mfa.configured as a string', { mfa: { configured: 'yes' } }],
  ])('a real user with %s', async (_label, patch) => {
    const res = await call(sim, ROUTES.user, { id: idOf(inv.user[0]!) });
    expectConforms(ROUTES.user, res);
    const broken = { ...(res.body as Obj), ...patch };
    expect(validateResponse('v1', 'get', ROUTES.user.template, 200, broken).errors.length).toBeGreaterThan(0);
  });

  it('a real systems page whose totalCount is a string', async () => {
    const res = await call(sim, ROUTES.systems);
    const broken = { ...(res.body as Obj), totalCount: '30' };
    expect(validateResponse('v1', 'get', ROUTES.systems.template, 200, broken).errors.length).toBeGreaterThan(
      0,
    );
  });
});

describe('v1 object varieties', () => {
  it('covers macOS, Windows and Linux devices', () => {
    const families = new Set(inv.system.map((s) => String(s.osFamily ?? s.os)));
    expect([...families].sort()).toEqual(expect.arrayContaining(['darwin', 'linux', 'windows']));
  });

  it('covers users with and without optional and nullable fields', () => {
    const report = varietyReport(inv.user);
    // Nullable fields the spec types as [X, null] appear both set and null.
    for (const field of ['admin', 'account_locked_date', 'password_expiration_date']) {
      expect(report.nullAndSet, `user.${field} is sometimes null and sometimes set`).toContain(field);
    }
    console.info(
      `[v1 users] optional fields: ${report.optional.join(', ') || 'none'}; null sometimes: ${report.nullAndSet.join(', ')}`,
    );
  });

  it('covers systems with and without nullable fields', () => {
    const report = varietyReport(inv.system);
    console.info(
      `[v1 systems] optional fields: ${report.optional.join(', ') || 'none'}; null sometimes: ${report.nullAndSet.join(', ')}`,
    );
    expect(report.nullAndSet.length + report.optional.length).toBeGreaterThan(0);
  });
});

describe('v1 POST /search/systemusers', () => {
  const route = ROUTES.searchUsers;
  const department = () => String(inv.user[0]!.department);
  /** [label, body, conforms to the spec's `search` request schema]. */
  const bodies: [string, () => Obj, boolean][] = [
    ['an empty body', () => ({}), true],
    // The operation description's own example sends `filter` as an array, but the `search` schema
    // types `filter` as an object: the body is sent, but not validated against the request schema.
    ['a filter array (spec example)', () => ({ filter: [{ department: department() }] }), false],
    ['an and filter', () => ({ filter: { and: [{ department: department() }] } }), true],
    ['an or filter', () => ({ filter: { or: [{ department: 'IT' }, { department: department() }] } }), true],
    [
      'a searchFilter and fields',
      () => ({ searchFilter: { searchTerm: '@', fields: ['email'] }, fields: 'email username sudo' }),
      true,
    ],
    ['a searchTerm array', () => ({ searchFilter: { searchTerm: ['a', 'e'], fields: ['username'] } }), true],
  ];

  it.each(bodies)('with %s: every page conforms to the spec', async (_label, body, conformingRequest) => {
    const request = body();
    if (conformingRequest)
      expect(validateRequestBody('v1', 'post', route.template, request).errors).toEqual([]);
    for (const query of [{}, { limit: 3 }, { limit: 100 }, { limit: 2, skip: 4 }]) {
      const res = await call(sim, route, { body: request, query });
      expectConforms(route, res);
      const items = itemsOf(res.body);
      if (!request.fields)
        for (const item of items)
          expect(Array.isArray(item.memberof), 'search items carry memberof[]').toBe(true);
      else
        for (const item of items) expect(Object.keys(item).sort()).toEqual(expect.arrayContaining(['_id']));
    }
  });
});

/** Optional = present on some objects only; nullAndSet = null on some and non-null on others. */
function varietyReport(objects: readonly Obj[]): { optional: string[]; nullAndSet: string[] } {
  const keys = new Set(objects.flatMap((o) => Object.keys(o)));
  const optional = [...keys].filter((k) => objects.some((o) => !(k in o))).sort();
  const nullAndSet = [...keys]
    .filter(
      (k) => objects.some((o) => o[k] === null) && objects.some((o) => o[k] !== null && o[k] !== undefined),
    )
    .sort();
  return { optional, nullAndSet };
}

/** Logs (does not fail on) top-level fields the spec schema does not declare: the schemas allow them. */
function logUndeclared(label: string, schemaName: string, bodies: readonly Obj[]): void {
  const declared = declaredProperties('v1', schemaName);
  const extra = [...new Set(bodies.flatMap((b) => Object.keys(b)))].filter((k) => !declared.has(k));
  if (extra.length > 0) console.info(`[undeclared] ${label} (${schemaName}): ${extra.sort().join(', ')}`);
}
