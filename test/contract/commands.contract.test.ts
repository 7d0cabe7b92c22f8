/**
 * Contract: the commands (v1) and software apps (v2) the simulator serves conform to the official
 * specs: every list window, every object by id, every command's results and devices, every app's
 * statuses and every device's apps with statuses; and the world is consistent (a command's results
 * are on devices of its OS, an app's statuses on devices of its OS, the list shows what the spec
 * says it shows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  expectConforms,
  type Inventory,
  idOf,
  itemsOf,
  listAll,
  mapLimit,
  type Obj,
  openDemoFixture,
  ROUTES,
  type Simulator,
} from './harness.js';

let sim: Simulator;
let inv: Inventory;
beforeAll(async () => ({ sim, inv } = await openDemoFixture()));
afterAll(() => sim?.close());

const OS_OF_COMMAND: Record<string, string> = { linux: 'linux', mac: 'darwin', windows: 'windows' };
const familyOf = (systemId: unknown) => inv.system.find((s) => s._id === systemId)?.osFamily;

describe('v1 commands', () => {
  it('every page window of /commands and /commandresults conforms, with the true totalCount', async () => {
    for (const [route, kind] of [
      [ROUTES.commands, 'command'],
      [ROUTES.commandResults, 'commandResult'],
    ] as const) {
      const total = inv[kind].length;
      expect(total).toBeGreaterThan(5);
      for (const query of [{}, { limit: 1 }, { limit: 5, skip: 3 }, { limit: 100 }, { skip: total + 5 }]) {
        const res = await call(sim, route, { query });
        expectConforms(route, res);
        expect((res.body as Obj).totalCount).toBe(total);
      }
    }
  });

  it('filters commands by name and commandType, and returns only the asked fields', async () => {
    const first = inv.command[0]!;
    const byName = await call(sim, ROUTES.commands, { query: { filter: `name:$eq:${first.name}` } });
    expectConforms(ROUTES.commands, byName);
    expect(itemsOf(byName.body).map(idOf)).toEqual([idOf(first)]);
    const windows = await call(sim, ROUTES.commands, { query: { filter: 'commandType:$eq:windows' } });
    expectConforms(ROUTES.commands, windows);
    const types = itemsOf(windows.body).map((c) => c.commandType);
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['windows']));
    const fields = await call(sim, ROUTES.commands, { query: { fields: 'name launchType' } });
    expect(Object.keys(itemsOf(fields.body)[0]!).sort()).toEqual(['_id', 'launchType', 'name']);
  });

  it('every command by id conforms, and shows what the list leaves out (user, timeout, shell)', async () => {
    const bodies = await mapLimit(inv.command, 8, async (listed) => {
      const res = await call(sim, ROUTES.command, { id: idOf(listed) });
      expectConforms(ROUTES.command, res);
      const body = res.body as Obj;
      expect(body).toMatchObject(listed);
      return body;
    });
    for (const key of ['user', 'timeout', 'shell', 'sudo'])
      expect(
        inv.command.every((c) => !(key in c)),
        `the list has no ${key}`,
      ).toBe(true);
    expect(bodies.every((b) => typeof b.user === 'string' && typeof b.shell === 'string')).toBe(true);
    expect(new Set(bodies.map((b) => b.launchType))).toEqual(
      new Set(['manual', 'repeated', 'trigger', 'one-time']),
    );
    expect(bodies.filter((b) => b.commandType === 'windows').every((b) => b.shell === 'powershell')).toBe(
      true,
    );
  });

  it("every command's results and devices conform; results are on devices of the command's OS", async () => {
    let never = 0;
    await mapLimit(inv.command, 4, async (command) => {
      const results = await listAll(sim, ROUTES.commandResultsOfCommand, { id: idOf(command) });
      const systems = await listAll(sim, ROUTES.commandSystems, { id: idOf(command) });
      if (results.length === 0) never++;
      const family = OS_OF_COMMAND[String(command.commandType)];
      for (const system of systems) expect(familyOf(system.id)).toBe(family);
      const reached = new Set(systems.map((s) => s.id));
      for (const result of results) {
        expect(result.workflowId).toBe(idOf(command));
        expect(reached.has(result.systemId), 'a result is on a device the command reaches').toBe(true);
      }
    });
    expect(never, 'a command that never ran').toBeGreaterThan(0);
  });

  it('every command result by id conforms; the list truncates output and error to 40 characters', async () => {
    const bodies = await mapLimit(inv.commandResult, 8, async (listed) => {
      const res = await call(sim, ROUTES.commandResult, { id: idOf(listed) });
      expectConforms(ROUTES.commandResult, res);
      const body = res.body as Obj & {
        response: { data: { output: string; exitCode: number }; error: string };
      };
      const item = listed as typeof body;
      expect(item.response.data.output).toBe(body.response.data.output.slice(0, 40));
      expect(item.response.error).toBe(body.response.error.slice(0, 40));
      expect(listed.exitCode).toBe(body.response.data.exitCode);
      return body;
    });
    const failed = bodies.filter((b) => b.response.data.exitCode !== 0);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((b) => b.response.error.length > 0)).toBe(true);
    expect(
      bodies.some((b) => b.response.data.output.length > 40),
      'some output is longer than the list shows',
    ).toBe(true);
  });
});

describe('v2 software apps', () => {
  it('every page window of /softwareapps conforms; a filter on displayName', async () => {
    expect(inv.softwareApp.length).toBeGreaterThan(3);
    for (const query of [{}, { limit: 1 }, { limit: 2, skip: 1 }, { limit: 100 }]) {
      expectConforms(ROUTES.softwareApps, await call(sim, ROUTES.softwareApps, { query }));
    }
    const first = inv.softwareApp[0]!;
    const res = await call(sim, ROUTES.softwareApps, {
      query: { filter: `displayName:eq:${first.displayName}` },
    });
    expectConforms(ROUTES.softwareApps, res);
    expect(itemsOf(res.body).map(idOf)).toEqual([idOf(first)]);
  });

  it('every app by id conforms; the get adds the VPP configuration the list leaves out', async () => {
    await mapLimit(inv.softwareApp, 4, async (listed) => {
      const res = await call(sim, ROUTES.softwareApp, { id: idOf(listed) });
      expectConforms(ROUTES.softwareApp, res);
      const body = res.body as Obj & { settings: Obj[] };
      const listedSettings = (listed.settings as Obj[])[0]!;
      const vpp = body.settings[0]!.appleVpp as Obj | undefined;
      if (vpp) {
        expect('appConfiguration' in vpp).toBe(true);
        expect('appConfiguration' in (listedSettings.appleVpp as Obj)).toBe(false);
      } else expect(body).toEqual(listed);
    });
  });

  it("every app's statuses conform and are on devices of the app's OS; some failed, some pending", async () => {
    const states = new Set<unknown>();
    let empty = 0;
    await mapLimit(inv.softwareApp, 4, async (app) => {
      const statuses = await listAll(sim, ROUTES.softwareAppStatuses, { id: idOf(app) });
      if (statuses.length === 0) empty++;
      const settings = (app.settings as Obj[])[0]!;
      const family = settings.packageManager === 'APPLE_VPP' ? 'darwin' : 'windows';
      for (const status of statuses) {
        states.add(status.state);
        expect(status.softwareAppId).toBe(idOf(app));
        expect(familyOf(status.systemId)).toBe(family);
        if (status.state === 'FAILED') expect(String(status.details)).not.toBe('');
      }
    });
    expect(empty, 'an app bound to nothing has no statuses').toBeGreaterThan(0);
    expect([...states]).toEqual(expect.arrayContaining(['INSTALLED', 'FAILED']));
  });

  it("every device's apps with statuses conform and agree with the apps' statuses", async () => {
    const all = (
      await mapLimit(inv.softwareApp, 4, (app) => listAll(sim, ROUTES.softwareAppStatuses, { id: idOf(app) }))
    ).flat();
    const perDevice = await mapLimit(inv.system, 8, async (system) => {
      const rows = await listAll(sim, ROUTES.systemSoftwareAppStatuses, { id: idOf(system) });
      for (const row of rows) expect((row.app as Obj).id).toBe((row.status as Obj).softwareAppId);
      return rows.map((row) => row.status as Obj);
    });
    expect(perDevice.flat().map(idOf).sort()).toEqual(all.map(idOf).sort());
    expect(
      perDevice.some((rows) => rows.length === 0),
      'a Linux device has no apps',
    ).toBe(true);
  });
});
