import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { planRequests, type TableDef, undescribed } from '../../src/sdk/index.js';
import { tables } from '../../src/tables/index.js';
import { ASSOCIATION_SOURCES } from '../../src/tables/jumpcloud_association.js';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';

/**
 * `plan` (planRequests) against what the simulator then receives, for every table of the
 * registry: an exact plan names exactly the requests made, by endpoint and count; an estimate
 * names every endpoint called. The cache is off, so each
 * query makes its own requests.
 */
let demo: DemoEngine;
beforeAll(async () => {
  demo = await openDemoEngine({ cache: false });
});
afterAll(() => demo?.close());
beforeEach(() => demo.simulator.resetStats());

/** The planned requests by endpoint (those of more than zero requests). */
function planned(sql: string) {
  const [statement] = demo.engine.plan(sql);
  const plan = planRequests(statement!.scans, demo.connections);
  const byEndpoint: Record<string, number> = {};
  for (const scan of plan.scans)
    for (const request of scan.requests)
      if (request.count > 0)
        // A request to one of several endpoints (chosen by the row) names each: an estimate only.
        for (const endpoint of request.oneOf ?? [request.endpoint])
          byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + request.count;
  return { ...plan.total, byEndpoint };
}

/** Plans, runs, and holds the plan to the simulator's request log. */
async function expectPlanHolds(sql: string): Promise<{ exact: boolean; count: number }> {
  const plan = planned(sql);
  demo.simulator.resetStats();
  await demo.query(sql);
  const made = demo.simulator.stats().byRoute;
  if (plan.exact) expect(made, sql).toEqual(plan.byEndpoint);
  // An estimate names every endpoint called (a per-row call may turn out not to be needed).
  else expect(Object.keys(plan.byEndpoint), sql).toEqual(expect.arrayContaining(Object.keys(made)));
  return plan;
}

/** A column that costs no request of its own. */
const plainColumn = (table: TableDef) =>
  table.columns.find((column) => !column.hydrate && !column.connectionValue)!.name;

describe('plan, for every table of the registry', () => {
  it('describes where every table’s list, get and hydrates go', () => {
    expect(tables.filter((table) => undescribed(table).length > 0).map((table) => table.name)).toEqual([]);
  });

  for (const table of tables) {
    it(`${table.name}: a listing with a limit, and a full listing`, async () => {
      const column = plainColumn(table);
      const limited = await expectPlanHolds(`select ${column} from ${table.name} limit 1`);
      if (table.list.requests?.kind === 'list') expect(limited).toMatchObject({ exact: true, count: 1 });
      await expectPlanHolds(`select ${column} from ${table.name}`);
    });

    it(`${table.name}: every hydrate, for a few rows`, async () => {
      for (const column of table.columns.filter((candidate) => candidate.hydrate))
        await expectPlanHolds(`select ${column.name} from ${table.name} limit 3`);
    });

    it(`${table.name}: reads by key are exact; contradictions make none`, async () => {
      const column = plainColumn(table);
      if (table.get) {
        const key = table.get.keyColumn;
        const [row] = await demo.query(`select ${key} from ${table.name} limit 1`);
        const sql = `select ${column} from ${table.name} where ${key} in ('${row?.[key]}', 'no-such-key')`;
        expect(await expectPlanHolds(sql)).toMatchObject({ exact: true, count: 2 });
        for (const hydrated of table.columns.filter((candidate) => candidate.hydrate))
          await expectPlanHolds(`select ${hydrated.name} from ${table.name} where ${key} = '${row?.[key]}'`);
      }
      for (const key of table.list.keyColumns ?? []) {
        const value =
          table.columns.find((candidate) => candidate.name === key)?.type === 'bool'
            ? 'false'
            : "'no-such-parent'";
        await expectPlanHolds(`select ${column} from ${table.name} where ${key} = ${value}`);
      }
      const text = table.columns.find((candidate) => candidate.type === 'string' && !candidate.hydrate)!.name;
      const contradiction = `select ${text} from ${table.name} where ${text} = 'a' and ${text} = 'b'`;
      expect(await expectPlanHolds(contradiction)).toMatchObject({ exact: true, count: 0 });
    });
  }
});

/** Plans and runs: the requests made are the plan's, endpoint for endpoint and count for count. */
async function expectPlanMet(sql: string): Promise<{ exact: boolean; count: number }> {
  const plan = planned(sql);
  demo.simulator.resetStats();
  await demo.query(sql);
  expect(demo.simulator.stats().byRoute, sql).toEqual(plan.byEndpoint);
  return plan;
}

describe('plan, where a table reads a union of lists, a time window or per-key sub-lists', () => {
  it('jumpcloud_association: from_type picks the types read, from_id the objects', async () => {
    const [user] = await demo.query('select id from jumpcloud_user limit 1');
    const byId = `select to_id from jumpcloud_association where from_type = 'user' and from_id in ('${user?.id}', 'nope')`;
    expect(await expectPlanMet(byId)).toMatchObject({ exact: false, count: 2 });
    // Each type's associations of one object: one request per type.
    const everyType = planned(`select to_id from jumpcloud_association where from_id = '${user?.id}'`);
    expect(everyType.count).toBe(Object.keys(ASSOCIATION_SOURCES).length);
    await expectPlanHolds(`select to_id from jumpcloud_association where from_id = '${user?.id}'`);
    // One type, every object: its list, then each object's associations (as many as it lists).
    const groups = planned("select to_id from jumpcloud_association where from_type = 'user_group'");
    expect(Object.keys(groups.byEndpoint).sort()).toEqual([
      'GET /api/v2/usergroups',
      'GET /api/v2/usergroups/{group_id}/associations',
    ]);
    await expectPlanHolds("select to_id from jumpcloud_association where from_type = 'user_group'");
    expect(
      await expectPlanMet("select to_id from jumpcloud_association where from_type = 'nothing'"),
    ).toEqual(expect.objectContaining({ exact: true, count: 0 }));
  });

  it('jumpcloud_command_result: command_id reads each command’s results instead of the list', async () => {
    const [command] = await demo.query('select id from jumpcloud_command limit 1');
    const sql = `select exit_code from jumpcloud_command_result where command_id in ('${command?.id}', 'nope')`;
    expect(await expectPlanMet(sql)).toMatchObject({ exact: false, count: 2 });
    expect(planned(sql).byEndpoint).toEqual({ 'GET /api/commands/{id}/results': 2 });
  });

  it('jumpcloud_directory_event: one POST when the window holds events, none when it cannot', async () => {
    // The window's quals are not exact (the engine re-applies them), so no LIMIT is pushed: one
    // page is an estimate, met by the demo org's week of events.
    expect(
      await expectPlanMet(
        "select id from jumpcloud_directory_event where timestamp > now() - interval '7 days' limit 5",
      ),
    ).toEqual(
      expect.objectContaining({
        exact: false,
        count: 1,
        byEndpoint: { 'POST /insights/directory/v1/events': 1 },
      }),
    );
    expect(
      await expectPlanMet(
        "select id from jumpcloud_directory_event where timestamp > now() + interval '1 day'",
      ),
    ).toMatchObject({ exact: true, count: 0 });
    expect(
      await expectPlanMet(
        "select id from jumpcloud_directory_event where timestamp between now() - interval '2 days' and now() - interval '3 days'",
      ),
    ).toMatchObject({ exact: true, count: 0 });
  });

  it('jumpcloud_directory: a detail is one get per row, to the endpoint of the row’s kind', async () => {
    const plan = planned('select details from jumpcloud_directory');
    expect(Object.keys(plan.byEndpoint).sort()).toEqual([
      'GET /api/v2/activedirectories/{id}',
      'GET /api/v2/directories',
      'GET /api/v2/gsuites/{id}',
      'GET /api/v2/office365s/{office365_id}',
    ]);
    await expectPlanHolds('select details from jumpcloud_directory');
    const kinds = await demo.query(
      "select count(*) filter (where type in ('g_suite', 'office_365', 'active_directory')) as gets from jumpcloud_directory",
    );
    demo.simulator.resetStats();
    await demo.query('select details from jumpcloud_directory');
    const made = demo.simulator.stats();
    expect(made.total - 1).toBe(Number(kinds[0]?.gets));
  });
});

describe('plan, for joins that push keys (docs/joins.md)', () => {
  const org = () => demo.simulator.data.orgs[0]!;

  it('a constant reaches the other side: both reads are exact', async () => {
    const mac = org().systems.find((system) => system.os === 'Mac OS X')!;
    const sql = `select d.display_name, a.name from jumpcloud_device d join jumpcloud_device_macos_app a on a.device_id = d.id where d.id = '${mac._id}'`;
    const plan = await expectPlanHolds(sql);
    expect(plan).toMatchObject({ count: 2 });
    const [statement] = demo.engine.plan(sql);
    const apps = planRequests(statement!.scans, demo.connections).scans.find(
      (scan) => scan.table === 'jumpcloud_device_macos_app',
    )!;
    expect(apps.pushed).toEqual([`device_id = ${JSON.stringify([mac._id])}`]);
  });

  it('keys known only once the driver is read: an estimate that names where they come from', async () => {
    const user = org().users[0]!;
    const sql = `select ud.device_id from jumpcloud_user u join jumpcloud_user_device ud on ud.user_id = u.id where u.username = '${user.username}'`;
    const plan = await expectPlanHolds(sql);
    expect(plan.exact).toBe(false);
    const [statement] = demo.engine.plan(sql);
    const dependent = planRequests(statement!.scans, demo.connections).scans.find(
      (scan) => scan.table === 'jumpcloud_user_device',
    )!;
    expect(dependent).toMatchObject({ mode: 'fan-out', pushed: ['user_id = keys of jumpcloud_user.id'] });
    expect(dependent.requests).toEqual([
      expect.objectContaining({ endpoint: 'GET /api/v2/users/{user_id}/systems', count: 1, exact: false }),
    ]);
    expect(dependent.requests[0]!.basis).toContain('the id values of the jumpcloud_user rows read first');
  });
});
