import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INSIGHT_TABLES } from '../../src/tables/insights/generated.js';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';

// Exact API call counts of the System Insights tables, from the simulator's own request log.
describe('System Insights API calls over 500 devices', () => {
  let demo: DemoEngine;
  beforeAll(async () => {
    demo = await openDemoEngine({ simulator: { users: 200, devices: 500, groups: 5 }, cache: false });
  });
  afterAll(() => demo?.close());
  beforeEach(() => demo.simulator.resetStats());

  const calls = () => demo.simulator.stats().byRoute;
  const org = () => demo.simulator.data.orgs[0]!;

  it('reads one device’s disk encryption with one request, filtered by system_id', async () => {
    const mac = org().systems.find((s) => s.osFamily === 'darwin' && s.systemInsights.state === 'enabled')!;
    const rows = await demo.query(
      `select encrypted from jumpcloud_device_disk_encryption where device_id = '${mac._id}'`,
    );
    expect(rows).toEqual([{ encrypted: mac.fde.active ? 1 : 0 }]);
    expect(calls()).toEqual({ 'GET /api/v2/systeminsights/disk_encryption': 1 });
    expect(demo.simulator.requestLog().at(-1)?.url).toContain(`filter=system_id%3Aeq%3A${mac._id}`);
  });

  it('reads two devices with one request, filtered by system_id in', async () => {
    const [a, b] = org()
      .systems.filter((s) => s.osFamily === 'windows')
      .slice(0, 2);
    await demo.query(
      `select device_id from jumpcloud_device_bitlocker_info where device_id in ('${a!._id}', '${b!._id}')`,
    );
    expect(calls()).toEqual({ 'GET /api/v2/systeminsights/bitlocker_info': 1 });
    expect(decodeURIComponent(demo.simulator.requestLog().at(-1)!.url)).toContain(
      `filter=system_id:in:${a!._id}|${b!._id}`,
    );
  });

  it('sends another field the API filters on as a filter', async () => {
    const rows = await demo.query(`select device_id from jumpcloud_device_alf where global_state = 0`);
    expect(rows.length).toBeGreaterThan(0);
    expect(calls()).toEqual({ 'GET /api/v2/systeminsights/alf': 1 });
    expect(decodeURIComponent(demo.simulator.requestLog().at(-1)!.url)).toContain('filter=global_state:eq:0');
  });

  it.each(INSIGHT_TABLES.map((table) => [table.name, table.api] as const))(
    'scans %s with one org-wide listing',
    async (name, api) => {
      const rows = await demo.query(`select count(*) as n from ${name}`);
      const expected = (api === 'system_info' ? org().systemInfo : org().insightTables[api]!).length;
      expect(Number(rows[0]!.n)).toBe(expected);
      expect(calls()).toEqual({ [`GET /api/v2/systeminsights/${api}`]: 1 });
      expect(demo.simulator.requestLog().at(-1)?.url).toContain('limit=10000');
    },
  );
});
