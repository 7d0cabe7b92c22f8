import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { client, withSim } from './helpers.js';

let sim: RunningSimulator;
let get: ReturnType<typeof client>;
beforeAll(async () => {
  sim = await withSim();
  get = client(sim);
});
afterAll(() => sim.close());

const primary = () => sim.data.orgs[0]!;

describe('v1 lists', () => {
  it('pages with limit (default 10), skip and the filtered totalCount', async () => {
    const first = await get('/api/systemusers');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.body.totalCount).toBe(primary().users.length);
    expect(first.body.results).toHaveLength(10);
    const page = await get('/api/systemusers?limit=7&skip=55');
    expect(page.body.results.map((u: { _id: string }) => u._id)).toEqual(
      primary()
        .users.slice(55, 62)
        .map((u) => u._id),
    );
    const max = await get('/api/systemusers?limit=100');
    expect(max.body.results).toHaveLength(primary().users.length);
  });

  it('refuses a limit above 100 with a 400 Error body naming the maximum', async () => {
    const r = await get('/api/systems?limit=101');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 400, status: 'Bad Request' });
    expect(r.body.message).toContain('100');
    expect((await get('/api/systems?skip=-1')).status).toBe(400);
    expect((await get('/api/systems?limit=abc')).status).toBe(400);
  });

  it('sorts (space separated, - descending) and projects fields keeping _id', async () => {
    const r = await get('/api/systemusers?limit=100&sort=-username&fields=username email');
    const names = r.body.results.map((u: { username: string }) => u.username);
    expect(names).toEqual([...names].sort().reverse());
    expect(Object.keys(r.body.results[0]).sort()).toEqual(['_id', 'email', 'username']);
    const apps = await get('/api/applications?limit=100');
    const appNames = apps.body.results.map((a: { name: string }) => a.name);
    expect(appNames).toEqual([...appNames].sort());
  });

  it('filters with $eq on booleans, dotted paths, $in with |, $ne, $sw and dates', async () => {
    const users = primary().users;
    const suspended = await get('/api/systemusers?limit=100&filter=suspended:$eq:true');
    expect(suspended.body.totalCount).toBe(users.filter((u) => u.suspended).length);
    expect(suspended.body.totalCount).toBeGreaterThan(0);
    const noMfa = await get('/api/systemusers?limit=100&filter=mfa.configured:$eq:false');
    expect(noMfa.body.totalCount).toBe(users.filter((u) => !u.mfa.configured).length);
    const depts = await get(
      `/api/systemusers?limit=100&filter=${encodeURIComponent('department:$in:Finance|IT')}`,
    );
    expect(depts.body.totalCount).toBe(
      users.filter((u) => u.department === 'Finance' || u.department === 'IT').length,
    );
    const notIt = await get('/api/systemusers?limit=100&filter=department:$ne:IT');
    expect(notIt.body.totalCount).toBe(users.filter((u) => u.department !== 'IT').length);
    const sw = await get('/api/systemusers?limit=100&filter=username:$sw:a');
    expect(sw.body.totalCount).toBe(users.filter((u) => u.username.startsWith('a')).length);
    const expired = await get(
      '/api/systemusers?limit=100&filter=password_expiration_date:$lte:2026-01-15T12:00:00.000Z',
    );
    expect(expired.body.totalCount).toBe(users.filter((u) => u.password_expired).length);
    expect(expired.body.totalCount).toBeGreaterThan(0);
  });

  it('ANDs filter[0..n] and ORs filter[or][..]', async () => {
    const users = primary().users;
    const and = await get(
      '/api/systemusers?limit=100&filter[0]=department:$eq:IT&filter[1]=activated:$eq:true',
    );
    expect(and.body.totalCount).toBe(users.filter((u) => u.department === 'IT' && u.activated).length);
    const or = await get(
      '/api/systemusers?limit=100&filter[or][0]=suspended:$eq:true&filter[or][1]=account_locked:$eq:true',
    );
    expect(or.body.totalCount).toBe(users.filter((u) => u.suspended || u.account_locked).length);
  });

  it('answers 400 for an unknown operator or a malformed filter', async () => {
    const op = await get('/api/systemusers?filter=username:$like:x');
    expect(op.status).toBe(400);
    expect(op.body).toMatchObject({ code: 400, status: 'Bad Request' });
    expect((await get('/api/systemusers?filter=username')).status).toBe(400);
  });

  it('gets by id and answers 404 with an Error body for unknown ids', async () => {
    const user = primary().users[3]!;
    const r = await get(`/api/systemusers/${user._id}`);
    expect(r.body).toEqual(user);
    const missing = await get('/api/systemusers/000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 404, status: 'Not Found' });
    expect((await get('/api/v2/usergroups/000000000000000000000000')).status).toBe(404);
  });

  it('searches users with a POST body and reports memberof', async () => {
    const r = await get('/api/search/systemusers?limit=100', {
      method: 'POST',
      body: JSON.stringify({
        filter: { or: [{ department: 'IT' }, { department: 'Sales' }] },
        fields: 'username department',
      }),
    });
    expect(r.status).toBe(200);
    const expected = primary().users.filter((u) => u.department === 'IT' || u.department === 'Sales');
    expect(r.body.totalCount).toBe(expected.length);
    expect(Object.keys(r.body.results[0]).sort()).toEqual(['_id', 'department', 'username']);
    const member = await get('/api/search/systemusers', { method: 'POST', body: '{}' });
    expect(Array.isArray(member.body.results[0].memberof)).toBe(true);
  });
});

describe('v2 lists and the graph', () => {
  it('returns bare arrays with id, comma sort, filters and a Link header', async () => {
    const r = await get('/api/v2/usergroups?limit=3');
    expect(Array.isArray(r.body)).toBe(true);
    expect(r.body[0].id).toBe(primary().userGroups[0]!.id);
    expect(r.headers.get('link')).toContain('skip=3');
    const sorted = await get('/api/v2/usergroups?limit=100&sort=-name,id&fields=name');
    const names = sorted.body.map((g: { name: string }) => g.name);
    expect(names).toEqual([...names].sort().reverse());
    expect(Object.keys(sorted.body[0]).sort()).toEqual(['id', 'name']);
    const one = await get('/api/v2/usergroups?filter=name:eq:Engineering&filter=type:eq:user_group');
    expect(one.body.map((g: { name: string }) => g.name)).toEqual(['Engineering']);
    const bad = await get('/api/v2/usergroups?filter=name:$eq:Engineering');
    expect(bad.status).toBe(400);
  });

  it('lists members, membership and memberof consistently', async () => {
    const group = primary().userGroups.find((g) => (primary().userGroupMembers.get(g.id) ?? []).length > 0)!;
    const ids = primary().userGroupMembers.get(group.id)!;
    const members = await get(`/api/v2/usergroups/${group.id}/members?limit=100`);
    expect(members.body.map((m: { to: { id: string } }) => m.to.id)).toEqual(ids.slice(0, 100));
    const membership = await get(`/api/v2/usergroups/${group.id}/membership?limit=5`);
    expect(membership.body[0]).toMatchObject({ type: 'user', id: ids[0] });
    const memberOf = await get(`/api/v2/users/${ids[0]}/memberof?limit=100`);
    expect(memberOf.body.map((g: { id: string }) => g.id)).toContain(group.id);
    const filtered = await get(`/api/v2/users/${ids[0]}/memberof?filter=object_id:eq:${group.id}`);
    expect(filtered.body).toHaveLength(1);
    const empty = primary().userGroups.at(-1)!;
    expect((await get(`/api/v2/usergroups/${empty.id}/members`)).body).toEqual([]);
  });

  it('traverses applications, RADIUS servers, users and systems', async () => {
    const app = primary().applications[0]!;
    const groups = await get(`/api/v2/applications/${app._id}/usergroups`);
    expect(groups.body.map((g: { id: string }) => g.id)).toEqual(
      primary().applicationUserGroups.get(app._id),
    );
    const radius = primary().radiusServers[0]!;
    expect((await get(`/api/v2/radiusservers/${radius._id}/usergroups`)).body.length).toBeGreaterThan(0);
    expect((await get(`/api/v2/radiusservers/${radius._id}/users`)).body.length).toBeGreaterThan(0);
    const device = primary().systems.find((s) => s.primarySystemUser.id)!;
    const users = await get(`/api/v2/systems/${device._id}/users?limit=100`);
    expect(users.body.map((u: { id: string }) => u.id)).toContain(device.primarySystemUser.id);
    const systems = await get(`/api/v2/users/${device.primarySystemUser.id}/systems?limit=100`);
    expect(systems.body.map((s: { id: string }) => s.id)).toContain(device._id);
    expect((await get(`/api/v2/systems/${device._id}/memberof`)).status).toBe(200);
  });

  it('serves System Insights with eq and in filters and a 10000 maximum', async () => {
    const device = primary().systems.find((s) => s.osFamily === 'darwin')!;
    const info = await get(`/api/v2/systeminsights/system_info?filter=system_id:eq:${device._id}`);
    expect(info.body).toHaveLength(1);
    const zoom = await get('/api/v2/systeminsights/apps?limit=10000&filter=name:in:zoom.us.app|Slack.app');
    expect(zoom.body.length).toBe(
      primary().apps.filter((a) => a.name === 'zoom.us.app' || a.name === 'Slack.app').length,
    );
    expect((await get('/api/v2/systeminsights/apps?limit=10001')).status).toBe(400);
    expect((await get('/api/v2/systeminsights/apps?filter=name:ne:x')).status).toBe(400);
  });
});

describe('auth and organizations', () => {
  it('answers 401 with an Error body without or with a wrong key', async () => {
    const none = await fetch(`${sim.url}/api/systemusers`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 401 });
    const wrong = await get('/api/v2/usergroups', { headers: { 'x-api-key': 'nope' } });
    expect(wrong.status).toBe(401);
  });

  it('selects an org with x-org-id, and refuses malformed (400) and unknown (404) ids', async () => {
    const other = sim.orgIds[1]!;
    const r = await get('/api/systemusers?limit=100', { headers: { 'x-org-id': other } });
    expect(r.body.totalCount).toBe(sim.data.orgs[1]!.users.length);
    expect(r.body.results[0].organization).toBe(other);
    expect((await get('/api/systemusers', { headers: { 'x-org-id': 'xyz' } })).status).toBe(400);
    const unknown = await get('/api/systemusers', { headers: { 'x-org-id': 'ffffffffffffffffffffffff' } });
    expect(unknown.status).toBe(404);
  });

  it('lists organizations, gets one in full, and refuses x-org-id there with 403', async () => {
    const list = await get('/api/organizations');
    expect(list.body.totalCount).toBe(3);
    expect(Object.keys(list.body.results[0]).sort()).toEqual(['_id', 'displayName', 'logoUrl']);
    const org = await get(`/api/organizations/${sim.orgId}`);
    expect(org.body.settings.passwordPolicy.minLength).toBeGreaterThan(0);
    const forbidden = await get('/api/organizations', { headers: { 'x-org-id': sim.orgId } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({
      message: 'Forbidden: organization selection not allowed via header',
      error: 'Forbidden: organization selection not allowed via header',
    });
  });
});

describe('Directory Insights', () => {
  it('queries events with limit, sort and search_after paging', async () => {
    const body = { service: ['all'], start_time: '2025-01-01T00:00:00Z', limit: 50 };
    const first = await get('/insights/directory/v1/events', { method: 'POST', body: JSON.stringify(body) });
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(50);
    expect(first.headers.get('x-result-count')).toBe('50');
    const after = JSON.parse(first.headers.get('x-search_after')!);
    const second = await get('/insights/directory/v1/events', {
      method: 'POST',
      body: JSON.stringify({ ...body, search_after: after }),
    });
    expect(second.body[0].timestamp >= first.body[49].timestamp).toBe(true);
    expect(second.body[0].id).not.toBe(first.body[49].id);
    const radius = await get('/insights/directory/v1/events', {
      method: 'POST',
      body: JSON.stringify({ service: ['radius'], start_time: '2025-01-01T00:00:00Z' }),
    });
    expect(radius.body.every((e: { service: string }) => e.service === 'radius')).toBe(true);
    const bad = await get('/insights/directory/v1/events', {
      method: 'POST',
      body: JSON.stringify({ service: ['nope'] }),
    });
    expect(bad.status).toBe(400);
  });
});
