import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_DEFAULTS } from '../../src/config/index.js';
import { connectOne } from '../../src/connect/index.js';
import { PostgresEngine } from '../../src/engines/postgres/postgres-engine.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { tables } from '../../src/tables/index.js';
import { TEST_RETRY, testHome } from '../helpers/engine.js';

/** A Postgres engine on a connection with an API key and no org_id (config or env). */
async function openWithoutOrgId(simulator: RunningSimulator) {
  const connections = connectOne(
    {
      name: 'keyonly',
      apiKey: simulator.apiKey,
      orgId: undefined,
      orgIdFromConfig: false,
      region: 'us',
      apiUrl: simulator.url,
      maxConcurrency: BUILT_IN_DEFAULTS.maxConcurrency,
      cacheTtlSeconds: BUILT_IN_DEFAULTS.cacheTtlSeconds,
      cache: false,
      source: undefined,
    },
    { client: { retry: TEST_RETRY } },
  );
  const engine = await PostgresEngine.open({ tables, connections, home: testHome() });
  const query = async (sql: string) => {
    const [plan] = engine.plan(sql);
    const { result } = await engine.runStatement(plan!);
    return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
  };
  return { engine, query };
}

const withOrganizationId = tables.filter((table) => table.columns.some((c) => c.name === 'organization_id'));
const ORGANIZATIONS = 'GET /api/organizations';

describe('organization_id without a configured org_id, for a key of one organization', () => {
  let simulator: RunningSimulator;
  let db: Awaited<ReturnType<typeof openWithoutOrgId>>;
  let orgId: string;
  beforeAll(async () => {
    simulator = await startSimulator({ orgs: 1, users: 30, devices: 30 });
    orgId = simulator.orgIds[0]!;
    db = await openWithoutOrgId(simulator);
  });
  afterAll(async () => {
    await db?.engine.close();
    await simulator?.close();
  });
  beforeEach(() => simulator.resetStats());

  it.each(withOrganizationId.map((table) => table.name))('%s: every row has the org', async (name) => {
    const rows = await db.query(`select distinct organization_id from ${name}`);
    expect(rows).toEqual([{ organization_id: orgId }]);
  });

  it("reads it from the row's own organization field: no request to /api/organizations", async () => {
    const fresh = await openWithoutOrgId(simulator);
    try {
      expect(await fresh.query('select distinct organization_id from jumpcloud_user')).toEqual([
        { organization_id: orgId },
      ]);
      await fresh.query('select organization_id from jumpcloud_application');
      expect(simulator.stats().byRoute[ORGANIZATIONS]).toBeUndefined();
    } finally {
      await fresh.engine.close();
    }
  });

  it('asks /api/organizations once for the key, whatever the tables and rows', async () => {
    const fresh = await openWithoutOrgId(simulator);
    try {
      simulator.resetStats();
      await fresh.query('select organization_id from jumpcloud_user_group');
      await fresh.query('select organization_id from jumpcloud_device_group');
      await fresh.query('select organization_id from jumpcloud_device_macos_app');
      expect(simulator.stats().byRoute[ORGANIZATIONS]).toBe(1);
    } finally {
      await fresh.engine.close();
    }
  });

  it('selects rows with `where organization_id = …`, and none for another org', async () => {
    const groups = simulator.data.orgs[0]!.userGroups.length;
    expect(
      await db.query(`select id from jumpcloud_user_group where organization_id = '${orgId}'`),
    ).toHaveLength(groups);
    expect(await db.query(`select id from jumpcloud_user where organization_id = '${orgId}'`)).toHaveLength(
      simulator.data.orgs[0]!.users.length,
    );
    simulator.resetStats();
    expect(
      await db.query(
        `select id from jumpcloud_user_group where organization_id = '000000000000000000000000'`,
      ),
    ).toEqual([]);
    // The key's org is known by now: the other org's query reads nothing.
    expect(simulator.stats().byRoute).toEqual({});
  });
});

describe('organization_id without a configured org_id, for a key of several organizations', () => {
  let simulator: RunningSimulator;
  let db: Awaited<ReturnType<typeof openWithoutOrgId>>;
  beforeAll(async () => {
    simulator = await startSimulator({ orgs: 2, users: 20, devices: 6 });
    db = await openWithoutOrgId(simulator);
  });
  afterAll(async () => {
    await db?.engine.close();
    await simulator?.close();
  });

  it("keeps a row's own organization, and leaves the others NULL (the key does not say which)", async () => {
    expect(await db.query('select distinct organization_id from jumpcloud_user')).toEqual([
      { organization_id: simulator.orgIds[0] },
    ]);
    expect(await db.query('select distinct organization_id from jumpcloud_user_group')).toEqual([
      { organization_id: null },
    ]);
    expect(
      (await db.query('select id, organization_id from jumpcloud_organization')).every(
        (row) => row.id === row.organization_id,
      ),
    ).toBe(true);
  });
});
