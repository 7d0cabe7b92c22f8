import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { parseFaultSpec, type RunningSimulator } from '../../src/simulator/index.js';
import { expectWrites } from '../setup/expect-writes.js';
import { client, withSim } from './helpers.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Status of one request, or 'error' when the connection died. */
async function statusOf(
  s: RunningSimulator,
  path = '/api/systemusers',
  timeoutMs = 2000,
): Promise<number | 'error' | 'timeout'> {
  try {
    const r = await fetch(s.url + path, {
      headers: { 'x-api-key': s.apiKey },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await r.text();
    return r.status;
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? 'timeout' : 'error';
  }
}

describe('parseFaultSpec', () => {
  it('parses kinds and rates, and rejects bad specs with a UserError', () => {
    expect(parseFaultSpec('429:0.1,reset:0.05').faults).toEqual([
      { kind: '429', rate: 0.1 },
      { kind: 'reset', rate: 0.05 },
    ]);
    expect(parseFaultSpec('').faults).toEqual([]);
    expect(() => parseFaultSpec('x:0.1')).toThrow(UserError);
    expect(() => parseFaultSpec('x:0.1')).toThrow(/unknown fault kind 'x'.*429, 429-bare, 500/);
    expect(() => parseFaultSpec('500:2')).toThrow(UserError);
    expect(() => parseFaultSpec('500:0.7,502:0.7')).toThrow(UserError);
  });
});

describe('fault injection', () => {
  it.each([
    ['429', 429],
    ['429-bare', 429],
    ['500', 500],
    ['502', 502],
    ['503', 503],
  ])('%s answers %i with an Error body', async (kind, status) => {
    sim = await withSim({ faults: `${kind}:1` });
    const r = await client(sim)('/api/systemusers');
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ code: status });
    expect(r.headers.get('retry-after')).toBe(kind === '429' ? '1' : null);
    expect(sim.stats().faults).toEqual({ [kind]: 1 });
  });

  it('reset destroys the connection', async () => {
    sim = await withSim({ faults: 'reset:1' });
    expect(await statusOf(sim)).toBe('error');
    expect(sim.stats().faults.reset).toBe(1);
  });

  it('stall never answers, and close() still ends promptly', async () => {
    sim = await withSim({ faults: 'stall:1' });
    const pending = statusOf(sim, '/api/systemusers', 10_000);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('error');
    sim = undefined;
  });

  it('malformed answers 200 with truncated JSON', async () => {
    sim = await withSim({ faults: 'malformed:1' });
    const r = await client(sim)('/api/systemusers');
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it('is deterministic for a seed and never touches /__simulator', async () => {
    const run = async (seed: number) => {
      const s = await withSim({ seed, faults: '500:0.3,503:0.2' });
      const statuses = [];
      for (let i = 0; i < 30; i++) statuses.push(await statusOf(s));
      await fetch(`${s.url}/__simulator/stats`);
      const stats = s.stats();
      await s.close();
      return { statuses, stats };
    };
    const a = await run(7);
    const b = await run(7);
    expect(a.statuses).toEqual(b.statuses);
    expect(a.statuses).toContain(500);
    expect(a.statuses).toContain(200);
    expect(a.stats.faults['500']).toBe(a.statuses.filter((s) => s === 500).length);
    expect(a.stats.total).toBe(30);
    const c = await run(8);
    expect(c.statuses).not.toEqual(a.statuses);
  });

  it('can be changed at run time through POST /__simulator/config', async () => {
    sim = await withSim();
    expect(await statusOf(sim)).toBe(200);
    const r = await fetch(`${sim.url}/__simulator/config`, {
      method: 'POST',
      body: JSON.stringify({ faults: '503:1', latencyMs: 50 }),
    });
    expect(r.status).toBe(200);
    const started = Date.now();
    expect(await statusOf(sim)).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const bad = await fetch(`${sim.url}/__simulator/config`, {
      method: 'POST',
      body: JSON.stringify({ faults: 'zzz:1' }),
    });
    expect(bad.status).toBe(400);
    sim.configure({ faults: '', latencyMs: 0 });
    expect(await statusOf(sim)).toBe(200);
  });
});

describe('stats and writes', () => {
  it('counts every API request by route template, 401s included, and resets', async () => {
    sim = await withSim();
    const get = client(sim);
    const user = sim.data.orgs[0]!.users[0]!._id;
    await get('/api/systemusers');
    await get('/api/systemusers?limit=5');
    await get(`/api/systemusers/${user}`);
    await get(`/api/v2/users/${user}/memberof`);
    await fetch(`${sim.url}/api/systems`); // no key: 401, still counted
    await fetch(`${sim.url}/__simulator/stats`);
    const stats = (await (await fetch(`${sim.url}/__simulator/stats`)).json()) as unknown;
    expect(stats).toEqual({
      total: 5,
      byRoute: {
        'GET /api/systemusers': 2,
        'GET /api/systemusers/{id}': 1,
        'GET /api/v2/users/{user_id}/memberof': 1,
        'GET /api/systems': 1,
      },
      writes: 0,
      faults: {},
    });
    expect(sim.requestLog().map((e) => e.status)).toEqual([200, 200, 200, 200, 401]);
    expect((await fetch(`${sim.url}/__simulator/stats/reset`, { method: 'POST' })).status).toBe(200);
    expect(sim.stats()).toEqual({ total: 0, byRoute: {}, writes: 0, faults: {} });
  });

  it('refuses writes with 405 and counts them', async () => {
    sim = await withSim();
    expectWrites(4); // PUT, DELETE, POST and PATCH below, sent on purpose
    const get = client(sim);
    const user = sim.data.orgs[0]!.users[0]!._id;
    expect((await get(`/api/systemusers/${user}`, { method: 'PUT', body: '{}' })).status).toBe(405);
    expect((await get(`/api/systemusers/${user}`, { method: 'DELETE' })).status).toBe(405);
    const post = await get('/api/systemusers', { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.body).toMatchObject({ code: 405 });
    expect((await get('/api/v2/usergroups/x/members', { method: 'PATCH', body: '{}' })).status).toBe(405);
    expect((await get('/api/search/systemusers', { method: 'POST', body: '{}' })).status).toBe(200);
    const stats = sim.stats();
    expect(stats.writes).toBe(4);
    expect(stats.byRoute['DELETE /api/systemusers/{id}']).toBe(1);
    expect(stats.byRoute['POST /api/search/systemusers']).toBe(1);
  });
});
