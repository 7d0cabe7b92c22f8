import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { jcsql } from '../helpers/cli.js';
import { writeConfig, writeTwoTenantConfig } from '../helpers/spc.js';

/** Two tenants of one MSP admin, and an aggregator over both, against one simulator. */
describe('connections and aggregators from .spc files', () => {
  let simulator: RunningSimulator;
  let configDir: string;
  beforeAll(async () => {
    simulator = await startSimulator({ orgs: 2 });
    configDir = writeTwoTenantConfig(simulator);
  });
  afterAll(() => simulator?.close());

  const query = (args: string[]) => jcsql(['query', '--config-dir', configDir, '--output', 'json', ...args]);
  const users = (org: number) => simulator.data.orgs[org]!.users.length;

  it('queries the connection chosen with --connection, with its organization_id', async () => {
    const run = await query([
      '--connection',
      'jc_second',
      'select count(*) as n, min(organization_id) as org from jumpcloud_user',
    ]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).rows).toEqual([{ n: users(1), org: simulator.orgIds[1] }]);
  });

  for (const engine of ['postgres', 'sqlite']) {
    it(`names a connection as a schema, as Steampipe does (${engine})`, async () => {
      const run = await query([
        '--engine',
        engine,
        `select (select count(*) from jc_second.jumpcloud_user) as second,
                (select min(sp_connection_name) from jc_second.jumpcloud_user) as name,
                (select count(*) from jc_all.jumpcloud_user) as every,
                (select count(*) from jumpcloud_user) as first`,
      ]);
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout).rows).toEqual([
        { second: users(1), name: 'jc_second', every: users(0) + users(1), first: users(0) },
      ]);
    });
  }

  it('uses the first connection when none is chosen', async () => {
    const run = await query(['select distinct sp_connection_name from jumpcloud_user']);
    expect(JSON.parse(run.stdout).rows).toEqual([{ sp_connection_name: 'jc_first' }]);
  });

  it('queries every member of an aggregator, each row naming its connection', async () => {
    const run = await query([
      '--connection',
      'jc_all',
      'select sp_connection_name, count(*) as n from jumpcloud_user group by 1 order by 1',
    ]);
    expect(JSON.parse(run.stdout).rows).toEqual([
      { sp_connection_name: 'jc_first', n: users(0) },
      { sp_connection_name: 'jc_second', n: users(1) },
    ]);
  });

  it('tells a default time window once for an aggregator, not once per member', async () => {
    const run = await query([
      '--connection',
      'jc_all',
      'select sp_connection_name, count(*) as n from jumpcloud_directory_event group by 1 order by 1',
    ]);
    expect(run.code).toBe(0);
    expect(
      JSON.parse(run.stdout).rows.map((row: { sp_connection_name: string }) => row.sp_connection_name),
    ).toEqual(['jc_first', 'jc_second']);
    const warnings = run.stderr.trim().split('\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/jumpcloud_directory_event: no lower bound on timestamp/);
  });

  it('skips the other connections’ API calls for a qual on sp_connection_name', async () => {
    simulator.resetStats();
    const run = await query([
      '--connection',
      'jc_all',
      "select count(*) as n from jumpcloud_device where sp_connection_name = 'jc_second'",
    ]);
    expect(JSON.parse(run.stdout).rows).toEqual([{ n: simulator.data.orgs[1]!.systems.length }]);
    expect(simulator.stats().byRoute).toEqual({ 'GET /api/systems': 1 });
  });

  it('lists the known connections for an unknown name', async () => {
    const run = await query(['--connection', 'jc_thrid', 'select 1']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^Error: .*jc_thrid.*jc_first/);
    expect(run.stderr).not.toContain(simulator.apiKey);
  });
});

describe('an aggregator whose members fail differently', () => {
  it('fails at the first error, not when a stalled member gives up', async () => {
    const refusing = await startSimulator();
    const stalled = await startSimulator({ faults: 'stall:1' });
    try {
      const dir = writeConfig(
        `connection "jc_refusing" {
  plugin  = "jumpcloud"
  api_key = "not-the-key"
  api_url = "${refusing.url}"
}
connection "jc_stalled" {
  plugin  = "jumpcloud"
  api_key = "${stalled.apiKey}"
  api_url = "${stalled.url}"
}
connection "jc_all" {
  type        = "aggregator"
  plugin      = "jumpcloud"
  connections = ["jc_*"]
}
`,
      );
      // The stalled member would hold the statement for 6 attempts of 30 s; the test's timeout
      // is far shorter, so waiting for it fails the test.
      const run = await jcsql([
        'query',
        '--config-dir',
        dir,
        '--connection',
        'jc_all',
        'select id from jumpcloud_user',
      ]);
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^Error: JumpCloud API GET \/api\/systemusers returned 401/);
      expect(stalled.stats().total).toBeGreaterThan(0);
    } finally {
      await refusing.close();
      await stalled.close();
    }
  }, 20_000);
});

describe('a connection without an API key', () => {
  it('does not stop queries of the others, and fails with one line when named', async () => {
    const simulator = await startSimulator();
    try {
      const dir = writeConfig(
        `connection "jc_keyed" {
  plugin  = "jumpcloud"
  api_key = "${simulator.apiKey}"
  api_url = "${simulator.url}"
}
connection "jc_keyless" {
  plugin  = "jumpcloud"
  api_url = "${simulator.url}"
}
`,
      );
      const env = { JUMPCLOUD_API_KEY: '' };
      const ok = await jcsql(
        ['query', '--config-dir', dir, '--output', 'csv', 'select count(*) as n from jumpcloud_user'],
        { env },
      );
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toBe(`n\n${simulator.data.orgs[0]!.users.length}\n`);
      const named = await jcsql(
        ['query', '--config-dir', dir, 'select count(*) from jc_keyless.jumpcloud_user'],
        { env },
      );
      expect(named.code).not.toBe(0);
      expect(named.stdout).toBe('');
      expect(named.stderr).toMatch(/^Error: No JumpCloud API key for connection 'jc_keyless'.*\n$/);
    } finally {
      await simulator.close();
    }
  });
});
