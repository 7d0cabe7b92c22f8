/**
 * Contract: the directories, authentication policies, IP lists and Apple MDM routes conform to
 * jumpcloud-api-v2.yaml for every object of the demo org, and the objects agree with the rest of
 * the org (users, systems, groups, applications).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredProperties } from '../helpers/openapi.js';
import {
  call,
  expectConforms,
  expectError,
  type Inventory,
  idOf,
  listAll,
  mapLimit,
  type Obj,
  openDemoFixture,
  ROUTES,
  type Route,
  routeName,
  type Simulator,
  UNKNOWN_ID,
} from './harness.js';

let sim: Simulator;
let inv: Inventory;
beforeAll(async () => ({ sim, inv } = await openDemoFixture()));
afterAll(async () => sim?.close());

const undeclared = (bodies: Obj[], schema: string) => {
  const declared = declaredProperties('v2', schema);
  return [...new Set(bodies.flatMap((body) => Object.keys(body)))].filter((key) => !declared.has(key));
};

const LISTS: [Route, keyof Inventory, string][] = [
  [ROUTES.directories, 'directory', 'Directory'],
  [ROUTES.activeDirectories, 'activeDirectory', 'active-directory'],
  [ROUTES.authnPolicies, 'authnPolicy', 'AuthnPolicy'],
  [ROUTES.ipLists, 'ipList', 'IPList'],
  [ROUTES.appleMdms, 'appleMdm', 'AppleMDM'],
];

describe.each(LISTS.map(([r, k, s]) => [routeName(r), r, k, s] as const))(
  '%s',
  (_name, route, kind, schema) => {
    it('every page window conforms to the spec, with no field the schema lacks', async () => {
      const all = inv[kind];
      expect(all.length).toBeGreaterThan(0);
      for (const query of [{}, { limit: 1 }, { limit: 2, skip: 1 }, { limit: 100, skip: all.length }]) {
        expectConforms(route, await call(sim, route, { query }));
      }
      expect(undeclared(all, schema)).toEqual([]);
    });
  },
);

const GETS: [Route, keyof Inventory, string][] = [
  [ROUTES.activeDirectory, 'activeDirectory', 'active-directory'],
  [ROUTES.gsuite, 'gsuite', 'gsuite'],
  [ROUTES.office365, 'office365', 'office365'],
  [ROUTES.authnPolicy, 'authnPolicy', 'AuthnPolicy'],
  [ROUTES.ipList, 'ipList', 'IPList'],
];

describe.each(GETS.map(([r, k, s]) => [routeName(r), r, k, s] as const))(
  '%s',
  (_name, route, kind, schema) => {
    it('every object of the org conforms to the spec, with no field the schema lacks', async () => {
      expect(inv[kind].length).toBeGreaterThan(0);
      const bodies = await mapLimit(inv[kind], 8, async (object) => {
        const res = await call(sim, route, { id: idOf(object) });
        expectConforms(route, res);
        expect((res.body as Obj).id).toBe(idOf(object));
        return res.body as Obj;
      });
      expect(undeclared(bodies, schema)).toEqual([]);
    });
  },
);

describe(routeName(ROUTES.appleMdmDevices), () => {
  it('conforms for every MDM, all pages; every device get conforms and equals its list entry', async () => {
    for (const mdm of inv.appleMdm) {
      const devices = await listAll(sim, ROUTES.appleMdmDevices, { id: idOf(mdm) });
      expect(devices.length).toBeGreaterThan(0);
      for (const query of [{ limit: 1 }, { limit: 2, skip: 1 }, { limit: 100, skip: devices.length }])
        expectConforms(
          ROUTES.appleMdmDevices,
          await call(sim, ROUTES.appleMdmDevices, { id: idOf(mdm), query }),
        );
      const got = await mapLimit(devices, 8, async (device) => {
        const res = await call(sim, ROUTES.appleMdmDevice, { id: idOf(mdm), id2: idOf(device) });
        expectConforms(ROUTES.appleMdmDevice, res);
        return res.body as Obj;
      });
      expect(got).toEqual(devices);
      expect(undeclared(devices, 'apple-mdm-device')).toEqual([]);
    }
  });

  it('filters on the documented fields (enrolled, serialNumber)', async () => {
    const mdm = idOf(inv.appleMdm[0]!);
    const res = await call(sim, ROUTES.appleMdmDevices, { id: mdm, query: { filter: 'enrolled:eq:false' } });
    expectConforms(ROUTES.appleMdmDevices, res);
    const pending = res.body as Obj[];
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((device) => device.enrolled === false)).toBe(true);
    const serial = String(inv.mdmDevice[0]!.serialNumber);
    const one = await call(sim, ROUTES.appleMdmDevices, {
      id: mdm,
      query: { filter: `serialNumber:eq:${serial}` },
    });
    expect((one.body as Obj[]).map((device) => device.serialNumber)).toEqual([serial]);
  });

  it('404 for an unknown device of a known MDM', async () => {
    const res = await call(sim, ROUTES.appleMdmDevice, { id: idOf(inv.appleMdm[0]!), id2: UNKNOWN_ID });
    expectError(ROUTES.appleMdmDevice, res, 404);
  });
});

describe('consistent with the rest of the org', () => {
  it('/directories lists the Google Workspace, Microsoft 365 and Active Directory, filterable by organizationId', async () => {
    expect(inv.directory.map((d) => d.type).sort()).toEqual(['active_directory', 'g_suite', 'office_365']);
    const org = String(inv.directory[0]!.organizationId);
    expect(inv.organization.map(idOf)).toContain(org);
    const res = await call(sim, ROUTES.directories, { query: { filter: `organizationId:eq:${org}` } });
    expect((res.body as Obj[]).length).toBe(inv.directory.length);
    const none = await call(sim, ROUTES.directories, {
      query: { filter: `organizationId:eq:${UNKNOWN_ID}` },
    });
    expect(none.body).toEqual([]);
  });

  it("the Active Directory is the one AD-sourced users name, on their external DN's domain", () => {
    const [ad] = inv.activeDirectory;
    const named = inv.user.flatMap((u) => {
      const authority = u.delegatedAuthority as Obj | null;
      return authority ? [String(authority.id)] : [];
    });
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named)).toEqual(new Set([idOf(ad!)]));
    const dn = String(inv.user.find((u) => u.external_dn)!.external_dn).toLowerCase();
    expect(dn.replace(/^.*?,dc=/, '').replaceAll(',dc=', '.')).toBe(ad!.domain);
  });

  it('authentication policies name the org’s groups, users, applications and IP lists', () => {
    const ids = new Set([...inv.userGroup, ...inv.user, ...inv.application, ...inv.ipList].map(idOf));
    const named = JSON.stringify(inv.authnPolicy).match(/[0-9a-f]{24}/g) ?? [];
    const own = new Set(inv.authnPolicy.map(idOf));
    const foreign = named.filter((id) => !own.has(id) && !ids.has(id));
    expect(foreign).toEqual([]);
    expect(inv.authnPolicy.some((p) => p.disabled === true)).toBe(true);
    expect(inv.authnPolicy.some((p) => (p.effect as Obj).action === 'deny')).toBe(true);
  });

  it("the office IP range holds every RADIUS server's source IP", () => {
    const office = inv.ipList.find((list) => list.name === 'Office networks')!;
    expect(office.ips).toContain('203.0.113.0/24');
    for (const radius of inv.radius) expect(String(radius.networkSourceIp)).toMatch(/^203\.0\.113\./);
  });

  it("the MDM's enrolled devices are the org's MDM-managed Macs; one DEP Mac is not enrolled yet", () => {
    const macs = inv.system.filter((s) => s.osFamily === 'darwin');
    const managed = macs.filter((s) => (s.mdm as Obj).vendor === 'internal');
    const enrolled = inv.mdmDevice.filter((d) => d.enrolled === true);
    expect(enrolled.map((d) => d.serialNumber).sort()).toEqual(managed.map((s) => s.serialNumber).sort());
    for (const device of enrolled) {
      const system = managed.find((s) => s.serialNumber === device.serialNumber)!;
      expect(device.id).toBe(((system.mdm as Obj).internal as Obj).deviceId);
    }
    const pending = inv.mdmDevice.filter((d) => d.enrolled === false);
    expect(pending).toHaveLength(1);
    expect(pending[0]!.depRegistered).toBe(true);
    expect(inv.mdmDevice.some((d) => d.enrolled === true && d.depRegistered === true)).toBe(true);
    expect(macs.length).toBeGreaterThan(managed.length);
  });

  it("the MDM's APNs certificate expires within a month", () => {
    const expiry = Date.parse(String(inv.appleMdm[0]!.apnsCertExpiry));
    expect(expiry - Date.now()).toBeGreaterThan(0);
    expect(expiry - Date.now()).toBeLessThan(31 * 86_400_000);
  });
});
