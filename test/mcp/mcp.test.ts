/**
 * `jcsql mcp`: the built CLI started as a child process and driven over stdio by the MCP SDK's own
 * client, as an assistant would. Results are held to `jcsql query --output json` and
 * `jcsql check --output json`; `plan` is held to the requests the simulator then receives; bad
 * input through every tool is a one-line tool error and the server goes on answering.
 *
 * Runs the built CLI: `npm run build` first.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/check/load.js';
import type { Benchmark } from '../../src/check/model.js';
import { controlsOf } from '../../src/check/select.js';
import { allColumns, pathQualColumn } from '../../src/sdk/index.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { tables } from '../../src/tables/index.js';
import { jcsql } from '../helpers/cli.js';
import { makeTempDir, testHome } from '../helpers/engine.js';

const MAIN = join(import.meta.dirname, '../../dist/cli/main.js');
const DOCS = join(import.meta.dirname, '../../docs/tables');

/** Starts `jcsql mcp <args>` and connects the SDK's client to it. */
async function startMcp(args: string[], env: Record<string, string> = {}): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MAIN, 'mcp', ...args],
    env: { PATH: process.env.PATH ?? '', JCSQL_HOME: testHome(), HOME: testHome(), ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'jcsql-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

interface ToolAnswer {
  isError: boolean;
  text: string;
  value: Record<string, unknown>;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const result = (await client.callTool({ name, arguments: args })) as {
    content: Array<{ type: string; text: string }>;
    isError?: boolean;
    structuredContent?: Record<string, unknown>;
  };
  const text = result.content.map((part) => part.text).join('');
  return { isError: result.isError === true, text, value: result.structuredContent ?? {} };
}

/** A call that must succeed: its structured answer. */
async function ok(client: Client, name: string, args: Record<string, unknown>) {
  const answer = await call(client, name, args);
  expect(answer.isError, answer.text).toBe(false);
  expect(JSON.parse(answer.text)).toEqual(answer.value);
  return answer.value;
}

/** A call that must fail: its one line. */
async function fails(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const answer = await call(client, name, args);
  expect(answer.isError, `${name} ${JSON.stringify(args)} should fail`).toBe(true);
  expect(answer.text).not.toContain('\n');
  expect(answer.text).not.toMatch(/\n\s+at /);
  return answer.text;
}

const TOOLS = [
  'describe_table',
  'list_checks',
  'list_connections',
  'list_tables',
  'plan',
  'query',
  'run_check',
];

/** The built-in benchmark, as the server reads it (its HOME holds no controls of the user's). */
const catalog = loadCatalog({ env: { HOME: '/nonexistent' } });

/** A `jcsql check --output json` report without what differs from run to run. */
function steady(report: Record<string, unknown>) {
  const { started_at, duration_ms, api_calls, ...rest } = report;
  expect(typeof started_at).toBe('string');
  expect(typeof duration_ms).toBe('number');
  expect(typeof api_calls).toBe('number');
  return rest;
}

/** Validates a report against docs/check.schema.json. */
function expectValidReport(report: unknown): void {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormatsModule.default(ajv);
  const schema = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'check.schema.json'), 'utf8'),
  );
  ajv.validate(schema, report);
  expect(ajv.errors ?? []).toEqual([]);
}

type Summary = Record<'ok' | 'alarm' | 'info' | 'skip' | 'error', number>;
interface Report {
  summary: Summary;
  controls: Array<{ id: string; summary: Summary; results: Array<{ status: string }> }>;
}

describe('jcsql mcp --demo', () => {
  let client: Client;
  beforeAll(async () => {
    client = await startMcp(['--demo']);
  }, 180_000);
  afterAll(() => client?.close());

  it('lists its tools, each with a description and a JSON Schema input', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.annotations?.readOnlyHint).toBe(true);
    }
  });

  const SAME_AS_QUERY: Array<{ sql: string; engine: 'postgres' | 'sqlite' }> = [
    {
      sql: 'select id, username, email, mfa, created, suspended from jumpcloud_user order by id',
      engine: 'postgres',
    },
    {
      sql: 'select g.name, count(*) as members from jumpcloud_user_group g join jumpcloud_user_group_member m on m.group_id = g.id group by g.name order by g.name',
      engine: 'postgres',
    },
    {
      sql: "select display_name, os, tags from jumpcloud_device where os = 'Mac OS X' order by id",
      engine: 'postgres',
    },
    { sql: 'select id, username, mfa from jumpcloud_user order by id limit 7', engine: 'sqlite' },
  ];

  /** Result documents of one `jcsql query --output json` run of several statements. */
  function documents(
    stdout: string,
  ): Array<{ columns: Array<{ name: string; data_type: string }>; rows: unknown[] }> {
    return stdout
      .split(/^}$/m)
      .filter((part) => part.trim() !== '')
      .map((part) => JSON.parse(`${part}}`));
  }

  for (const engine of ['postgres', 'sqlite'] as const)
    it(`query returns what jcsql query --output json does (${engine})`, async () => {
      const statements = SAME_AS_QUERY.filter((entry) => entry.engine === engine).map((entry) => entry.sql);
      const cli = await jcsql([
        'query',
        '--demo',
        '--engine',
        engine,
        '--output',
        'json',
        statements.join(';\n'),
      ]);
      expect(cli.code, cli.stderr).toBe(0);
      const expected = documents(cli.stdout);
      expect(expected).toHaveLength(statements.length);
      for (const [index, sql] of statements.entries()) {
        const answer = await ok(client, 'query', { sql, engine });
        const { columns, rows } = expected[index]!;
        expect(rows.length, sql).toBeGreaterThan(0);
        expect(answer.rows, sql).toEqual(rows);
        expect(answer.columns).toEqual(
          columns.map((column) => ({ name: column.name, type: column.data_type })),
        );
        expect(answer).toMatchObject({ row_count: rows.length, truncated: false });
        expect(typeof answer.api_calls).toBe('number');
        expect(typeof answer.duration_ms).toBe('number');
      }
    }, 180_000);

  it('caps a huge result at 1,000 rows by default, says so and hints to aggregate; max_rows moves the cap', async () => {
    const huge = await ok(client, 'query', { sql: 'select g from generate_series(1, 100000) g' });
    expect(huge).toMatchObject({ row_count: 100_000, returned: 1_000, truncated: true });
    expect((huge.rows as unknown[]).length).toBe(1_000);
    expect(huge.note).toMatch(/first 1000 of 100000 rows.*Aggregate/);
    const fewer = await ok(client, 'query', { sql: 'select g from generate_series(1, 100) g', max_rows: 10 });
    expect(fewer).toMatchObject({ row_count: 100, returned: 10, truncated: true });
    expect(await fails(client, 'query', { sql: 'select 1', max_rows: 1_000_000 })).toMatch(/max_rows/);
  });

  it('list_tables lists every table of the registry, and filters by a word', async () => {
    const all = (await ok(client, 'list_tables', {})).tables as Array<{ name: string; description: string }>;
    expect(all).toEqual(tables.map((table) => ({ name: table.name, description: table.description })));
    const groups = (await ok(client, 'list_tables', { filter: 'GROUP' })).tables as Array<{ name: string }>;
    const expected = tables.filter((table) =>
      `${table.name} ${table.description}`.toLowerCase().includes('group'),
    );
    expect(groups.map((table) => table.name)).toEqual(expected.map((table) => table.name));
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.length).toBeLessThan(all.length);
  });

  it('describe_table tells every table’s columns, keys, pushdown and its docs examples', async () => {
    for (const table of tables) {
      const described = await ok(client, 'describe_table', { table: table.name });
      const columns = described.columns as Array<{ name: string; type: string; description: string }>;
      expect(columns.map((column) => column.name)).toEqual(allColumns(table).map((column) => column.name));
      for (const column of columns) expect(column.description.length, column.name).toBeGreaterThan(0);
      const pushed = (described.pushdown as Array<{ column: string }>).map((entry) => entry.column);
      if (table.get) expect(pushed).toContain(table.get.keyColumn);
      for (const key of table.list.keyColumns ?? []) expect(pushed).toContain(key);
      for (const column of table.columns.filter((candidate) => candidate.filter || candidate.rangeQuals))
        expect(pushed).toContain(column.name);
      for (const column of table.columns)
        for (const key of column.pathQuals ?? []) expect(pushed).toContain(pathQualColumn(column.name, key));
      const examples = described.examples as Array<{ title: string; sql: string }>;
      // Every table with a docs page has examples there (a table may still be without a page).
      if (existsSync(join(DOCS, `${table.name}.md`)))
        expect(examples.length, `${table.name} examples`).toBeGreaterThan(0);
      for (const example of examples) expect(example.sql).toMatch(/\bselect\b/i);
    }
  });

  it('the docs examples describe_table gives run through query', async () => {
    const described = await ok(client, 'describe_table', { table: 'jumpcloud_user' });
    for (const example of described.examples as Array<{ sql: string }>)
      await ok(client, 'query', { sql: example.sql });
  });

  it('list_connections names the demo connection, never a key', async () => {
    const answer = await call(client, 'list_connections', {});
    expect(answer.value).toMatchObject({
      default: ['demo'],
      connections: [{ name: 'demo', members: ['demo'] }],
    });
    expect(answer.text).not.toMatch(/key/i);
  });

  it('serves each table’s docs page as a resource, and the guide as a prompt', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.name)).toEqual(tables.map((table) => table.name));
    const user = await client.readResource({ uri: 'jcsql://tables/jumpcloud_user' });
    expect((user.contents[0] as { text?: string } | undefined)?.text).toBe(
      readFileSync(join(DOCS, 'jumpcloud_user.md'), 'utf8'),
    );
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(['jumpcloud_sql_guide']);
    const prompt = await client.getPrompt({ name: 'jumpcloud_sql_guide' });
    const text = (prompt.messages[0]?.content as { text?: string } | undefined)?.text;
    expect(text).toMatch(/jsonb_array_elements/);
    expect(text).toMatch(/pushdown/i);
  });

  it('run_check returns the report jcsql check --output json gives for the same selection', async () => {
    // A control, a benchmark and a --where in one selection: one process to compare with.
    const args = {
      ids: ['user_mfa_not_configured', 'jumpcloud_devices'],
      where: 'severity in (high, critical)',
    };
    const cli = await jcsql(['check', '--demo', '--output', 'json', ...args.ids, '--where', args.where]);
    expect(cli.stderr).toBe('');
    const expected = JSON.parse(cli.stdout);
    expect(expected.summary.alarm).toBeGreaterThan(0);
    expect(expected.controls.length).toBeGreaterThan(2);
    const answer = await ok(client, 'run_check', args);
    const rows = expected.controls.reduce((n: number, c: { results: unknown[] }) => n + c.results.length, 0);
    expect(answer).toMatchObject({ truncated: false, results_total: rows, results_returned: rows });
    expect(answer.note).toBeUndefined();
    expectValidReport(answer.report);
    expect(steady(answer.report as Record<string, unknown>)).toEqual(steady(expected));
    const one = await ok(client, 'run_check', { ids: ['user_mfa_not_configured'] });
    expect((one.report as Report).controls).toEqual([
      expected.controls.find((control: { id: string }) => control.id === 'user_mfa_not_configured'),
    ]);
  }, 120_000);

  it('run_check caps the result rows, alarms first, says so; summaries count every row; statuses picks rows', async () => {
    const whole = await ok(client, 'run_check', { ids: ['jumpcloud_identity'], max_results: 10_000 });
    const report = whole.report as Report;
    expect(whole.truncated).toBe(false);
    expect(report.summary.alarm).toBeGreaterThan(5);
    const capped = await ok(client, 'run_check', { ids: ['jumpcloud_identity'], max_results: 5 });
    expect(capped).toMatchObject({
      truncated: true,
      results_total: whole.results_total,
      results_returned: 5,
    });
    expect(capped.note).toMatch(/Only 5 of the \d+ result rows are returned \(max_results\), alarms first/);
    const cappedReport = capped.report as Report;
    expect(cappedReport.summary).toEqual(report.summary);
    expect(cappedReport.controls.map((c) => c.summary)).toEqual(report.controls.map((c) => c.summary));
    const kept = cappedReport.controls.flatMap((c) => c.results);
    expect(kept.map((row) => row.status)).toEqual(Array(5).fill('alarm'));
    expectValidReport(cappedReport);

    const alarms = await ok(client, 'run_check', { ids: ['jumpcloud_identity'], statuses: ['alarm'] });
    expect(alarms).toMatchObject({ truncated: false, results_returned: report.summary.alarm });
    const alarmRows = (alarms.report as Report).controls.flatMap((c) => c.results);
    expect(alarmRows).toEqual(
      report.controls.flatMap((c) => c.results).filter((row) => row.status === 'alarm'),
    );
  }, 60_000);

  it('list_checks lists the benchmark’s controls and benchmarks, selected by ids, where and a word', async () => {
    const all = await ok(client, 'list_checks', {});
    const everyControl = controlsOf(catalog, ['jumpcloud']);
    expect(all.roots).toEqual(['jumpcloud']);
    expect(all.count).toBe(everyControl.length);
    expect(all.controls).toEqual(
      everyControl.map((c) => ({
        id: c.id,
        title: c.title,
        severity: c.severity,
        tags: c.tags,
        dialect: c.dialect,
        description: c.description,
      })),
    );
    const sections = (catalog.items.get('jumpcloud') as Benchmark).children;
    expect((all.benchmarks as Array<{ id: string }>).map((b) => b.id)).toEqual(['jumpcloud', ...sections]);

    const identity = catalog.items.get('jumpcloud_identity') as Benchmark;
    const byTag = await ok(client, 'list_checks', { where: 'tags.category = identity', include_sql: true });
    expect((byTag.controls as Array<{ id: string }>).map((c) => c.id)).toEqual(identity.children);
    expect((byTag.controls as Array<{ sql: string }>)[0]!.sql).toBe(
      (catalog.items.get(identity.children[0]!) as { sql: string }).sql,
    );
    expect(byTag.benchmarks).toEqual([
      expect.objectContaining({ id: 'jumpcloud', children: ['jumpcloud_identity'] }),
      expect.objectContaining({ id: 'jumpcloud_identity', children: identity.children }),
    ]);

    const byId = await ok(client, 'list_checks', { ids: ['jumpcloud_identity'], where: 'severity = high' });
    expect(byId.roots).toEqual(['jumpcloud_identity']);
    for (const control of byId.controls as Array<{ id: string; severity: string }>) {
      expect(identity.children).toContain(control.id);
      expect(control.severity).toBe('high');
    }

    const mfa = (await ok(client, 'list_checks', { filter: 'MFA' })).controls as Array<
      Record<string, unknown>
    >;
    expect(mfa.length).toBeGreaterThan(0);
    expect(mfa.length).toBeLessThan(everyControl.length);
    for (const control of mfa) expect(JSON.stringify(control).toLowerCase()).toContain('mfa');
    expect((await ok(client, 'list_checks', { filter: 'no-such-word-anywhere' })).count).toBe(0);
  });

  const BAD: Array<{ tool: string; args: Record<string, unknown>; error: RegExp }> = [
    {
      tool: 'query',
      args: { sql: 'select from where' },
      error: /SQL error: syntax error.*line 1, column 13/,
    },
    { tool: 'plan', args: { sql: 'selec 1' }, error: /SQL error: syntax error.*line 1/ },
    { tool: 'query', args: { sql: "delete from jumpcloud_user where username = 'x'" }, error: /read-only/ },
    { tool: 'plan', args: { sql: 'drop table jumpcloud_user' }, error: /read-only/ },
    { tool: 'query', args: { sql: 'insert into jumpcloud_device (id) values (1)' }, error: /read-only/ },
    {
      tool: 'query',
      args: { sql: 'select * from jumpcloud_usr' },
      error: /jumpcloud_usr.*Did you mean jumpcloud_user/,
    },
    {
      tool: 'describe_table',
      args: { table: 'jumpcloud_usr' },
      error: /No table named jumpcloud_usr.*jumpcloud_user/,
    },
    { tool: 'query', args: { sql: 'select 1; select 2' }, error: /One statement at a time/ },
    { tool: 'plan', args: { sql: '  ' }, error: /No SQL statement/ },
    { tool: 'query', args: { sql: 42 }, error: /sql/ },
    { tool: 'query', args: {}, error: /sql/ },
    { tool: 'query', args: { sql: 'select 1', engine: 'mysql' }, error: /engine/ },
    { tool: 'query', args: { sql: 'select 1', max_rows: 'many' }, error: /max_rows/ },
    { tool: 'plan', args: { sql: ['select 1'] }, error: /sql/ },
    { tool: 'query', args: { sql: 42, max_rows: 'x' }, error: /sql; .*max_rows/ },
    { tool: 'list_tables', args: { filter: 3 }, error: /filter/ },
    { tool: 'describe_table', args: { table: null }, error: /table/ },
    { tool: 'describe_table', args: {}, error: /table/ },
    {
      tool: 'run_check',
      args: { ids: ['user_mfa_not_configure'] },
      error:
        /no control or benchmark 'user_mfa_not_configure'\. Did you mean 'user_mfa_not_configured'.*list_checks/,
    },
    { tool: 'run_check', args: { where: 'severity =' }, error: /where 'severity =': a value is missing/ },
    { tool: 'run_check', args: { filter: 'no-such-word-anywhere' }, error: /No control matches/ },
    { tool: 'run_check', args: { ids: 'jumpcloud' }, error: /ids/ },
    { tool: 'run_check', args: { ids: ['jumpcloud'], max_results: 0 }, error: /max_results/ },
    { tool: 'run_check', args: { ids: ['jumpcloud'], statuses: ['failed'] }, error: /statuses/ },
    { tool: 'run_check', args: { ids: ['jumpcloud'], engine: 'mysql' }, error: /engine/ },
    { tool: 'list_checks', args: { where: 'colour = red' }, error: /unknown field 'colour'/ },
    {
      tool: 'list_checks',
      args: { ids: ['jumpcloud_idnetity'] },
      error: /Did you mean 'jumpcloud_identity'/,
    },
    { tool: 'list_checks', args: { include_sql: 'yes' }, error: /include_sql/ },
  ];

  it('refuses bad input through every tool with a one-line tool error, and keeps answering', async () => {
    for (const { tool, args, error } of BAD) {
      expect(await fails(client, tool, args), `${tool} ${JSON.stringify(args)}`).toMatch(error);
      // Still answering after each.
      expect((await ok(client, 'query', { sql: 'select 1 as one' })).rows).toEqual([{ one: 1 }]);
    }
    expect(new Set(BAD.map((bad) => bad.tool))).toEqual(
      new Set(TOOLS.filter((tool) => tool !== 'list_connections')),
    );
  });
});

describe('jcsql mcp: plan predicts the requests query makes, counted by the simulator', () => {
  let simulator: RunningSimulator;
  let client: Client;
  beforeAll(async () => {
    simulator = await startSimulator();
    const configDir = makeTempDir('jcsql-mcp-cfg-'); // no .spc: the connection comes from the environment
    client = await startMcp(['--config-dir', configDir], {
      JUMPCLOUD_API_URL: simulator.url,
      JUMPCLOUD_API_KEY: simulator.apiKey,
    });
  }, 180_000);
  afterAll(async () => {
    await client?.close();
    await simulator?.close();
  });

  /** Plans, then runs: the simulator receives exactly the requests the plan said, as does query's own count. */
  async function expectExact(sql: string, engine: 'postgres' | 'sqlite' = 'postgres'): Promise<number> {
    const plan = await ok(client, 'plan', { sql, engine });
    expect(plan.exact, JSON.stringify(plan)).toBe(true);
    simulator.resetStats();
    const result = await ok(client, 'query', { sql, engine });
    expect(simulator.stats().total, JSON.stringify(plan)).toBe(plan.requests);
    expect(result.api_calls).toBe(plan.requests);
    return plan.requests as number;
  }

  it('exact where the query decides: reads by id, a limit within a page, contradictions, LIMIT 0, the cache', async () => {
    const devices = await ok(client, 'query', { sql: 'select id from jumpcloud_device order by id limit 3' });
    const ids = (devices.rows as Array<{ id: string }>).map((row) => `'${row.id}'`);
    expect(ids).toHaveLength(3);
    expect(
      await expectExact(`select id, username from jumpcloud_user where id in (${ids.join(', ')}, 'nope')`),
    ).toBe(4);
    expect(
      await expectExact(`select id, display_name from jumpcloud_device where id = ${ids[0]}`, 'sqlite'),
    ).toBe(0); // cached by the first query
    expect(await expectExact('select username, email from jumpcloud_user limit 5')).toBe(1);
    expect(await expectExact('select username from jumpcloud_user limit 5')).toBe(0); // the same rows, cached
    expect(await expectExact("select name from jumpcloud_user_group where name = 'a' and name = 'b'")).toBe(
      0,
    );
    expect(await expectExact('select name from jumpcloud_radius_server limit 0')).toBe(0);
    expect(await expectExact("select name from jumpcloud_application where id = 'nope'", 'sqlite')).toBe(1);
  });

  it('an honest estimate where the data decides: at least the requests it names, and says so', async () => {
    const sql = 'select name, members from jumpcloud_user_group';
    const plan = await ok(client, 'plan', { sql });
    expect(plan.exact).toBe(false);
    expect(plan.note).toMatch(/estimate/);
    const endpoints = (plan.scans as Array<{ requests: Array<{ endpoint: string }> }>).flatMap((scan) =>
      scan.requests.map((request) => request.endpoint),
    );
    expect(endpoints).toEqual(['GET /api/v2/usergroups', 'GET /api/v2/usergroups/{group_id}/members']);
    simulator.resetStats();
    await ok(client, 'query', { sql });
    const byRoute = simulator.stats().byRoute;
    expect(simulator.stats().total).toBeGreaterThanOrEqual(plan.requests as number);
    expect(Object.keys(byRoute).sort().join(' ')).toMatch(/usergroups/);
  });
});

/** A query that lists 300 groups, then asks for each group's members: 300+ requests. */
const MANY_REQUESTS_SQL = 'select name, members from jumpcloud_user_group';
/** The same as a control (of the user's, from --mod). */
const MANY_REQUESTS_CONTROL_SQL =
  "select id as resource, case when members is null then 'alarm' else 'ok' end as status, name as reason from jumpcloud_user_group";

describe('jcsql mcp: --query-timeout per call, and a cancelled call stops its API calls', () => {
  let simulator: RunningSimulator;
  let client: Client;
  beforeAll(async () => {
    simulator = await startSimulator({ groups: 300 });
    const mod = makeTempDir('jcsql-mcp-mod-');
    writeFileSync(
      join(mod, 'groups.yaml'),
      `controls:
  - id: group_has_members
    title: Every user group has members
    description: Reads each group's members (a request per group).
    severity: low
    remediation: none
    sql: ${MANY_REQUESTS_CONTROL_SQL}
`,
    );
    client = await startMcp(
      ['--config-dir', makeTempDir('jcsql-mcp-cfg-'), '--query-timeout', '4', '--mod', mod],
      { JUMPCLOUD_API_URL: simulator.url, JUMPCLOUD_API_KEY: simulator.apiKey },
    );
  }, 180_000);
  afterAll(async () => {
    await client?.close();
    await simulator?.close();
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** Samples the simulator's count, waits, samples again: nothing more is sent. */
  async function expectRequestsStopped(): Promise<void> {
    const before = simulator.stats().total;
    await sleep(600);
    expect(simulator.stats().total).toBe(before);
  }

  it('a call that runs past --query-timeout is a one-line tool error; its API calls stop; the next call runs', async () => {
    simulator.configure({ faults: 'stall:1', latencyMs: 0 });
    const error = await fails(client, 'query', { sql: MANY_REQUESTS_SQL });
    expect(error).toMatch(/Query timed out after 4 s \(--query-timeout\); its API calls were stopped/);
    expect(simulator.stats().total).toBeGreaterThan(0);
    await expectRequestsStopped();
    simulator.configure({ faults: '', latencyMs: 0 });
    expect((await ok(client, 'query', { sql: 'select 2 as two' })).rows).toEqual([{ two: 2 }]);
  });

  it('a call the client cancels aborts its API calls, and the server keeps answering', async () => {
    simulator.configure({ faults: '', latencyMs: 200 });
    simulator.resetStats();
    const cancel = new AbortController();
    const pending = client.callTool({ name: 'query', arguments: { sql: MANY_REQUESTS_SQL } }, undefined, {
      signal: cancel.signal,
      timeout: 120_000,
    });
    while (simulator.stats().total < 3) await sleep(20);
    cancel.abort();
    await expect(pending).rejects.toThrow();
    await sleep(400); // the cancel reaches the server; requests already sent are answered
    // Long before the 4 s timeout: the cancel, not the timeout, stopped them.
    await expectRequestsStopped();
    expect(simulator.stats().total).toBeLessThan(300);
    simulator.configure({ faults: '', latencyMs: 0 });
    expect((await ok(client, 'query', { sql: 'select 3 as three' })).rows).toEqual([{ three: 3 }]);
  });

  it('run_check reads the controls of --mod; a run past --query-timeout is a one-line tool error and its API calls stop', async () => {
    const listed = await ok(client, 'list_checks', { ids: ['group_has_members'] });
    expect(listed.controls).toEqual([expect.objectContaining({ id: 'group_has_members', severity: 'low' })]);
    simulator.configure({ faults: 'stall:1', latencyMs: 0 });
    const error = await fails(client, 'run_check', { ids: ['group_has_members'] });
    expect(error).toMatch(
      /Check timed out after 4 s \(--query-timeout\); its API calls were stopped\. .*fewer controls/,
    );
    await expectRequestsStopped();
    simulator.configure({ faults: '', latencyMs: 0 });
    expect((await ok(client, 'query', { sql: 'select 4 as four' })).rows).toEqual([{ four: 4 }]);
  });

  it('a run_check the client cancels aborts its API calls, and the server keeps answering', async () => {
    simulator.configure({ faults: '', latencyMs: 200 });
    simulator.resetStats();
    const cancel = new AbortController();
    const pending = client.callTool(
      { name: 'run_check', arguments: { ids: ['group_has_members'] } },
      undefined,
      { signal: cancel.signal, timeout: 120_000 },
    );
    while (simulator.stats().total < 3) await sleep(20);
    cancel.abort();
    await expect(pending).rejects.toThrow();
    await sleep(400);
    await expectRequestsStopped();
    expect(simulator.stats().total).toBeLessThan(300);
    simulator.configure({ faults: '', latencyMs: 0 });
    const done = await ok(client, 'run_check', { ids: ['org_password_min_length'] });
    expect((done.report as Report).controls.map((control) => control.id)).toEqual([
      'org_password_min_length',
    ]);
  });
});
