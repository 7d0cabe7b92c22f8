/**
 * Lists read a page at a time (`PagedList.pages()`), and the SDK's scan handing rows on by the
 * page: the same items as item-by-item iteration, at the same request counts, and no more requests
 * in flight than the client's concurrency when the reader stops early.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JumpCloudClient } from '../../src/client/index.js';
import { type ConnectionHandle, ScanCache, scan } from '../../src/sdk/index.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { tablesByName } from '../../src/tables/index.js';
import { type Group, USER_GROUPS, USERS, type User } from '../helpers/endpoints.js';

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startSimulator({ users: 1000, groups: 260, devices: 1, orgs: 1 });
});
afterAll(() => simulator.close());

const client = (maxConcurrency = 10) =>
  new JumpCloudClient({
    origin: simulator.url,
    apiKey: simulator.apiKey,
    orgId: simulator.orgId,
    maxConcurrency,
  });

async function pagesOf<T>(pages: AsyncIterable<readonly T[]>): Promise<(readonly T[])[]> {
  const out: (readonly T[])[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** 1,000 users: a page of 100, then pages that start on the last item taken (99 new items each). */
const V1_PAGES = [100, ...Array(9).fill(99), 9];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PagedList', () => {
  it('hands out a v1 list as its pages without the item each page repeats, the items iteration gives, each read anew', async () => {
    const users = client().list<User>(USERS);
    simulator.resetStats();
    const pages = await pagesOf(users.pages());
    expect(pages.map((page) => page.length)).toEqual(V1_PAGES);
    expect(simulator.stats().total).toBe(11);
    const items: string[] = [];
    for await (const user of users) items.push(user._id);
    expect(simulator.stats().total).toBe(22);
    expect(pages.flat().map((user) => user._id)).toEqual(items);
    expect(items).toEqual(simulator.data.orgs[0]!.users.map((user) => user._id));
  });

  it('hands out a v2 list as its pages without the row each page repeats', async () => {
    simulator.resetStats();
    const pages = await pagesOf(client().list<Group>(USER_GROUPS).pages());
    expect(pages.map((page) => page.length)).toEqual([100, 99, 61]);
    expect(pages.flat().map((group) => group.id)).toEqual(
      simulator.data.orgs[0]!.userGroups.map((group) => group.id),
    );
    expect(simulator.stats().total).toBe(3);
  });

  /** The simulator's request count once it stops changing (requests in transit are counted on arrival). */
  async function settledRequests(): Promise<number> {
    let last = -1;
    for (let same = 0; same < 3; ) {
      await sleep(100);
      const now = simulator.stats().total;
      same = now === last ? same + 1 : 0;
      last = now;
    }
    return last;
  }

  it.each([1, 2, 3])(
    'stopped after its first page, it stops asking: at most that page and twice max_concurrency (%i) ahead',
    async (maxConcurrency) => {
      simulator.configure({ latencyMs: 30 });
      try {
        simulator.resetStats();
        for await (const page of client(maxConcurrency).list<User>(USERS).pages()) {
          expect(page).toHaveLength(100);
          await sleep(50); // the reader works on the first page: the pages ahead are on their way
          break;
        }
        const sent = await settledRequests();
        expect(sent).toBeGreaterThan(1); // pages ahead were asked for while the first was used
        expect(sent).toBeLessThanOrEqual(1 + 2 * maxConcurrency);
        expect(sent).toBeLessThan(10); // not the whole list
      } finally {
        simulator.configure({ latencyMs: 0 });
      }
    },
  );
});

describe('scan, a page at a time', () => {
  const handle = (cache: boolean): ConnectionHandle => ({
    name: 'demo',
    orgId: simulator.orgId,
    client: client(),
    cache: new ScanCache(300, cache),
  });
  const request = { quals: [], columns: 'all' as const };
  const users = tablesByName.get('jumpcloud_user')!;

  it("yields the API's pages as built rows, then a cached result as one page and no request", async () => {
    const connection = handle(true);
    simulator.resetStats();
    const first = await pagesOf(scan(users, [connection], request));
    expect(first.map((page) => page.length)).toEqual(V1_PAGES);
    expect(simulator.stats().total).toBe(11);
    const again = await pagesOf(scan(users, [connection], request));
    expect(again).toHaveLength(1);
    expect(again[0]).toEqual(first.flat());
    expect(simulator.stats().total).toBe(11);
  });

  it('a row per page where items come one by one (gets by id)', async () => {
    const ids = simulator.data.orgs[0]!.users.slice(0, 3).map((user) => user._id);
    const byId = { quals: [{ column: 'id', operator: '=' as const, values: ids }], columns: 'all' as const };
    const pages = await pagesOf(scan(users, [handle(false)], byId));
    expect(pages.map((page) => page.length)).toEqual([1, 1, 1]);
    expect(
      pages
        .flat()
        .map((row) => row.id)
        .sort(),
    ).toEqual([...ids].sort());
  });
});
