import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectColumns } from '../../src/engines/export/columns.js';
import { EXIT } from '../../src/errors.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { tables } from '../../src/tables/index.js';
import { jcsql } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/engine.js';
import { writeTwoTenantConfig } from '../helpers/spc.js';
import { exportedObjects, normaliseRows, parseCsv } from './normalise.js';

const FORMATS = ['csv', 'json', 'jsonl'] as const;

describe('jcsql export against a simulated org', () => {
  let simulator: RunningSimulator;
  let configDir: string;
  beforeAll(async () => {
    simulator = await startSimulator({ users: 1500 });
    configDir = makeTempDir('jcsql-export-cfg-');
  });
  afterAll(() => simulator?.close());

  const env = () => ({
    JCSQL_CONFIG_DIR: configDir,
    JUMPCLOUD_API_URL: simulator.url,
    JUMPCLOUD_API_KEY: simulator.apiKey,
  });
  const exportRun = (args: string[]) => jcsql(['export', ...args], { env: env() });
  /** What a table may say on stderr: the events table's notice of its default time window. */
  const notices = (table: string) =>
    table === 'jumpcloud_directory_event'
      ? /^Warning: jumpcloud_directory_event: no lower bound on timestamp, so only the 24 hours up to \S+ were read; .*\n$/
      : /^$/;
  const queryRows = async (sql: string, table = '') => {
    const run = await jcsql(['query', '--no-cache', '--output', 'json', sql], { env: env() });
    expect(run.stderr).toMatch(notices(table));
    return JSON.parse(run.stdout).rows as Array<Record<string, unknown>>;
  };

  // Every table's export is held to the SDK's rows by the conformance suite (conformance/export.test.ts);
  // here, through the CLI and against `jcsql query`, the plugin's tables and one of each kind of the
  // others (a fan-out, a traversal, a time window, a generated System Insights table). The traversal
  // is read from the few RADIUS servers' side: from every user's side it takes a minute of CI.
  const THROUGH_THE_CLI = new Set([
    'jumpcloud_user_group_member',
    'jumpcloud_user_radius_server',
    'jumpcloud_policy_status',
    'jumpcloud_directory_event',
    'jumpcloud_device_disk_encryption',
  ]);
  const PLUGIN_TABLES = new Set([
    'jumpcloud_application',
    'jumpcloud_device',
    'jumpcloud_device_group',
    'jumpcloud_device_linux_package',
    'jumpcloud_device_macos_app',
    'jumpcloud_device_windows_program',
    'jumpcloud_organization',
    'jumpcloud_radius_server',
    'jumpcloud_user',
    'jumpcloud_user_group',
  ]);
  for (const table of tables.filter((t) => PLUGIN_TABLES.has(t.name) || THROUGH_THE_CLI.has(t.name))) {
    it(`exports every row of ${table.name} as jcsql query returns it, in csv, json and jsonl`, async () => {
      const columns = selectColumns(table, undefined);
      const expected = await queryRows(
        `select ${columns.map((column) => column.name).join(', ')} from ${table.name}`,
        table.name,
      );
      expect(expected.length).toBeGreaterThan(0);
      for (const format of FORMATS) {
        const run = await exportRun([table.name, '--output', format]);
        expect(run.stderr).toMatch(notices(table.name));
        expect(run.code).toBe(0);
        const csv = format === 'csv';
        if (csv) expect(parseCsv(run.stdout)[0]).toEqual(columns.map((column) => column.name));
        expect(
          normaliseRows(exportedObjects(format, run.stdout), columns, csv ? 'csv-text' : 'json'),
        ).toEqual(normaliseRows(expected, columns, csv ? 'json-for-csv' : 'json'));
      }
    });
  }

  const conditions: Array<[string, string[]]> = [
    ['jumpcloud_user', ["username like 'a%'"]],
    ['jumpcloud_user', ["username < 'd'", 'activated = true']],
    ['jumpcloud_user', ["department in ('Sales', 'Engineering')", "email ilike '%EXAMPLE%'"]],
    ['jumpcloud_user', ["created >= '2022-06-01'", 'middle_name is null']],
    ['jumpcloud_user', ["username <> 'evelyn.hopper'", "job_title not like '%Engineer%'"]],
    ['jumpcloud_device', ["os_family = 'windows'", 'active = false']],
    ['jumpcloud_device', ['system_timezone > -300', 'remote_ip is not null']],
    ['jumpcloud_device', ['last_contact < 1800000000']],
  ];
  for (const [table, where] of conditions) {
    it(`selects what SQL selects in ${table} where ${where.join(' and ')}`, async () => {
      const sqlWhere = where.map((condition) =>
        condition.replace(/< (\d{10})$/, (_, seconds) => `< to_timestamp(${seconds})`),
      );
      const expected = await queryRows(`select id from ${table} where ${sqlWhere.join(' and ')}`);
      const run = await exportRun([
        table,
        '--select',
        'id',
        '--output',
        'jsonl',
        ...where.flatMap((w) => ['--where', w]),
      ]);
      expect(run.stderr).toBe('');
      const ids = exportedObjects('jsonl', run.stdout).map((row) => row.id);
      expect(ids.sort()).toEqual(expected.map((row) => row.id).sort());
    });
  }

  it('writes columns in --select order, and stops paging once --limit rows are written', async () => {
    simulator.resetStats();
    const run = await exportRun([
      'jumpcloud_user',
      '--select',
      'email,id',
      '--select',
      'created',
      '--limit',
      '5',
    ]);
    expect(run.stdout.split('\n')[0]).toBe('email,id,created');
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(6);
    // The limit reached the API: one page of five.
    expect(simulator.stats().byRoute['GET /api/systemusers']).toBe(1);

    simulator.resetStats();
    // `like` is not applied by the API: rows are tested here, and the scan stops once 3 passed.
    const filtered = await exportRun([
      'jumpcloud_user',
      '--select',
      'username',
      '--where',
      "username like '%a%'",
      '--limit',
      '3',
    ]);
    expect(filtered.stdout.trimEnd().split('\n').slice(1)).toHaveLength(3);
    expect(simulator.stats().byRoute['GET /api/systemusers']).toBeLessThan(15); // of 15 pages
  });

  it('writes a valid empty document for no rows', async () => {
    const none = ['--where', "username = 'nobody at all'"];
    expect((await exportRun(['jumpcloud_user', '--select', 'id,email', ...none])).stdout).toBe('id,email\n');
    expect((await exportRun(['jumpcloud_user', ...none, '--output', 'json'])).stdout).toBe('[]\n');
    const jsonl = await exportRun(['jumpcloud_user', ...none, '--output', 'jsonl']);
    expect(jsonl).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('writes --output-file atomically and replaces what was there', async () => {
    const dir = makeTempDir('jcsql-export-out-');
    const file = join(dir, 'users.jsonl');
    writeFileSync(file, 'old\n');
    const run = await exportRun([
      'jumpcloud_user',
      '--select',
      'id',
      '--output',
      'jsonl',
      '--output-file',
      file,
    ]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(1500);
    expect(readdirSync(dir)).toEqual(['users.jsonl']);
  });

  describe('failures', () => {
    it('leaves the output file untouched on a persistent 500, and exits non-zero with one line', async () => {
      const dir = makeTempDir('jcsql-export-fail-');
      const file = join(dir, 'devices.csv');
      const fresh = join(dir, 'new.csv');
      writeFileSync(file, 'previous export\n');
      simulator.configure({ faults: '500:1' });
      try {
        for (const target of [file, fresh]) {
          const run = await exportRun(['jumpcloud_device', '--output-file', target]);
          expect(run.code).toBe(EXIT.failed);
          expect(run.stdout).toBe('');
          expect(run.stderr).toMatch(
            /^Error: Export failed: JumpCloud API GET \/api\/systems returned 500 Internal Server Error.*\(after 6 attempts\).*was not written\)\n$/,
          );
        }
        expect(readFileSync(file, 'utf8')).toBe('previous export\n');
        expect(existsSync(fresh)).toBe(false);
        expect(readdirSync(dir)).toEqual(['devices.csv']); // no temporary file left behind

        const stdout = await exportRun(['jumpcloud_device']);
        expect(stdout.code).toBe(EXIT.failed);
        expect(stdout.stdout).toBe('');
        expect(stdout.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(stdout.stderr).toMatch(/500 Internal Server Error.*\(nothing was written\)$/m);
      } finally {
        simulator.configure({ faults: '' });
      }
    }, 120_000);

    it.each([
      [['jumpcloud_usr'], /^Error: No table named jumpcloud_usr\. Did you mean jumpcloud_user\?\n$/],
      [
        ['jumpcloud_user', '--select', 'id,usernme'],
        /^Error: --select: jumpcloud_user has no column 'usernme'\. Did you mean username\?\n$/,
      ],
      [
        ['jumpcloud_user', '--select', 'zzzzzzzz'],
        /^Error: --select: .*Its columns are display_name, id, username, .*_ctx\n$/,
      ],
      [
        ['jumpcloud_user', '--where', "usernam = 'x'"],
        /^Error: --where "usernam = 'x'": .*Did you mean username\?\n$/,
      ],
      [
        ['jumpcloud_user', '--where', "username ~ 'x'"],
        /^Error: .*Operators: =, !=, <>, <, <=, >, >=, like, ilike/,
      ],
      [
        ['jumpcloud_user', '--where', "created like '2024%'"],
        /^Error: .*Operators for created: =, !=, <>, in, <, <=, >, >=, is null/,
      ],
      [['jumpcloud_user', '--limit', '-1'], /--limit takes a whole number of rows, got '-1'/],
      [
        ['jumpcloud_user', '--output', 'xml'],
        /argument 'xml' is invalid\. Allowed choices are csv, json, jsonl/,
      ],
      [
        ['jumpcloud_user', '--output-file', '/nonexistent-dir/x.csv'],
        /^Error: Cannot write .*the directory \/nonexistent-dir does not exist\n$/,
      ],
    ])('rejects %j with one clear line, before any API call', async (args, message) => {
      simulator.resetStats();
      const run = await exportRun(args);
      expect(run.code).toBe(EXIT.badInput);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(simulator.stats().total).toBe(0);
    });
  });
});

describe('jcsql export over an aggregator', () => {
  let simulator: RunningSimulator;
  let configDir: string;
  beforeAll(async () => {
    simulator = await startSimulator({ orgs: 2 });
    configDir = writeTwoTenantConfig(simulator);
  });
  afterAll(() => simulator?.close());

  const countBy = (rows: Array<Record<string, unknown>>) => {
    const counts: Record<string, number> = {};
    for (const row of rows)
      counts[String(row.sp_connection_name)] = (counts[String(row.sp_connection_name)] ?? 0) + 1;
    return counts;
  };

  /** Exports jumpcloud_user over the aggregator, as jsonl objects. */
  const exportAll = async (args: string[]) => {
    const common = ['export', 'jumpcloud_user', '--config-dir', configDir, '--connection', 'jc_all'];
    const run = await jcsql([...common, '--output', 'jsonl', ...args], { env: {} });
    expect(run.stderr).toBe('');
    return exportedObjects('jsonl', run.stdout);
  };

  it('exports every member connection, each row naming its connection', async () => {
    const rows = await exportAll(['--select', 'sp_connection_name,organization_id,id']);
    expect(countBy(rows)).toEqual({
      jc_first: simulator.data.orgs[0]!.users.length,
      jc_second: simulator.data.orgs[1]!.users.length,
    });
    expect(new Set(rows.map((row) => row.organization_id))).toEqual(new Set(simulator.orgIds.slice(0, 2)));
  });

  it('prunes members with a --where on sp_connection_name', async () => {
    simulator.resetStats();
    const rows = await exportAll([
      '--select',
      'sp_connection_name',
      '--where',
      "sp_connection_name = 'jc_second'",
    ]);
    expect(countBy(rows)).toEqual({
      jc_second: simulator.data.orgs[1]!.users.length,
    });
    expect(simulator.stats().byRoute['GET /api/systemusers']).toBe(1);
  });
});

describe('jcsql export of Directory Insights events', () => {
  it('sends a --where range on timestamp as the time window, and says when it reads the default day only', async () => {
    const simulator = await startSimulator({ users: 60 });
    try {
      const env = {
        JUMPCLOUD_API_URL: simulator.url,
        JUMPCLOUD_API_KEY: simulator.apiKey,
        JCSQL_CONFIG_DIR: makeTempDir('jcsql-export-cfg-'),
      };
      const since = new Date(simulator.data.now - 7 * 86_400_000).toISOString();
      const week = await jcsql(
        [
          'export',
          'jumpcloud_directory_event',
          '--select',
          'id',
          '--where',
          `timestamp >= '${since}'`,
          '--output',
          'csv',
        ],
        { env },
      );
      expect(week.stderr).toBe('');
      const expected = simulator.data.orgs[0]!.events.filter((event) => event.timestamp >= since);
      expect(week.stdout.trim().split('\n').slice(1).sort()).toEqual(
        expected.map((event) => event.id).sort(),
      );
      const body = simulator.requestLog().at(-1)!;
      expect(body.route).toBe('POST /insights/directory/v1/events');
      const day = await jcsql(['export', 'jumpcloud_directory_event', '--select', 'id', '--output', 'csv'], {
        env,
      });
      expect(day.stderr).toMatch(/^Warning: jumpcloud_directory_event: no lower bound on timestamp/);
      expect(day.stdout.trim().split('\n').length - 1).toBeLessThan(expected.length);
    } finally {
      await simulator.close();
    }
  });
});
