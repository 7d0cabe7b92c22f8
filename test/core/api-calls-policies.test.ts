import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { latestResults } from '../../src/simulator/data/policies.js';
import type { OrgData } from '../../src/simulator/data/types.js';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';

/**
 * The requests a v2 list of `n` items takes: pages of 100, each after the first starting one item
 * early (on the last item taken), until a short page.
 */
function pagesFor(n: number): number {
  let pages = 1;
  while (n - 99 * (pages - 1) >= 100) pages++;
  return pages;
}

// Exact API call counts for the policy tables, read from the simulator's own request log.
describe('API calls of the policy tables', () => {
  let demo: DemoEngine;
  let org: OrgData;
  beforeAll(async () => {
    demo = await openDemoEngine({ cache: false });
    org = demo.simulator.data.orgs[0]!;
  });
  afterAll(() => demo?.close());
  beforeEach(() => demo.simulator.resetStats());

  const calls = () => demo.simulator.stats().byRoute;
  /** The filter parameters of the first request of the log. */
  const filters = () =>
    new URL(demo.simulator.requestLog()[0]!.url, 'http://x').searchParams.getAll('filter');
  const statuses = () => latestResults(org.policies.results);
  /** A device with statuses of several policies, one of them failed. */
  const failingDevice = () => {
    const failed = statuses().find((s) => s.state === 'failed')!;
    return org.systems.find((s) => s._id === failed.systemID)!;
  };

  it('reads one device’s statuses with one request', async () => {
    const device = failingDevice();
    const rows = await demo.query(
      `select policy_id, state from jumpcloud_policy_status where device_id = '${device._id}' order by policy_id`,
    );
    const expected = statuses()
      .filter((s) => s.systemID === device._id)
      .sort((a, b) => (a.policyID < b.policyID ? -1 : a.policyID > b.policyID ? 1 : 0));
    expect(rows).toEqual(expected.map((s) => ({ policy_id: s.policyID, state: s.state })));
    expect(rows.some((row) => row.state === 'failed')).toBe(true);
    expect(calls()).toEqual({ 'GET /api/v2/systems/{system_id}/policystatuses': 1 });
  });

  it('names the policies of one device’s statuses with one GET per policy', async () => {
    const device = failingDevice();
    const rows = await demo.query(
      `select policy_name from jumpcloud_policy_status where device_id = '${device._id}'`,
    );
    const policies = new Set(
      statuses()
        .filter((s) => s.systemID === device._id)
        .map((s) => s.policyID),
    );
    expect(rows).toHaveLength(policies.size);
    expect(calls()).toEqual({
      'GET /api/v2/systems/{system_id}/policystatuses': 1,
      'GET /api/v2/policies/{id}': policies.size,
    });
  });

  it('reads one policy’s statuses with one request', async () => {
    const policy = org.policies.policies[0]!;
    const rows = await demo.query(
      `select device_id, policy_name from jumpcloud_policy_status where policy_id = '${policy.id}'`,
    );
    expect(rows.length).toBe(statuses().filter((s) => s.policyID === policy.id).length);
    expect(rows.length).toBeGreaterThan(0);
    expect(calls()).toEqual({
      'GET /api/v2/policies/{policy_id}/policystatuses': 1,
      'GET /api/v2/policies/{id}': 1,
    });
  });

  it('scans every status with the policy listing and one request per policy, names included', async () => {
    const perPolicy = org.policies.policies.map((p) => statuses().filter((s) => s.policyID === p.id).length);
    expect(Math.max(...perPolicy)).toBeLessThan(100); // one page each
    const rows = await demo.query('select id, policy_name from jumpcloud_policy_status');
    expect(rows).toHaveLength(statuses().length);
    expect(rows.every((row) => typeof row.policy_name === 'string')).toBe(true);
    expect(calls()).toEqual({
      'GET /api/v2/policies': 1,
      'GET /api/v2/policies/{policy_id}/policystatuses': org.policies.policies.length,
    });
  });

  it('sends device_id on the result history as a filter on systemID: one request', async () => {
    const device = failingDevice();
    const rows = await demo.query(
      `select id, state from jumpcloud_policy_result where device_id = '${device._id}' order by id`,
    );
    const expected = org.policies.results.filter((r) => r.systemID === device._id);
    expect(rows).toEqual(expected.map((r) => ({ id: r.id, state: r.state })));
    expect(calls()).toEqual({ 'GET /api/v2/policyresults': 1 });
    expect(filters()).toContain(`systemID:eq:${device._id}`);
  });

  it('sends policy_id and state on the result history as two filters: one request', async () => {
    const policy = org.policies.policies[0]!;
    const rows = await demo.query(
      `select count(*)::int as n from jumpcloud_policy_result where policy_id = '${policy.id}' and state = 'failed'`,
    );
    const expected = org.policies.results.filter((r) => r.policyID === policy.id && r.state === 'failed');
    expect(rows).toEqual([{ n: expected.length }]);
    expect(calls()).toEqual({ 'GET /api/v2/policyresults': 1 });
    expect(filters()).toContain(`policyID:eq:${policy.id}`);
    expect(filters()).toContain('state:eq:failed');
  });

  it('scans the whole result history in pages of 100', async () => {
    const n = org.policies.results.length;
    expect(n).toBeGreaterThan(100);
    const rows = await demo.query('select id from jumpcloud_policy_result');
    expect(rows).toHaveLength(n);
    expect(calls()).toEqual({ 'GET /api/v2/policyresults': pagesFor(n) });
  });

  it('lists policies with their template in one request; config costs one GET per policy', async () => {
    const rows = await demo.query('select name, template_name, os_meta_family from jumpcloud_policy');
    expect(rows).toHaveLength(org.policies.policies.length);
    expect(calls()).toEqual({ 'GET /api/v2/policies': 1 });
    demo.simulator.resetStats();
    await demo.query('select name, config from jumpcloud_policy');
    expect(calls()).toEqual({
      'GET /api/v2/policies': 1,
      'GET /api/v2/policies/{id}': org.policies.policies.length,
    });
  });

  it('reads one policy with its config by id with one GET, and a name as a filter', async () => {
    const policy = org.policies.policies[2]!;
    const rows = await demo.query(
      `select name, notes, config from jumpcloud_policy where id = '${policy.id}'`,
    );
    expect(rows).toHaveLength(1);
    expect(calls()).toEqual({ 'GET /api/v2/policies/{id}': 1 });
    demo.simulator.resetStats();
    expect(await demo.query(`select id from jumpcloud_policy where name = '${policy.name}'`)).toEqual([
      { id: policy.id },
    ]);
    expect(calls()).toEqual({ 'GET /api/v2/policies': 1 });
    expect(filters()).toContain(`name:eq:${policy.name}`);
  });

  it('sends a template’s OS family as a filter', async () => {
    const rows = await demo.query(
      `select name from jumpcloud_policy_template where os_meta_family = 'windows'`,
    );
    expect(rows).toHaveLength(org.policies.templates.filter((t) => t.osMetaFamily === 'windows').length);
    expect(calls()).toEqual({ 'GET /api/v2/policytemplates': 1 });
    expect(filters()).toContain('osMetaFamily:eq:windows');
  });

  it('reads the policy groups’ members: one request per group, or one for a group_id', async () => {
    const groups = org.policies.groups;
    const rows = await demo.query('select group_name, policy_id from jumpcloud_policy_group_member');
    expect(rows).toHaveLength([...org.policies.groupMembers.values()].flat().length);
    expect(calls()).toEqual({
      'GET /api/v2/policygroups': 1,
      'GET /api/v2/policygroups/{group_id}/members': groups.length,
    });
    demo.simulator.resetStats();
    await demo.query(
      `select policy_id from jumpcloud_policy_group_member where group_id = '${groups[0]!.id}'`,
    );
    expect(calls()).toEqual({ 'GET /api/v2/policygroups/{group_id}/members': 1 });
  });

  it('reads the policies bound to one device with one request, every binding with one per policy', async () => {
    const device = failingDevice();
    const rows = await demo.query(
      `select policy_id from jumpcloud_policy_device where device_id = '${device._id}'`,
    );
    expect(rows.length).toBe(statuses().filter((s) => s.systemID === device._id).length);
    expect(calls()).toEqual({ 'GET /api/v2/systems/{system_id}/policies': 1 });
    demo.simulator.resetStats();
    const all = await demo.query('select policy_id, device_id from jumpcloud_policy_device');
    expect(all).toHaveLength(statuses().length);
    expect(calls()).toEqual({
      'GET /api/v2/policies': 1,
      'GET /api/v2/policies/{policy_id}/systems': org.policies.policies.length,
    });
  });
});
