import { afterEach, describe, expect, it } from 'vitest';
import { parseFaultSpec, type RunningSimulator } from '../../src/simulator/index.js';
import { client, withSim } from './helpers.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const USERS = 250;
const GROUPS = 230;

interface V1Body {
  totalCount: number;
  results: Array<{ _id: string }>;
}

/** `count` answers of one request, each with the simulator's fault stats after it. */
async function answers(s: RunningSimulator, path: string, count: number) {
  const get = client(s);
  const out: Array<{ status: number; body: unknown }> = [];
  for (let i = 0; i < count; i++) {
    const r = await get(path);
    out.push({ status: r.status, body: r.body });
  }
  return out;
}

describe('the totalcount and shift faults', () => {
  it('are fault kinds of --faults', () => {
    expect(parseFaultSpec('totalcount:0.2,shift:0.1').faults).toEqual([
      { kind: 'totalcount', rate: 0.2 },
      { kind: 'shift', rate: 0.1 },
    ]);
  });

  it('totalcount: a v1 list reports a wrong total, too high or too low, with the right rows', async () => {
    sim = await withSim({ users: USERS, faults: 'totalcount:1' });
    const ids = sim.data.orgs[0]!.users.map((u) => u._id);
    const got = await answers(sim, '/api/systemusers?limit=100&skip=100', 40);
    const deltas = new Set<number>();
    for (const { status, body } of got) {
      expect(status).toBe(200);
      const { totalCount, results } = body as V1Body;
      expect(results.map((u) => u._id)).toEqual(ids.slice(100, 200));
      expect(totalCount).not.toBe(USERS);
      // Off by a few rows (1 to 5) or by a page or more (100 to 250).
      const off = Math.abs(totalCount - USERS);
      expect(off <= 5 || (off >= 100 && off <= 250), `off by ${off}`).toBe(true);
      deltas.add(totalCount - USERS);
    }
    // Both ways, by a few rows and by a page or more.
    const all = [...deltas];
    expect(all.some((d) => d > 0 && d <= 5)).toBe(true);
    expect(all.some((d) => d < 0 && d >= -5)).toBe(true);
    expect(all.some((d) => Math.abs(d) >= 100)).toBe(true);
    expect(sim.stats().faults).toEqual({ totalcount: 40 });
  });

  it('totalcount: a small list never reports a negative total: a drop past zero is turned into a rise', async () => {
    // With 3 users most drops (by up to 250) would go below zero.
    sim = await withSim({ users: 3, faults: 'totalcount:1' });
    const totals = (await answers(sim, '/api/systemusers?limit=100', 40)).map(
      ({ body }) => (body as V1Body).totalCount,
    );
    expect(totals.filter((total) => total < 0)).toEqual([]);
    expect(totals).not.toContain(3);
    // A drop past zero reported as the same rise: 3 + (100 to 250) occurs.
    expect(totals.some((total) => total >= 103)).toBe(true);
  });

  it('shift: a v1 page is the window of a list with k rows added or removed before skip, its total moved by k', async () => {
    sim = await withSim({ users: USERS, faults: 'shift:1' });
    const ids = sim.data.orgs[0]!.users.map((u) => u._id);
    const got = await answers(sim, '/api/systemusers?limit=100&skip=100', 60);
    const moves = new Set<number>();
    for (const { status, body } of got) {
      expect(status).toBe(200);
      const { totalCount, results } = body as V1Body;
      // k rows added before skip: the window starts k rows early and the total is k higher; removed: the reverse.
      const moved = totalCount - USERS;
      expect(moved).not.toBe(0);
      expect(Math.abs(moved)).toBeLessThanOrEqual(20);
      expect(results.map((u) => u._id)).toEqual(ids.slice(100 - moved, 200 - moved));
      moves.add(moved);
    }
    expect([...moves].some((m) => m > 0)).toBe(true);
    expect([...moves].some((m) => m < 0)).toBe(true);
    expect([...moves].some((m) => Math.abs(m) > 3)).toBe(true);
    expect(sim.stats().faults).toEqual({ shift: 60 });
  });

  it('shift at skip 0: a v1 list keeps its first rows and reports k rows more or fewer', async () => {
    sim = await withSim({ users: USERS, faults: 'shift:1' });
    const ids = sim.data.orgs[0]!.users.map((u) => u._id);
    for (const { body } of await answers(sim, '/api/systemusers?limit=100', 20)) {
      const { totalCount, results } = body as V1Body;
      expect(results.map((u) => u._id)).toEqual(ids.slice(0, 100));
      expect(totalCount).not.toBe(USERS);
    }
    expect(sim.stats().faults).toEqual({ shift: 20 });
  });

  it('shift: a v2 page overlaps or skips rows; at skip 0 the fault is neither injected nor counted', async () => {
    sim = await withSim({ groups: GROUPS, faults: 'shift:1' });
    const ids = sim.data.orgs[0]!.userGroups.map((g) => g.id);
    const first = await answers(sim, '/api/v2/usergroups?limit=100', 5);
    for (const { body } of first)
      expect((body as Array<{ id: string }>).map((g) => g.id)).toEqual(ids.slice(0, 100));
    expect(sim.stats().faults).toEqual({});
    const starts = new Set<number>();
    for (const { body } of await answers(sim, '/api/v2/usergroups?limit=100&skip=100', 40)) {
      const page = (body as Array<{ id: string }>).map((g) => g.id);
      const start = ids.indexOf(page[0]!);
      expect(start).not.toBe(100);
      expect(Math.abs(start - 100)).toBeLessThanOrEqual(20);
      expect(page).toEqual(ids.slice(start, start + 100));
      starts.add(start);
    }
    expect([...starts].some((s) => s < 100)).toBe(true);
    expect([...starts].some((s) => s > 100)).toBe(true);
    expect(sim.stats().faults).toEqual({ shift: 40 });
  });

  it('are not injected, nor counted, where no list total or window exists', async () => {
    sim = await withSim({ users: USERS, groups: GROUPS, faults: 'totalcount:0.5,shift:0.5' });
    const user = sim.data.orgs[0]!.users[3]!;
    const group = sim.data.orgs[0]!.userGroups[3]!;
    for (const { status, body } of await answers(sim, `/api/systemusers/${user._id}`, 10)) {
      expect(status).toBe(200);
      expect(body).toMatchObject({ _id: user._id });
    }
    const groups = sim.data.orgs[0]!.userGroups.slice(0, 100).map((g) => g.id);
    for (const { body } of await answers(sim, '/api/v2/usergroups?limit=100', 10))
      expect((body as Array<{ id: string }>).map((g) => g.id)).toEqual(groups);
    await answers(sim, `/api/v2/usergroups/${group.id}`, 5);
    expect(sim.stats().faults).toEqual({});
    expect(sim.stats().total).toBe(25);
  });

  it('are deterministic for a seed', async () => {
    const run = async (seed: number) => {
      const s = await withSim({ seed, users: USERS, faults: 'totalcount:0.3,shift:0.3' });
      const got = await answers(s, '/api/systemusers?limit=100&skip=100', 30);
      const stats = s.stats();
      await s.close();
      return {
        shapes: got.map(({ body }) => [(body as V1Body).totalCount, (body as V1Body).results[0]?._id]),
        stats,
      };
    };
    const a = await run(11);
    expect(await run(11)).toEqual(a);
    expect(a.stats.faults.totalcount).toBeGreaterThan(0);
    expect(a.stats.faults.shift).toBeGreaterThan(0);
    expect((await run(12)).shapes).not.toEqual(a.shapes);
  });

  it('restart from a fault seed of their own through configure and POST /__simulator/config', async () => {
    sim = await withSim({ users: USERS });
    const shapes = async () =>
      (await answers(sim!, '/api/systemusers?limit=100&skip=100', 20)).map(({ body }) => [
        (body as V1Body).totalCount,
        (body as V1Body).results[0]?._id,
      ]);
    sim.configure({ faults: 'shift:0.3,totalcount:0.3', faultSeed: 1 });
    const one = await shapes();
    sim.configure({ faultSeed: 1 }); // the same spec, the sequence restarted
    expect(await shapes()).toEqual(one);
    const posted = await fetch(`${sim.url}/__simulator/config`, {
      method: 'POST',
      body: JSON.stringify({ faultSeed: 2 }),
    });
    expect(posted.status).toBe(200);
    expect(await shapes()).not.toEqual(one);
    const bad = await fetch(`${sim.url}/__simulator/config`, {
      method: 'POST',
      body: JSON.stringify({ faultSeed: -1 }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/faultSeed must be an integer/);
  });
});
