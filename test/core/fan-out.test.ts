import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';

// Fan-out tables (src/tables/fan-out.ts) through jumpcloud_user_group_member: which parents'
// sub-lists a query reads, counted exactly from the simulator's request log.
describe('a fan-out table', () => {
  let demo: DemoEngine;
  beforeAll(async () => {
    demo = await openDemoEngine({ cache: false });
  });
  afterAll(() => demo?.close());
  beforeEach(() => demo.simulator.resetStats());

  const org = () => demo.simulator.data.orgs[0]!;
  const calls = () => demo.simulator.stats().byRoute;
  const MEMBERS = 'GET /api/v2/usergroups/{group_id}/members';
  /** The org's groups that have members, the busiest first. */
  const busiest = () =>
    [...org().userGroupMembers.entries()]
      .filter(([, members]) => members.length > 0)
      .sort((a, b) => b[1].length - a[1].length);

  it('reads every group, then each group’s members, for a full scan', async () => {
    const rows = await demo.query('select group_id, member_id from jumpcloud_user_group_member');
    const expected = [...org().userGroupMembers.entries()].flatMap(([group, members]) =>
      members.map((member) => ({ group_id: group, member_id: member })),
    );
    expect(sorted(rows)).toEqual(sorted(expected));
    expect(calls()).toEqual({ 'GET /api/v2/usergroups': 1, [MEMBERS]: org().userGroups.length });
  });

  it('reads only the groups an IN names, and the name of each once', async () => {
    const [[a, aMembers], [b, bMembers]] = busiest() as [[string, string[]], [string, string[]]];
    const rows = await demo.query(
      `select group_id, group_name, member_id from jumpcloud_user_group_member where group_id in ('${a}', '${b}', '')`,
    );
    expect(rows).toHaveLength(aMembers.length + bMembers.length);
    const names = new Map(org().userGroups.map((group) => [group.id, group.name]));
    for (const row of rows) expect(row.group_name).toBe(names.get(String(row.group_id)));
    expect(calls()).toEqual({ [MEMBERS]: 2, 'GET /api/v2/usergroups/{id}': 2 });
  });

  it('answers an unknown group with no row (its members list is a 404)', async () => {
    const rows = await demo.query(
      `select member_id from jumpcloud_user_group_member where group_id = 'ffffffffffffffffffffffff'`,
    );
    expect(rows).toEqual([]);
    expect(calls()).toEqual({ [MEMBERS]: 1 });
  });

  it('stops reading groups once a pushed LIMIT is met', async () => {
    const rows = await demo.query('select member_id from jumpcloud_user_group_member limit 1');
    expect(rows).toHaveLength(1);
    // The groups are read 10 at a time: the scan stops after the first batch, not after all.
    expect(calls()[MEMBERS]).toBeLessThanOrEqual(10);
    expect(calls()[MEMBERS]).toBeLessThan(org().userGroups.length);
  });

  it('filters the rows it reads by key on other columns before a LIMIT', async () => {
    const [[group, members]] = busiest() as [[string, string[]]];
    const rows = await demo.query(
      `select member_id from jumpcloud_user_group_member where group_id = '${group}' and member_id = '${members[1]}' limit 1`,
    );
    expect(rows).toEqual([{ member_id: members[1] }]);
  });
});

const sorted = (rows: ReadonlyArray<Record<string, unknown>>) =>
  rows.map((row) => `${row.group_id} ${row.member_id}`).sort();
