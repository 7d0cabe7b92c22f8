import {
  getsBound,
  hydratedV2Bound,
  INSIGHTS_MAX_LIMIT,
  joinBound,
  V2_MAX_LIMIT,
  v1ListBound,
  v2ListBound,
} from '../lower-bound.js';
import type { BenchOptions } from '../options.js';
import type { BenchCase } from '../scenario.js';
import type { Dataset } from '../simulator.js';
import { anchorPlan, apiCase } from './api.js';

/** The org of the lookup, hydrate and device cases: 1,000 users, 500 devices, 200 user groups. */
export const ORG: Dataset = { users: 1_000, devices: 500, groups: 200 };
/** Orgs that differ only in their user count (the default 30 devices and 12 groups). */
export const usersOrg = (users: number): Dataset => ({ users, devices: 30, groups: 12 });

const fmt = (n: number) => n.toLocaleString('en-US');
const quote = (id: string) => `'${id}'`;

/** 1. Full scans of users at several sizes. The anchor's 1,000 sequential requests per 10,000 users are scaled when too slow. */
function fullScans(options: BenchOptions): BenchCase[] {
  const sizes = options.quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  const anchorBase = options.quick ? 1_000 : 10_000;
  return sizes.map((users) => {
    const dataset = users === ORG.users ? ORG : usersOrg(users);
    const base = anchorBase === ORG.users ? ORG : usersOrg(anchorBase);
    return apiCase({
      scenario: 'full-scan',
      id: `full-scan-${users}`,
      label: `Full scan, ${fmt(users)} users`,
      dataset,
      sql: () => 'select * from jumpcloud_user',
      lowerBound: (_data, latency) => v1ListBound(users, latency),
      anchor: anchorPlan(options, dataset, users <= anchorBase, {
        dataset: base,
        scale: users / anchorBase,
        size: `${fmt(anchorBase)} users`,
      }),
    });
  });
}

/** 2. Gets: `id = …` and `id IN (10 ids)`. */
function lookups(): BenchCase[] {
  const measured = { dataset: ORG, scale: 1, size: '' };
  return [1, 10].map((count) =>
    apiCase({
      scenario: 'lookup',
      id: count === 1 ? 'lookup-id' : 'lookup-in-10',
      label: count === 1 ? 'User by `id = …`' : 'Users by `id IN (10 ids)`',
      dataset: ORG,
      sql: (data) => {
        const ids = data.users.slice(0, count).map((user) => quote(user._id));
        const where = count === 1 ? `id = ${ids[0]}` : `id in (${ids.join(', ')})`;
        return `select * from jumpcloud_user where ${where}`;
      },
      lowerBound: (_data, latency) => getsBound(count, latency),
      anchor: measured,
      notes: count === 1 ? [] : ['The anchor strategy sends the 10 gets one at a time.'],
    }),
  );
}

/** 3. A hydrate per row: `members` of 200 user groups (each a paged v2 list of its own). */
function hydrate(options: BenchOptions): BenchCase {
  const sampleGroups = options.quick ? 10 : 20;
  return apiCase({
    scenario: 'hydrate',
    id: 'hydrate-members-200',
    label: `\`members\` of ${ORG.groups} user groups`,
    dataset: ORG,
    sql: () => 'select id, name, members from jumpcloud_user_group',
    lowerBound: (data, latency) =>
      hydratedV2Bound(
        data.userGroups.length,
        data.userGroups.map((group) => data.userGroupMembers.get(group.id)?.length ?? 0),
        latency,
      ),
    anchor: anchorPlan(options, ORG, false, {
      dataset: { ...ORG, groups: sampleGroups },
      scale: ORG.groups / sampleGroups,
      size: `${sampleGroups} groups (same users; group sizes differ, so approximate)`,
    }),
  });
}

/** 4. A device software table over 500 devices, and the same for one device. */
function deviceSoftware(options: BenchOptions): BenchCase[] {
  const sampleDevices = 50;
  const table = 'jumpcloud_device_macos_app';
  const appsOf = (data: { apps: Array<{ system_id: string }> }, device: string) =>
    data.apps.filter((app) => app.system_id === device).length;
  return [
    apiCase({
      scenario: 'device-software',
      id: 'device-apps-500',
      label: `\`${table}\`, ${ORG.devices} devices`,
      dataset: ORG,
      sql: () => `select device_id, name, version from ${table}`,
      lowerBound: (data, latency) =>
        v2ListBound(data.apps.length, INSIGHTS_MAX_LIMIT, latency, 'one System Insights listing'),
      anchor: anchorPlan(options, ORG, !options.quick, {
        dataset: { ...ORG, devices: sampleDevices },
        scale: ORG.devices / sampleDevices,
        size: `${sampleDevices} devices`,
      }),
      notes: [
        'The anchor strategy lists every device (pages of 10), then each device’s apps (pages of 10, until an empty page).',
      ],
    }),
    apiCase({
      scenario: 'device-software',
      id: 'device-apps-one',
      label: `\`${table}\` where \`device_id = …\``,
      dataset: ORG,
      sql: (data) =>
        `select device_id, name, version from ${table} where device_id = ${quote(data.apps[0]!.system_id)}`,
      lowerBound: (data, latency) =>
        v2ListBound(
          appsOf(data, data.apps[0]!.system_id),
          INSIGHTS_MAX_LIMIT,
          latency,
          'one filtered listing',
        ),
      anchor: { dataset: ORG, scale: 1, size: '' },
      notes: ['The anchor has no get for devices: it still pages through all 500 devices to find the one.'],
    }),
  ];
}

/**
 * 5. Joins that push keys (docs/joins.md): one device's apps through a join on `d.id = …`, and one
 * user's devices through a join on `u.username = …`; jcsql's requests without pushdown beside them.
 */
function joins(): BenchCase[] {
  const table = 'jumpcloud_device_macos_app';
  const usersDataset = usersOrg(1_000);
  return [
    apiCase({
      scenario: 'join-pushdown',
      id: 'join-device-apps',
      label: `Device join \`${table}\` where \`d.id = …\``,
      dataset: ORG,
      sql: (data) =>
        `select d.display_name, a.name, a.version from jumpcloud_device d join ${table} a on a.device_id = d.id where d.id = ${quote(data.apps[0]!.system_id)}`,
      lowerBound: (data, latency) =>
        joinBound(
          [
            getsBound(1, latency),
            v2ListBound(
              data.apps.filter((app) => app.system_id === data.apps[0]!.system_id).length,
              INSIGHTS_MAX_LIMIT,
              latency,
              'one filtered apps listing',
            ),
          ],
          true,
          latency,
        ),
      anchor: { dataset: ORG, scale: 1, size: '' },
      withoutPushdown: true,
      notes: [
        'The device id reaches the apps table as a constant: both reads go at once.',
        'The anchor has no get for devices and walks every device for its apps.',
      ],
    }),
    apiCase({
      scenario: 'join-pushdown',
      id: 'join-user-devices',
      label: 'User join `jumpcloud_user_device` where `u.username = …`',
      dataset: usersDataset,
      sql: (data) =>
        `select u.username, ud.device_id, ud.direct from jumpcloud_user u join jumpcloud_user_device ud on ud.user_id = u.id where u.username = ${quote(data.users[0]!.username)}`,
      // The user's lookup (a filtered listing), then their traversal: the org's 30 devices fit one page.
      lowerBound: (_data, latency) =>
        joinBound(
          [
            { ...getsBound(1, latency), basis: 'the user by a filtered listing' },
            v2ListBound(usersDataset.devices, V2_MAX_LIMIT, latency, "the user's traversal"),
          ],
          false,
          latency,
        ),
      anchor: { dataset: usersDataset, scale: 1, size: '' },
      withoutPushdown: true,
      notes: ['Without pushdown, every device’s users are read (one traversal per device).'],
    }),
  ];
}

export const queryCases = (options: BenchOptions): BenchCase[] => [
  ...fullScans(options),
  ...lookups(),
  hydrate(options),
  ...deviceSoftware(options),
  ...joins(),
];
