import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';

// Exact API call counts for the commands and software tables, from the simulator's request log.
describe('API calls for commands and software apps', () => {
  let demo: DemoEngine;
  beforeAll(async () => {
    demo = await openDemoEngine({ cache: false });
  });
  afterAll(() => demo?.close());
  beforeEach(() => demo.simulator.resetStats());

  const calls = () => demo.simulator.stats().byRoute;
  const org = () => demo.simulator.data.orgs[0]!;
  /** A command with results (the first), and the org's counts. */
  const ranCommand = () =>
    org().commands.find((c) => org().commandResults.some((r) => r.workflowId === c._id))!;

  it('lists commands in one request, asking only for the columns read', async () => {
    const rows = await demo.query('select id, name, command_type from jumpcloud_command');
    expect(rows).toHaveLength(org().commands.length);
    expect(calls()).toEqual({ 'GET /api/commands': 1 });
    const url = new URL(demo.simulator.requestLog().at(-1)!.url, 'http://x');
    expect(url.searchParams.get('fields')).toBe('_id name commandType');
  });

  it('reads one command by id with one GET, its user and script included', async () => {
    const command = org().commands[1]!;
    const rows = await demo.query(
      `select name, user_id, command, timeout from jumpcloud_command where id = '${command._id}'`,
    );
    expect(rows).toEqual([
      {
        name: command.name,
        user_id: command.user,
        command: command.command,
        timeout: Number(command.timeout),
      },
    ]);
    expect(calls()).toEqual({ 'GET /api/commands/{id}': 1 });
  });

  it('sends command_type and name as v1 filters', async () => {
    const rows = await demo.query(
      "select name from jumpcloud_command where command_type = 'windows' and name = 'Report BitLocker status'",
    );
    expect(rows).toEqual([{ name: 'Report BitLocker status' }]);
    expect(calls()).toEqual({ 'GET /api/commands': 1 });
    const url = new URL(demo.simulator.requestLog().at(-1)!.url, 'http://x');
    const filters = [...url.searchParams]
      .filter(([key]) => key.startsWith('filter'))
      .map(([, value]) => value);
    expect(filters.sort()).toEqual(['commandType:$eq:windows', 'name:$eq:Report BitLocker status']);
  });

  it("reads each command's script (one GET each) and devices (one traversal each) only when selected", async () => {
    const n = org().commands.length;
    await demo.query('select name, command, device_count from jumpcloud_command');
    expect(calls()).toEqual({
      'GET /api/commands': 1,
      'GET /api/commands/{id}': n,
      'GET /api/v2/commands/{command_id}/systems': n,
    });
  });

  it('lists every command result in one request (fewer than 100) without reading output', async () => {
    const rows = await demo.query('select id, command_id, exit_code from jumpcloud_command_result');
    expect(rows).toHaveLength(org().commandResults.length);
    expect(calls()).toEqual({ 'GET /api/commandresults': 1 });
  });

  it('reads the whole error with one GET per listed result (a WHERE on exit_code is applied after)', async () => {
    const failed = org().commandResults.filter((r) => r.response.data.exitCode !== 0);
    const rows = await demo.query(
      'select id, error from jumpcloud_command_result where exit_code <> 0 order by id',
    );
    expect(rows).toEqual(failed.map((r) => ({ id: r._id, error: r.response.error })));
    expect(calls()).toEqual({
      'GET /api/commandresults': 1,
      'GET /api/commandresults/{id}': org().commandResults.length,
    });
  });

  it("pushes command_id down: one command's results, whole, in one request", async () => {
    const command = ranCommand();
    const expected = org().commandResults.filter((r) => r.workflowId === command._id);
    const rows = await demo.query(
      `select id, output from jumpcloud_command_result where command_id = '${command._id}' order by id`,
    );
    expect(rows).toEqual(expected.map((r) => ({ id: r._id, output: r.response.data.output || null })));
    expect(calls()).toEqual({ 'GET /api/commands/{id}/results': 1 });
  });

  it('reads one command result by id with one GET', async () => {
    const result = org().commandResults[3]!;
    const rows = await demo.query(
      `select device_id, output from jumpcloud_command_result where id = '${result._id}'`,
    );
    expect(rows).toEqual([{ device_id: result.systemId, output: result.response.data.output || null }]);
    expect(calls()).toEqual({ 'GET /api/commandresults/{id}': 1 });
  });

  it('a full scan of command targets: the command list and one traversal per command', async () => {
    const rows = await demo.query('select command_name, device_id from jumpcloud_command_target');
    expect(rows.length).toBeGreaterThan(0);
    expect(calls()).toEqual({
      'GET /api/commands': 1,
      'GET /api/v2/commands/{command_id}/systems': org().commands.length,
    });
  });

  it('lists software apps in one request and reads one by id with one GET', async () => {
    expect(await demo.query('select display_name from jumpcloud_software_app')).toHaveLength(
      org().softwareApps.length,
    );
    expect(calls()).toEqual({ 'GET /api/v2/softwareapps': 1 });
    demo.simulator.resetStats();
    const app = org().softwareApps[2]!;
    const rows = await demo.query(`select display_name from jumpcloud_software_app where id = '${app.id}'`);
    expect(rows).toEqual([{ display_name: app.displayName }]);
    expect(calls()).toEqual({ 'GET /api/v2/softwareapps/{id}': 1 });
  });

  it("reads one device's app statuses, with the apps' names, in one request", async () => {
    const status = org().softwareAppStatuses[0]!;
    const expected = org().softwareAppStatuses.filter((s) => s.systemId === status.systemId);
    const rows = await demo.query(
      `select software_app_name, state from jumpcloud_software_app_status where device_id = '${status.systemId}'`,
    );
    expect(rows).toHaveLength(expected.length);
    expect(rows.every((row) => typeof row.software_app_name === 'string')).toBe(true);
    expect(calls()).toEqual({ 'GET /api/v2/systems/{system_id}/softwareappstatuses': 1 });
  });

  it("reads one app's statuses in one request, and its name with one GET", async () => {
    const app = org().softwareApps[0]!;
    const rows = await demo.query(
      `select software_app_name, device_id from jumpcloud_software_app_status where software_app_id = '${app.id}'`,
    );
    expect(rows).toHaveLength(org().softwareAppStatuses.filter((s) => s.softwareAppId === app.id).length);
    expect(new Set(rows.map((row) => row.software_app_name))).toEqual(new Set([app.displayName]));
    expect(calls()).toEqual({
      'GET /api/v2/softwareapps/{software_app_id}/statuses': 1,
      'GET /api/v2/softwareapps/{id}': 1,
    });
  });

  it('a full status scan: the app list and one request per app', async () => {
    const rows = await demo.query(
      'select software_app_name, device_id, state from jumpcloud_software_app_status',
    );
    expect(rows).toHaveLength(org().softwareAppStatuses.length);
    expect(calls()).toEqual({
      'GET /api/v2/softwareapps': 1,
      'GET /api/v2/softwareapps/{software_app_id}/statuses': org().softwareApps.length,
    });
  });
});
