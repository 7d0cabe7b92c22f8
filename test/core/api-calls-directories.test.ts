import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';

/**
 * The requests the client's chained v2 paging makes for a list of `n` items: 100 a page, each page
 * after the first starting on the last item taken, until a short page.
 */
function chainedPages(n: number): number {
  let requests = 0;
  for (let position = 0; ; ) {
    const skip = position === 0 ? 0 : position - 1;
    const page = Math.max(0, Math.min(100, n - skip));
    requests++;
    position = skip + page;
    if (page < 100) return requests;
  }
}

// Exact API call counts, read from the simulator's own request log (not from the client).
describe('API calls for directories, authentication policies, IP lists and Apple MDM', () => {
  let demo: DemoEngine;
  beforeAll(async () => {
    // 400 devices: about 140 Macs managed by the MDM, so its device list takes more than one page.
    demo = await openDemoEngine({ simulator: { users: 50, devices: 400, groups: 12 }, cache: false });
  });
  afterAll(() => demo?.close());
  beforeEach(() => demo.simulator.resetStats());

  const calls = () => demo.simulator.stats().byRoute;
  const org = () => demo.simulator.data.orgs[0]!;
  const mdmDevices = () => {
    const [mdm] = org().identity.appleMdms;
    return { mdm: mdm!, devices: org().identity.mdmDevices.get(mdm!.id)! };
  };

  it('lists the directories in one request, with no detail call unless a detail column is selected', async () => {
    const rows = await demo.query('select id, name, type, default_domain from jumpcloud_directory');
    expect(rows.map((row) => row.type).sort()).toEqual(['active_directory', 'g_suite', 'office_365']);
    expect(calls()).toEqual({ 'GET /api/v2/directories': 1 });
  });

  it("reads each directory's details from its kind's get, one call per row", async () => {
    const rows = await demo.query(
      'select type, groups_enabled, user_lockout_action from jumpcloud_directory order by type',
    );
    expect(rows).toEqual([
      { type: 'active_directory', groups_enabled: true, user_lockout_action: null },
      { type: 'g_suite', groups_enabled: true, user_lockout_action: 'suspend' },
      { type: 'office_365', groups_enabled: false, user_lockout_action: 'maintain' },
    ]);
    expect(calls()).toEqual({
      'GET /api/v2/directories': 1,
      'GET /api/v2/gsuites/{id}': 1,
      'GET /api/v2/office365s/{office365_id}': 1,
      'GET /api/v2/activedirectories/{id}': 1,
    });
  });

  it.each([
    ['jumpcloud_active_directory', 'activeDirectories', 'GET /api/v2/activedirectories/{id}'],
    ['jumpcloud_authentication_policy', 'authnPolicies', 'GET /api/v2/authn/policies/{id}'],
    ['jumpcloud_ip_list', 'ipLists', 'GET /api/v2/iplists/{id}'],
  ] as const)(
    '%s: one get by id is one request; an unknown id one request and no row',
    async (table, key, route) => {
      const object = org().identity[key].at(-1)!;
      expect(await demo.query(`select id from ${table} where id = '${object.id}'`)).toEqual([
        { id: object.id },
      ]);
      expect(calls()).toEqual({ [route]: 1 });
      demo.simulator.resetStats();
      expect(await demo.query(`select id from ${table} where id = 'ffffffffffffffffffffffff'`)).toEqual([]);
      expect(calls()).toEqual({ [route]: 1 });
    },
  );

  it.each([
    ['jumpcloud_active_directory', 'GET /api/v2/activedirectories'],
    ['jumpcloud_authentication_policy', 'GET /api/v2/authn/policies'],
    ['jumpcloud_ip_list', 'GET /api/v2/iplists'],
    ['jumpcloud_apple_mdm', 'GET /api/v2/applemdms'],
  ] as const)('%s: a full scan is one request', async (table, route) => {
    const rows = await demo.query(`select * from ${table}`);
    expect(rows.length).toBeGreaterThan(0);
    expect(calls()).toEqual({ [route]: 1 });
  });

  it("mdm devices: a full scan lists the MDMs, then each one's device pages", async () => {
    const { devices } = mdmDevices();
    expect(devices.length).toBeGreaterThan(100);
    const rows = await demo.query('select id, apple_mdm_id from jumpcloud_mdm_device');
    expect(rows).toHaveLength(devices.length);
    expect(calls()).toEqual({
      'GET /api/v2/applemdms': 1,
      'GET /api/v2/applemdms/{apple_mdm_id}/devices': chainedPages(devices.length),
    });
  });

  it('mdm devices of one MDM: only its device pages', async () => {
    const { mdm, devices } = mdmDevices();
    const rows = await demo.query(
      `select count(*) as n from jumpcloud_mdm_device where apple_mdm_id = '${mdm.id}'`,
    );
    expect(rows).toEqual([{ n: devices.length }]);
    expect(calls()).toEqual({ 'GET /api/v2/applemdms/{apple_mdm_id}/devices': chainedPages(devices.length) });
  });

  it('one device of one MDM by id: one request, the id sent as a filter', async () => {
    const { mdm, devices } = mdmDevices();
    const device = devices[37]!;
    const rows = await demo.query(
      `select serial_number from jumpcloud_mdm_device where apple_mdm_id = '${mdm.id}' and id = '${device.id}'`,
    );
    expect(rows).toEqual([{ serial_number: device.serialNumber }]);
    expect(calls()).toEqual({ 'GET /api/v2/applemdms/{apple_mdm_id}/devices': 1 });
    const url = new URL(demo.simulator.requestLog().at(-1)!.url, 'http://x');
    expect(url.searchParams.getAll('filter')).toEqual([`id:eq:${device.id}`]);
  });

  it('a serial number without the MDM: the MDMs, then one filtered request per MDM', async () => {
    const { devices } = mdmDevices();
    const device = devices[5]!;
    const rows = await demo.query(
      `select id from jumpcloud_mdm_device where serial_number = '${device.serialNumber}'`,
    );
    expect(rows).toEqual([{ id: device.id }]);
    expect(calls()).toEqual({
      'GET /api/v2/applemdms': 1,
      'GET /api/v2/applemdms/{apple_mdm_id}/devices': 1,
    });
  });

  it('Macs not enrolled (a join): the MDMs listed once, their device pages at most once', async () => {
    const rows = await demo.query(
      `select d.serial_number from jumpcloud_device d left join jumpcloud_mdm_device m on m.serial_number = d.serial_number and m.enrolled
       where d.os = 'Mac OS X' and m.id is null`,
    );
    const managed = new Set(
      mdmDevices()
        .devices.filter((device) => device.enrolled)
        .map((device) => device.serialNumber),
    );
    const expected = org().systems.filter((s) => s.osFamily === 'darwin' && !managed.has(s.serialNumber));
    expect(rows.map((row) => row.serial_number).sort()).toEqual(expected.map((s) => s.serialNumber).sort());
    const byRoute = calls();
    expect(byRoute['GET /api/v2/applemdms']).toBe(1);
    expect(byRoute['GET /api/v2/applemdms/{apple_mdm_id}/devices']).toBeLessThanOrEqual(
      chainedPages(mdmDevices().devices.length),
    );
  });
});
