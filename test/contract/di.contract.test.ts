/**
 * Contract: Directory Insights `POST /insights/directory/v1/events`. Request bodies are built from
 * the spec's `EventQuery` and validated against it; every response is validated against the
 * declared 200 schema (an array of objects). The spec leaves event rows schemaless, so the fields
 * the DI description documents for every event are checked by hand on top.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRequestBody } from '../helpers/openapi.js';
import {
  type ApiResponse,
  call,
  expectConforms,
  itemsOf,
  type Obj,
  ROUTES,
  type Simulator,
  startDemo,
} from './harness.js';

let sim: Simulator;
const route = ROUTES.diEvents;
const DAY = 86_400_000;

beforeAll(async () => {
  sim = await startDemo();
});
afterAll(() => sim?.close());

/** A query over the last `days` days, as in the spec's sample request. */
const query = (extra: Obj = {}, days = 90): Obj => ({
  service: ['all'],
  start_time: new Date(Date.now() - days * DAY).toISOString(),
  end_time: new Date(Date.now() + DAY).toISOString(),
  sort: 'DESC',
  ...extra,
});

async function events(body: Obj): Promise<{ res: ApiResponse; rows: Obj[] }> {
  expect(validateRequestBody('di', 'post', route.template, body).errors, JSON.stringify(body)).toEqual([]);
  const res = await call(sim, route, { body });
  expectConforms(route, res);
  return { res, rows: itemsOf(res.body) };
}

/** Fields the DI description documents on every event ("Directory Attributes" and the examples). */
function expectEventShape(row: Obj): void {
  expect(row).toMatchObject({
    id: expect.any(String),
    event_type: expect.any(String),
    service: expect.any(String),
    organization: expect.stringMatching(/^[0-9a-f]{24}$/),
    timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
  });
  if ('success' in row) expect(typeof row.success).toBe('boolean');
  if ('client_ip' in row) expect(typeof row.client_ip).toBe('string');
}

describe('DI POST /events', () => {
  it('a realistic query (all services, 90 days, DESC) conforms, with the documented headers', async () => {
    const { res, rows } = await events(query());
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expectEventShape(row);
    const times = rows.map((r) => String(r.timestamp));
    expect(times).toEqual([...times].sort().reverse());
    expect(res.headers.get('x-result-count')).toBe(String(rows.length));
    expect(res.headers.get('x-limit')).toBe('1000');
    expect(res.headers.get('x-sort')).toBe('DESC');
    expect(JSON.parse(res.headers.get('x-search_after') ?? 'null')).toBeInstanceOf(Array);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/i);
  });

  it.each(['directory', 'sso', 'radius', 'systems', 'ldap'])(
    'service %s conforms and only has that service',
    async (service) => {
      const { rows } = await events(query({ service: [service], limit: 200 }));
      for (const row of rows) {
        expectEventShape(row);
        expect(row.service).toBe(service);
      }
    },
  );

  it('limit, ascending sort, fields and search_term conform', async () => {
    const { rows: five } = await events(query({ limit: 5, sort: 'ASC' }));
    expect(five).toHaveLength(5);
    const times = five.map((r) => String(r.timestamp));
    expect(times).toEqual([...times].sort());
    const { rows: projected } = await events(
      query({ fields: ['event_type', 'success', 'client_ip'], limit: 20 }),
    );
    for (const row of projected) {
      expect(
        Object.keys(row).every((k) => ['event_type', 'success', 'client_ip', 'timestamp'].includes(k)),
      ).toBe(true);
    }
    const type = String(five[0]!.event_type);
    const { rows: matching } = await events(query({ search_term: { and: { event_type: type } }, limit: 50 }));
    expect(matching.length).toBeGreaterThan(0);
    for (const row of matching) expect(row.event_type).toBe(type);
  });

  it('search_after pages through the result without overlap', async () => {
    const { res, rows: first } = await events(query({ limit: 10 }));
    const after = JSON.parse(res.headers.get('x-search_after') ?? '[]') as unknown[];
    // The spec types `search_after` as `object[]`, but the documented value (the X-Search_after
    // header) is `[epochMillis, id]`: this continuation body is therefore not validated against EventQuery.
    const next = await call(sim, route, { body: query({ limit: 10, search_after: after }) });
    expectConforms(route, next);
    const second = itemsOf(next.body);
    const ids = new Set(first.map((r) => r.id));
    expect(second.some((r) => ids.has(r.id))).toBe(false);
    expect(String(second[0]?.timestamp) <= String(first.at(-1)?.timestamp)).toBe(true);
  });

  it('an empty window conforms (empty array)', async () => {
    const { rows } = await events({
      service: ['all'],
      start_time: '2001-01-01T00:00:00Z',
      end_time: '2001-01-02T00:00:00Z',
    });
    expect(rows).toEqual([]);
  });
});

describe("DI POST /events as jcsql's client sends it", () => {
  it('every request body of a paged 90-day read is a valid EventQuery, and the pages conform', async () => {
    const { JumpCloudClient } = await import('../../src/client/index.js');
    const client = new JumpCloudClient({ origin: sim.url, apiKey: sim.apiKey, retry: { maxAttempts: 1 } });
    sim.resetStats();
    const start_time = new Date(sim.data.now - 90 * DAY).toISOString();
    const read: Obj[] = [];
    for await (const page of client
      .events<Obj>({ service: ['sso', 'radius'], start_time }, { pageSize: 100 })
      .pages())
      read.push(...page);
    const log = sim.requestLog().filter((entry) => entry.route === 'POST /insights/directory/v1/events');
    expect(log.length).toBe(Math.floor(read.length / 100) + 1);
    for (const entry of log) {
      expect(entry.status).toBe(200);
      const body = JSON.parse(entry.body ?? 'null') as Obj;
      // The spec types search_after as object[]; its documented value is the header's [epochMs, id].
      const { search_after, ...checked } = body;
      expect(validateRequestBody('di', 'post', route.template, checked).errors).toEqual([]);
    }
    const expected = sim.data.orgs[0]!.events.filter(
      (e) => e.timestamp >= start_time && (e.service === 'sso' || e.service === 'radius'),
    );
    expect(read.map((e) => e.id)).toEqual(expected.map((e) => e.id));
  });

  it("events are the demo world's: real users, their own devices, the org's applications, groups and RADIUS servers", async () => {
    const org = sim.data.orgs[0]!;
    const users = new Map(org.users.map((u) => [u._id, u]));
    const systems = new Map(org.systems.map((s) => [s._id, s]));
    const apps = new Set(org.applications.map((a) => a._id));
    const groups = new Set(org.userGroups.map((g) => g.id));
    const radius = new Set(org.radiusServers.map((r) => r._id));
    const kinds = new Set<string>();
    for (const event of org.events) {
      kinds.add(`${event.service} ${event.event_type}`);
      const by = event.initiated_by as { id: string; username: string };
      expect(users.get(by.id)?.username).toBe(by.username);
      const resource = event.resource as { id: string } | undefined;
      if (event.event_type === 'login_attempt') {
        const system = systems.get(resource!.id)!;
        expect(system.primarySystemUser.id).toBe(by.id);
      }
      if (event.event_type === 'sso_auth') expect(apps.has(resource!.id)).toBe(true);
      if (event.event_type === 'radius_auth') expect(radius.has(resource!.id)).toBe(true);
      if (event.event_type === 'association_change') expect(groups.has(resource!.id)).toBe(true);
      if (!event.success) expect(event.error_message).toEqual(expect.any(String));
    }
    expect([...kinds].sort()).toEqual([
      'directory admin_login_attempt',
      'directory association_change',
      'directory user_login_attempt',
      'directory user_update',
      'ldap ldap_bind',
      'radius radius_auth',
      'sso sso_auth',
      'systems login_attempt',
    ]);
    const oldest = Date.parse(org.events[0]!.timestamp);
    expect(oldest).toBeGreaterThanOrEqual(sim.data.now - 90 * DAY);
    expect(oldest).toBeLessThan(sim.data.now - 89 * DAY);
  });
});
