import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../../src/simulator/index.js';
import { NOW } from './helpers.js';

// The demo org answers the questions the docs ask, with data a real org could hold.
describe('demo realism', () => {
  const org = generateDemoData({ now: NOW }).orgs[0]!;
  const infoOf = new Map(org.systemInfo.map((info) => [info.system_id, info]));

  it('has a user in no group and a group with no member', () => {
    const grouped = new Set([...org.userGroupMembers.values()].flat());
    expect(org.users.filter((user) => !grouped.has(user._id)).length).toBeGreaterThan(0);
    expect([...org.userGroupMembers.values()].some((members) => members.length === 0)).toBe(true);
  });

  it('has Apple silicon Macs with Apple CPUs and arm64 templates, and Intel Macs with Intel CPUs', () => {
    const macs = org.systems.filter((system) => system.osFamily === 'darwin');
    const arm = macs.filter((system) => system.arch === 'arm64');
    expect(arm.length).toBeGreaterThan(0);
    expect(arm.length).toBeLessThan(macs.length);
    for (const mac of macs) {
      const info = infoOf.get(mac._id);
      if (mac.arch === 'arm64') {
        expect(mac.templateName).toBe('macosx-darwin-arm64');
        if (info)
          expect([info.cpu_brand, info.cpu_type]).toEqual([expect.stringMatching(/^Apple M\d/), 'arm64e']);
      } else {
        expect(mac.templateName).toBe('macosx-darwin-x86_64');
        if (info)
          expect([info.cpu_brand, info.cpu_type]).toEqual([expect.stringMatching(/^Intel/), 'x86_64h']);
      }
    }
  });

  it("gives Windows devices Windows' CPU types, never a Mac's", () => {
    const windows = org.systems.filter((system) => system.osFamily === 'windows');
    expect(windows.length).toBeGreaterThan(0);
    for (const pc of windows) {
      const info = infoOf.get(pc._id);
      if (!info) continue;
      expect(info.cpu_type).toBe('x86_64');
      expect(info.cpu_brand).not.toMatch(/^Apple/);
      expect(info.hardware_model).not.toMatch(/^Mac/);
    }
  });

  it('has Mac apps opened within the last day (the docs ask for them)', () => {
    const dayAgo = (NOW - 24 * 3600 * 1000) / 1000;
    expect(org.apps.some((app) => (app.last_opened_time ?? -1) >= dayAgo)).toBe(true);
  });

  it('serves no device field the spec does not have', () => {
    for (const system of org.systems) {
      expect(system).not.toHaveProperty('systemToken');
      expect(system).not.toHaveProperty('usernameHashes');
    }
  });
});

describe('demo RADIUS servers', () => {
  const org = generateDemoData({ now: NOW }).orgs[0]!;
  it('are bound to the user group each one is for', () => {
    const groupName = new Map(org.userGroups.map((group) => [group.id, group.name]));
    const bound = Object.fromEntries(
      org.radiusServers.map((server) => [
        server.name,
        (org.radiusUserGroups.get(server._id) ?? []).map((id) => groupName.get(id)),
      ]),
    );
    expect(bound).toEqual({
      'Office Wi-Fi': ['Wi-Fi Users'],
      'Corporate VPN': ['VPN Users'],
      'Datacenter Switches': ['IT Admins'],
    });
  });
});
