/**
 * Paging under faults, at the client: lists read through `totalcount` and `shift` faults (and the
 * others) give exactly the fault-free items, in order; a fault-free read costs what it always did;
 * a list that keeps changing fails after a bounded number of reads with one line naming the
 * endpoint, never returning part of it as the whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphConnection, JumpCloudClient } from '../../src/client/index.js';
import { UserError } from '../../src/errors.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { type Group, USER_GROUP_MEMBERS, USER_GROUPS, USERS, type User } from '../helpers/endpoints.js';
import { FAULT_KINDS, FaultTally, faultyConnections, RATES, SOAK } from './faults-helpers.js';

const tally = new FaultTally('faults-paging.test.ts');
afterAll(() => tally.report());

const clientOf = (simulator: RunningSimulator) =>
  faultyConnections(simulator).default[0]!.client as JumpCloudClient;

async function collect<T>(items: AsyncIterable<T>, take = Number.POSITIVE_INFINITY): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= take) break;
  }
  return out;
}

/** The list requests a simulator received: their `skip` and `limit`. */
const listRequests = (simulator: RunningSimulator, path: string) =>
  simulator
    .requestLog()
    .filter((entry) => new URL(entry.url, 'http://x').pathname === path)
    .map((entry) => {
      const params = new URL(entry.url, 'http://x').searchParams;
      return { skip: Number(params.get('skip') ?? 0), limit: Number(params.get('limit')) };
    });

describe('fault-free paging costs what it did', () => {
  const V1_SIZES = [0, 99, 100, 101, 250, 1000];
  const V2_SIZES = [12, 100, 199, 260];
  const v1 = new Map<number, RunningSimulator>();
  const v2 = new Map<number, RunningSimulator>();
  beforeAll(async () => {
    const start = (users: number, groups: number) => startSimulator({ users, groups, devices: 1, orgs: 1 });
    await Promise.all([
      ...V1_SIZES.map(async (users) => v1.set(users, await start(users, 3))),
      ...V2_SIZES.map(async (groups) => v2.set(groups, await start(20, groups))),
    ]);
  });
  afterAll(async () => {
    for (const simulator of [...v1.values(), ...v2.values()]) await simulator.close();
  });

  /**
   * v1 and v2: pages after the first start one item early, to check they join: 99 new items a page,
   * until a page comes back short (a list of exactly one full page asks once more).
   */
  const chainRequests = (n: number) => (n < 100 ? 1 : Math.floor((n - 100) / 99) + 2);

  it.each(V1_SIZES)('a v1 list of %i users', async (users) => {
    const simulator = v1.get(users)!;
    simulator.resetStats();
    const items = await collect(clientOf(simulator).list<User>(USERS));
    expect(items.map((user) => user._id)).toEqual(simulator.data.orgs[0]!.users.map((user) => user._id));
    const requests = listRequests(simulator, '/api/systemusers');
    expect(requests).toHaveLength(chainRequests(users));
    expect(requests.map((request) => request.skip).sort((a, b) => a - b)).toEqual(
      requests.map((_, i) => i * 99),
    );
    for (const request of requests) expect(request.limit).toBe(100); // full pages, always
  });

  it.each([
    [5, [{ skip: 0, limit: 5 }]],
    [100, [{ skip: 0, limit: 100 }]],
    [
      150,
      [
        { skip: 0, limit: 100 },
        { skip: 99, limit: 51 },
      ],
    ],
  ])('a v1 list with a limit of %i', async (limit, requests) => {
    const simulator = v1.get(1000)!;
    simulator.resetStats();
    const items = await collect(clientOf(simulator).list<User>(USERS, { limit }));
    expect(items.map((user) => user._id)).toEqual(
      simulator.data.orgs[0]!.users.slice(0, limit).map((user) => user._id),
    );
    expect(listRequests(simulator, '/api/systemusers')).toEqual(requests);
  });

  it.each(V2_SIZES)('a v2 list of %i user groups', async (groups) => {
    const simulator = v2.get(groups)!;
    simulator.resetStats();
    const expected = simulator.data.orgs[0]!.userGroups.map((group) => group.id);
    expect(expected).toHaveLength(groups);
    const items = await collect(clientOf(simulator).list<Group>(USER_GROUPS));
    expect(items.map((group) => group.id)).toEqual(expected);
    const requests = listRequests(simulator, '/api/v2/usergroups');
    expect(requests).toHaveLength(chainRequests(groups));
    expect(requests.map((request) => request.skip)).toEqual(requests.map((_, i) => i * 99));
  });
});

describe('paging through faults gives exactly the fault-free items, in order', () => {
  const SEEDS = SOAK ? [1, 2, 3, 4, 5, 6, 7, 8] : [1, 2];
  const simulators: RunningSimulator[] = [];
  /** Requests each list costs fault-free, per simulator. */
  const faultFree = new Map<RunningSimulator, Map<string, number>>();
  beforeAll(async () => {
    simulators.push(
      ...(await Promise.all(SEEDS.map((seed) => startSimulator({ seed, users: 1050, groups: 260 })))),
    );
    for (const simulator of simulators) {
      const counts = new Map<string, number>();
      for (const [name, list] of Object.entries(lists(simulator))) {
        simulator.resetStats();
        await list.read(clientOf(simulator));
        counts.set(name, simulator.stats().total);
      }
      faultFree.set(simulator, counts);
    }
  });
  afterAll(async () => {
    for (const simulator of simulators) await simulator.close();
  });

  /** Users (v1), user groups (v2 with ids) and the biggest group's members (v2, items without ids). */
  const lists = (simulator: RunningSimulator) => {
    const org = simulator.data.orgs[0]!;
    const biggest = [...org.userGroupMembers.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    return {
      users: {
        expected: org.users.map((user) => user._id),
        read: async (client: JumpCloudClient) =>
          (await collect(client.list<User>(USERS))).map((user) => user._id),
      },
      groups: {
        expected: org.userGroups.map((group) => group.id),
        read: async (client: JumpCloudClient) =>
          (await collect(client.list<Group>(USER_GROUPS))).map((group) => group.id),
      },
      members: {
        expected: biggest[1],
        read: async (client: JumpCloudClient) =>
          (await client.all<GraphConnection>(USER_GROUP_MEMBERS, { group_id: biggest[0] })).map(
            (member) => member.to.id,
          ),
      },
    };
  };

  const specs = [
    ...RATES.flatMap((rate) => [`totalcount:${rate}`, `shift:${rate}`]),
    'totalcount:0.15,shift:0.15',
    // Every kind at once: 30% of answers faulty, 3% of each.
    FAULT_KINDS.map((kind) => `${kind}:0.03`).join(','),
  ];

  it.each(specs)('%s', async (spec) => {
    for (const [s, simulator] of simulators.entries()) {
      const client = clientOf(simulator);
      for (const [l, [name, list]] of Object.entries(lists(simulator)).entries()) {
        expect(list.expected.length, name).toBeGreaterThan(250); // three pages at least
        simulator.resetStats();
        // A fault sequence of its own for each run: faults fall on different requests, the first included.
        simulator.configure({ faults: spec, faultSeed: specs.indexOf(spec) * 100 + s * 10 + l });
        let items: string[];
        try {
          items = await list.read(client);
        } finally {
          simulator.configure({ faults: '' });
        }
        expect(items, `${name}, seed ${simulators.indexOf(simulator) + 1}`).toEqual(list.expected);
        const stats = simulator.stats();
        expect(stats.writes).toBe(0);
        const injected = Object.values(stats.faults).reduce((sum, n) => sum + n, 0);
        // Each fault costs a request or two more, and a first page with a total too high by 250
        // three more pages at most: no page is read again for nothing.
        expect(stats.total).toBeLessThanOrEqual(faultFree.get(simulator)!.get(name)! + 2 * injected + 3);
        tally.addRun(stats.faults, items.length);
      }
    }
  });

  it('met the list faults on v1 and v2 lists', () => {
    expect(tally.faults.totalcount).toBeGreaterThan(10);
    expect(tally.faults.shift).toBeGreaterThan(10);
  });

  it('keeps a limit exact through shifts', async () => {
    const simulator = simulators[0]!;
    const client = clientOf(simulator);
    simulator.configure({ faults: 'shift:0.3,totalcount:0.1' });
    try {
      const users = await collect(client.list<User>(USERS, { limit: 250 }));
      expect(users.map((user) => user._id)).toEqual(
        simulator.data.orgs[0]!.users.slice(0, 250).map((user) => user._id),
      );
      const groups = await collect(client.list<Group>(USER_GROUPS, { limit: 150 }));
      expect(groups.map((group) => group.id)).toEqual(
        simulator.data.orgs[0]!.userGroups.slice(0, 150).map((group) => group.id),
      );
    } finally {
      simulator.configure({ faults: '' });
    }
  });
});

describe('a list that keeps changing fails after a bounded number of reads', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({ users: 1050, groups: 260 });
  });
  afterAll(() => simulator?.close());

  /**
   * Reads a list under a persistent fault, after a bounded number of requests: the error it threw
   * (if any), the items it handed out (by every read of it: none may repeat), and the requests.
   */
  async function persistent<T>(spec: string, items: () => AsyncIterable<T>, id: (item: T) => string) {
    simulator.resetStats();
    simulator.configure({ faults: spec });
    const handedOut: string[] = [];
    try {
      const error = await (async () => {
        for await (const item of items()) handedOut.push(id(item));
      })().then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(new Set(handedOut).size).toBe(handedOut.length);
      expect(simulator.stats().writes).toBe(0);
      tally.persistentFailures++;
      return { error, requests: simulator.stats().total, handedOut };
    } finally {
      simulator.configure({ faults: '' });
    }
  }

  /** One clear line: a UserError naming the endpoint. */
  const messageOf = (error: unknown) => {
    expect(error).toBeInstanceOf(UserError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  };

  it('a v1 list whose windows keep shifting, read again from the start before failing', async () => {
    const client = clientOf(simulator);
    // After the first page, a page must start with the item the last one ended with: no shifted
    // answer can, however its totalCount agrees with the others'.
    const { error, requests, handedOut } = await persistent(
      'shift:1',
      () => client.list<User>(USERS),
      (user) => user._id,
    );
    expect(messageOf(error)).toMatch(
      /^JumpCloud API GET \/api\/systemusers kept changing while it was paged \(the page after item 100 no longer started where it should; read 3 times\); try again$/,
    );
    // Read again from the start: what the first read handed out was not handed out twice (above).
    expect(handedOut.length).toBeGreaterThan(0);
    // 3 reads of 11 pages (asked ahead once each), the second asked at most 10 times.
    expect(requests).toBeLessThanOrEqual(3 * (11 + 10));
  });

  it('a v1 list whose totalCount is never right is read whole: totals only say how far to ask ahead', async () => {
    const client = clientOf(simulator);
    simulator.resetStats();
    simulator.configure({ faults: 'totalcount:1' });
    try {
      const users = await collect(client.list<User>(USERS));
      expect(users.map((user) => user._id)).toEqual(simulator.data.orgs[0]!.users.map((user) => user._id));
      // 11 pages, and at most twice max_concurrency asked ahead of a total too high.
      expect(simulator.stats().total).toBeLessThanOrEqual(11 + 2 * client.http.maxConcurrency);
    } finally {
      simulator.configure({ faults: '' });
    }
  });

  it('a v2 list with ids, read again from the start before failing', async () => {
    const client = clientOf(simulator);
    // A page of a v2 list must start with the item the last one ended with: no shifted answer can.
    const { error, requests, handedOut } = await persistent(
      'shift:1',
      () => client.list<Group>(USER_GROUPS),
      (group) => group.id,
    );
    expect(messageOf(error)).toMatch(
      /^JumpCloud API GET \/api\/v2\/usergroups kept changing while it was paged \(.+; read 3 times\); try again$/,
    );
    expect(handedOut.length).toBeGreaterThan(0);
    expect(requests).toBeLessThanOrEqual(3 * 3 * 10);
  });

  it('a v2 list without ids (repeats could not be told apart), failing after one read', async () => {
    const client = clientOf(simulator);
    const [group, members] = [...simulator.data.orgs[0]!.userGroupMembers.entries()].sort(
      (a, b) => b[1].length - a[1].length,
    )[0]!;
    expect(members.length).toBeGreaterThan(100);
    const { error } = await persistent(
      'shift:1',
      async function* () {
        yield* await client.all<GraphConnection>(USER_GROUP_MEMBERS, { group_id: group });
      },
      (member) => member.to.id,
    );
    expect(messageOf(error)).toMatch(
      new RegExp(
        `^JumpCloud API GET /api/v2/usergroups/${group}/members kept changing while it was paged \\([^;]+\\); try again$`,
      ),
    );
  });
});
