/**
 * Contract: error responses, for every route the simulator serves. Bodies are validated against the
 * response the route declares for the status; where the route declares the status without a body
 * (e.g. v1 `401: {description: Unauthorized}`) or not at all (v1 gets declare only 200/401, most v2
 * reads only 200), they are validated against `#/components/schemas/Error` (Directory Insights:
 * `ErrorMessage`), the schema the spec's shared `trait_standardErrors_*` responses use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVED_ROUTES } from '../../src/simulator/server.js';
import {
  ALL_ROUTES,
  type CallOptions,
  call,
  expectError,
  type Inventory,
  idOf,
  openDemoFixture,
  PREFIX,
  ROUTES,
  type Route,
  routeName,
  type Simulator,
  UNKNOWN_ID,
} from './harness.js';

let sim: Simulator;
let inv: Inventory;
beforeAll(async () => ({ sim, inv } = await openDemoFixture()));
afterAll(() => sim?.close());

/** A request that succeeds when authenticated: a real id, and a body for the POST routes. */
function validRequest(route: Route): CallOptions {
  const options: CallOptions = {};
  if (route.id) options.id = idOf(inv[route.id][0]!);
  if (route.id2) options.id2 = idOf(inv[route.id2][0]!);
  if (route.required) options.query = route.required;
  if (route === ROUTES.searchUsers) options.body = {};
  if (route === ROUTES.diEvents) options.body = { service: ['all'], start_time: '2020-01-01T00:00:00Z' };
  return options;
}

const named = (routes: readonly Route[]) => routes.map((r) => [routeName(r), r] as const);

it('covers every route the simulator serves: a route added to it is held to the spec here too', () => {
  const served = SERVED_ROUTES.map((route) => `${route.method} ${route.template}`).sort();
  const covered = ALL_ROUTES.map(
    (route) => `${route.method.toUpperCase()} ${PREFIX[route.spec]}${route.template}`,
  );
  expect(served).toEqual([...new Set(covered)].sort());
});

describe.each(named(ALL_ROUTES))('%s', (_name, route) => {
  it('401 without x-api-key', async () => {
    const res = await call(sim, route, { ...validRequest(route), headers: { 'x-api-key': null } });
    expectError(route, res, 401);
  });

  it('401 with a wrong x-api-key', async () => {
    const res = await call(sim, route, {
      ...validRequest(route),
      headers: { 'x-api-key': `${sim.apiKey}x` },
    });
    expectError(route, res, 401);
  });

  it('succeeds with the same request and the right key (the 401s are about the key)', async () => {
    const res = await call(sim, route, validRequest(route));
    expect(res.status, res.url).toBe(200);
  });
});

describe.each(named(ALL_ROUTES.filter((r) => r.id)))('%s', (_name, route) => {
  it('404 for an unknown id', async () => {
    const res = await call(sim, route, { id: UNKNOWN_ID, ...(route.id2 && { id2: UNKNOWN_ID }) });
    expectError(route, res, 404);
  });
});

describe.each(named(ALL_ROUTES.filter((r) => r.maxLimit)))('%s', (_name, route) => {
  it('accepts limit at the maximum, 400 above it', async () => {
    const base = validRequest(route);
    const max = route.maxLimit!;
    expect((await call(sim, route, { ...base, query: { ...route.required, limit: max } })).status).toBe(200);
    expectError(
      route,
      await call(sim, route, { ...base, query: { ...route.required, limit: max + 1 } }),
      400,
    );
  });

  it('400 for a negative skip or a non-numeric limit', async () => {
    const base = validRequest(route);
    expectError(route, await call(sim, route, { ...base, query: { ...route.required, skip: -1 } }), 400);
    expectError(route, await call(sim, route, { ...base, query: { ...route.required, limit: 'ten' } }), 400);
  });
});

describe.each(named(ALL_ROUTES.filter((r) => r.filter)))('%s', (_name, route) => {
  it('400 for a malformed filter', async () => {
    const res = await call(sim, route, {
      ...validRequest(route),
      query: { ...route.required, filter: 'nonsense' },
    });
    expectError(route, res, 400);
  });

  it('400 for an unknown filter operator', async () => {
    const filter = route.spec === 'v1' ? 'name:$bogus:x' : 'name:bogus:x';
    const res = await call(sim, route, { ...validRequest(route), query: { ...route.required, filter } });
    expectError(route, res, 400);
  });
});

describe('Directory Insights POST /events errors', () => {
  const route = ROUTES.diEvents;
  const bodies: [string, unknown][] = [
    ['no service', { start_time: '2020-01-01T00:00:00Z' }],
    ['no start_time', { service: ['all'] }],
    ['an unknown service', { service: ['nope'], start_time: '2020-01-01T00:00:00Z' }],
    ['a bad start_time', { service: ['all'], start_time: 'yesterday' }],
    ['an empty fields list', { service: ['all'], start_time: '2020-01-01T00:00:00Z', fields: [] }],
    ['a JSON string instead of an object', '{not json'],
  ];
  it.each(bodies)('400 ErrorMessage for %s', async (_label, body) => {
    const res = await call(sim, route, { body });
    expectError(route, res, 400);
    expect(res.body).toEqual({ message: expect.any(String) });
  });
});
