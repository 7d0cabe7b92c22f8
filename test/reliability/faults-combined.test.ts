/**
 * Fault kinds combined (issue 15): every pair of kinds, and the issue's mix, over many seeds, read
 * at the client: each run ends with exactly the fault-free items, in order, or with an error (one
 * line naming the endpoint). A run that succeeds with other items fails the test and names its
 * spec and fault seed. Under pairs like `shift` + `totalcount`, pages whose wrong totals agreed
 * with each other were taken on main and rows went missing with success.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JumpCloudClient } from '../../src/client/index.js';
import { UserError } from '../../src/errors.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { type Group, USER_GROUPS, USERS, type User } from '../helpers/endpoints.js';
import { FAULT_KINDS, FaultTally, faultyConnections, ISSUE_15_MIX, SOAK } from './faults-helpers.js';

/** Each kind of a pair at 15% (a `stall` at 2%: each one waits out the request timeout). */
const PAIRS = FAULT_KINDS.flatMap((a, i) =>
  FAULT_KINDS.slice(i + 1).map((b) =>
    [a, b].map((kind) => `${kind}:${kind === 'stall' ? 0.02 : 0.15}`).join(','),
  ),
);
const PAIR_SEEDS = SOAK ? 12 : 3;
const MIX_SEEDS = SOAK ? 1000 : 120;

const tally = new FaultTally('faults-combined.test.ts');
/** Runs that ended with the fault-free items, and runs refused with an error. */
const outcomes = { complete: 0, refused: 0 };
afterAll(() => {
  tally.report();
  console.info(
    `[faults] faults-combined.test.ts: ${outcomes.complete} complete, ${outcomes.refused} refused`,
  );
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('fault kinds combined, at the client', () => {
  let simulator: RunningSimulator;
  let client: JumpCloudClient;
  beforeAll(async () => {
    // 300 users (three pages, as the issue's 300 devices) and 150 user groups (two v2 pages).
    simulator = await startSimulator({ users: 300, groups: 150, devices: 1, orgs: 1 });
    client = faultyConnections(simulator).default[0]!.client as JumpCloudClient;
  });
  afterAll(() => simulator?.close());

  const lists = () => {
    const org = simulator.data.orgs[0]!;
    return {
      users: {
        expected: org.users.map((user) => user._id),
        read: async () => (await collect(client.list<User>(USERS))).map((user) => user._id),
      },
      groups: {
        expected: org.userGroups.map((group) => group.id),
        read: async () => (await collect(client.list<Group>(USER_GROUPS))).map((group) => group.id),
      },
    };
  };

  /** Reads each list under `spec` with fault seed `seed`: the fault-free items, or an error of one line. */
  async function check(spec: string, seed: number) {
    for (const [name, list] of Object.entries(lists())) {
      simulator.resetStats();
      simulator.configure({ faults: spec, faultSeed: seed });
      let items: string[] = [];
      let error: unknown;
      try {
        items = await list.read();
      } catch (thrown) {
        error = thrown;
      } finally {
        simulator.configure({ faults: '' });
      }
      expect(simulator.stats().writes).toBe(0);
      if (error) {
        expect(error, `${name}, ${spec}, seed ${seed}`).toBeInstanceOf(UserError);
        expect((error as Error).message).not.toContain('\n');
        outcomes.refused++;
      } else {
        expect(items, `${name}, ${spec}, seed ${seed}`).toEqual(list.expected);
        outcomes.complete++;
      }
      tally.addRun(simulator.stats().faults, items.length);
    }
  }

  it.each(PAIRS)('%s', async (spec) => {
    for (let seed = 1; seed <= PAIR_SEEDS; seed++) await check(spec, seed);
  });

  it(
    `the issue's mix, ${MIX_SEEDS} seeds`,
    async () => {
      for (let seed = 1; seed <= MIX_SEEDS; seed++) await check(ISSUE_15_MIX, seed);
    },
    (SOAK ? 10 : 1) * 120_000,
  );

  it('met the list faults together with the others', () => {
    expect(tally.faults.shift ?? 0).toBeGreaterThan(100);
    expect(tally.faults.totalcount ?? 0).toBeGreaterThan(100);
  });
});
