import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JumpCloudApiError, JumpCloudClient } from '../../src/client/index.js';
import type { SessionConnections, SqlEngine } from '../../src/engines/engine.js';
import { PostgresEngine } from '../../src/engines/postgres/postgres-engine.js';
import { SqliteEngine } from '../../src/engines/sqlite/sqlite-engine.js';
import { describeError } from '../../src/errors.js';
import { type ConnectionHandle, ScanCache } from '../../src/sdk/index.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { tables } from '../../src/tables/index.js';
import { type CliRun, type CliRunOptions, jcsql as runJcsql } from '../helpers/cli.js';
import { USERS, type User } from '../helpers/endpoints.js';
import { makeTempDir, sampledTables, testHome } from '../helpers/engine.js';

/**
 * The API key must never be shown. Every command path, succeeding and failing, runs with debug
 * output on (JCSQL_DEBUG=1) and a sentinel key; the key must appear in no stdout or stderr, no
 * error (message, stack, causes), no `sp_ctx`/`_ctx`, no file under the jcsql home (cache,
 * history, serve password) or written by a command, and not in a running jcsql's process title
 * or command line. A `.spc` file that holds a key and is open to other users gets one warning.
 *
 * The child-process tests run the built CLI: `npm run build` first.
 */

const SENTINEL = 'SENTINEL-KEY-7f3a9c1e5b2d4680aa11bb22cc33dd44ee55ff66';
const WRONG_KEY = `${SENTINEL}-wrong`;
const RANDOM_PART = '7f3a9c1e5b2d4680aa11bb22cc33dd44ee55ff66';
const MAIN = join(import.meta.dirname, '../../dist/cli/main.js');

/**
 * Every form in which (part of) the key could leak: whole, any 12 characters of its random part
 * (a truncated or wrapped message), base64 at each alignment, and percent-encoded.
 */
const FRAGMENTS: string[] = [
  SENTINEL,
  ...Array.from({ length: RANDOM_PART.length - 11 }, (_, i) => RANDOM_PART.slice(i, i + 12)),
  ...['', 'x', 'xx'].map((pad) =>
    Buffer.from(pad + SENTINEL)
      .toString('base64')
      .slice(4, -4),
  ),
  encodeURIComponent(SENTINEL).replaceAll('-', '%2D'),
];

/** The first fragment of the key found in `content`, if any. */
function leakIn(content: string | Buffer): string | undefined {
  const buffer = typeof content === 'string' ? Buffer.from(content) : content;
  return FRAGMENTS.find((fragment) => buffer.includes(fragment));
}

function expectNoKey(content: string | Buffer, where: string): void {
  const found = leakIn(content);
  expect(found, `the API key (${found}) appears in ${where}`).toBeUndefined();
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Everything a thrown error carries: message, hint, stack, causes, own properties. */
const everything = (error: unknown): string =>
  [
    describeError(error),
    (error as Error)?.stack ?? '',
    inspect(error, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
    JSON.stringify(error, Object.getOwnPropertyNames(error ?? {})),
  ].join('\n');

/** A stand-in API (or a proxy in front of it) that answers every request its own way. */
async function stubApi(answer: (request: IncomingMessage, response: ServerResponse) => void) {
  const server: Server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
type Stub = Awaited<ReturnType<typeof stubApi>>;

interface Fixture {
  home: string;
  config: string;
  out: string;
  good: RunningSimulator;
  failing: RunningSimulator;
  slow: RunningSimulator;
  forbidden: Stub;
  echo: Stub;
  stall: Stub;
}
const f = {} as Fixture;

/** The environment every run gets: debug on, a private jcsql home, no config or key from outside. */
const baseEnv = (): Record<string, string> => ({
  JCSQL_DEBUG: '1',
  JCSQL_HOME: f.home,
  HOME: f.home,
  JCSQL_CONFIG_DIR: '',
  JCSQL_HISTORY_FILE: '',
});

/** The CLI in-process (test/helpers/cli.ts) with the base environment; `lines` are typed at a terminal. */
function jcsql(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string; lines?: string[] } = {},
): Promise<CliRun> {
  let stdin: CliRunOptions['stdin'] = options.stdin;
  if (options.lines) {
    // Kept open: the shell handles the lines in turn, `.exit` last.
    const typed = new PassThrough();
    for (const line of options.lines) typed.write(`${line}\n`);
    stdin = typed;
  }
  return runJcsql(args, { stdin, env: { ...baseEnv(), ...options.env } });
}

/** A child's environment: this process's, without any JumpCloud or jcsql settings of its own. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(JUMPCLOUD_|JCSQL_)/.test(name)) env[name] = value;
  }
  return { ...env, ...baseEnv(), ...extra };
}

/** The built `jcsql`, started as a user starts it, its output collected. */
function spawnJcsql(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [MAIN, ...args], { env: childEnv(env) });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => {
    output.stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output.stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> => {
    const started = Date.now();
    for (;;) {
      const match = pattern.exec(output.stdout);
      if (match) return match;
      if (child.exitCode !== null || Date.now() - started > timeoutMs)
        throw new Error(`no ${pattern} from jcsql ${args[0]}: ${output.stdout} ${output.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return { child, output, exited, waitFor };
}

const children: ChildProcess[] = [];

/** Waits until the simulator has received a request (one that its latency now holds). */
async function requestInFlight(simulator: RunningSimulator, stderr: () => string): Promise<void> {
  for (let waited = 0; simulator.stats().total === 0; waited += 20) {
    expect(waited, stderr()).toBeLessThan(30_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const connection = (name: string, body: string) =>
  `connection "${name}" {\n  plugin  = "jumpcloud"\n${body}}\n`;

beforeAll(async () => {
  // A private jcsql home, so every file in it is one of these runs'; the prepared Postgres cluster
  // is copied from the shared test home (when there) instead of built again.
  f.home = makeTempDir('jcsql-secret-home-');
  const shared = join(testHome(), 'cache');
  if (existsSync(shared)) cpSync(shared, join(f.home, 'cache'), { recursive: true });
  f.config = makeTempDir('jcsql-secret-cfg-');
  f.out = makeTempDir('jcsql-secret-out-');
  f.good = await startSimulator({ apiKey: SENTINEL });
  f.failing = await startSimulator({ apiKey: SENTINEL, faults: '500:1' });
  f.slow = await startSimulator({ apiKey: SENTINEL, latencyMs: 1500 });
  f.forbidden = await stubApi((_, response) => {
    response.writeHead(403, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: 'Forbidden: this key may not read this organization' }));
  });
  // A proxy that quotes the request back in its error page: the key is in the request headers.
  f.echo = await stubApi((request, response) => {
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({ message: `Bad request ${request.url}; headers ${JSON.stringify(request.headers)}` }),
    );
  });
  f.stall = await stubApi(() => {}); // never answers
  const key = `  api_key = "${SENTINEL}"\n`;
  const url = (origin: string) => `  api_url = "${origin}"\n`;
  writeFileSync(
    join(f.config, 'jumpcloud.spc'),
    [
      connection('jc', key + url(f.good.url)),
      connection('jc_org2', `${key}  org_id  = "${f.good.orgIds[1]}"\n${url(f.good.url)}`),
      connection('jc_wrongkey', `  api_key = "${WRONG_KEY}"\n${url(f.good.url)}`),
      connection('jc_badorg', `${key}  org_id  = "000000000000000000000000"\n${url(f.good.url)}`),
      connection('jc_malformedorg', `${key}  org_id  = "not-an-org"\n${url(f.good.url)}`),
      connection('jc_down', key + url('http://127.0.0.1:1')),
      connection('jc_500', key + url(f.failing.url)),
      connection('jc_403', key + url(f.forbidden.url)),
      connection('jc_echo', key + url(f.echo.url)),
      connection('jc_slow', key + url(f.slow.url)),
      `connection "jc_ok_all" {\n  type        = "aggregator"\n  plugin      = "jumpcloud"\n  connections = ["jc", "jc_org2"]\n}\n`,
      `connection "jc_all" {\n  type        = "aggregator"\n  plugin      = "jumpcloud"\n  connections = ["jc", "jc_wrongkey"]\n}\n`,
    ].join('\n'),
    { mode: 0o600 },
  );
});

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all([f.good, f.failing, f.slow, f.forbidden, f.echo, f.stall].map((s) => s?.close()));
});

const cfg = (...args: string[]) => [...args, '--config-dir', f.config];
const on = (name: string, ...args: string[]) => cfg(...args, '--connection', name);

type Outcome = 'ok' | 'fail';
interface PathCase {
  name: string;
  args: () => string[];
  env?: () => Record<string, string>;
  stdin?: string;
  lines?: string[];
  outcome: Outcome;
  /** What stdout must show, so the path really ran. */
  shows?: RegExp;
}

const EVERY_TABLE_CTX = tables
  .map((table) => `select '${table.name}' as t, sp_connection_name, sp_ctx, _ctx from ${table.name} limit 3;`)
  .join('\n');
const ENGINES = ['postgres', 'sqlite'] as const;
const FORMATS = ['table', 'json', 'csv', 'line'] as const;

function successCases(): PathCase[] {
  const cases: PathCase[] = [];
  for (const engine of ENGINES) {
    for (const format of FORMATS) {
      cases.push({
        name: `query --engine ${engine} --output ${format}`,
        args: () =>
          on('jc', 'query', '--engine', engine, '--output', format, 'select * from jumpcloud_user limit 2'),
        outcome: 'ok',
        shows: /connection_name/,
      });
    }
    cases.push(
      {
        name: `query --engine ${engine} --timing`,
        args: () =>
          on('jc', 'query', '--engine', engine, '--timing', 'select count(*) from jumpcloud_device'),
        outcome: 'ok',
      },
      {
        name: `query --engine ${engine}, a .sql file`,
        args: () => {
          const file = join(f.out, `statements-${engine}.sql`);
          writeFileSync(
            file,
            'select id, sp_ctx from jumpcloud_device limit 2;\nselect count(*) from jumpcloud_user_group;\n',
          );
          return on('jc', 'query', '--engine', engine, file);
        },
        outcome: 'ok',
        shows: /connection_name/,
      },
      {
        name: `query --engine ${engine}, SQL piped on stdin`,
        args: () => on('jc', 'query', '--engine', engine, '--output', 'csv'),
        stdin:
          'select id, _ctx from jumpcloud_user limit 2;\nselect name from jumpcloud_user_group limit 1;\n',
        outcome: 'ok',
        shows: /connection_name/,
      },
      {
        name: `query --engine ${engine}: sp_connection_name, sp_ctx and _ctx of every table`,
        args: () => on('jc', 'query', '--engine', engine, '--output', 'json', EVERY_TABLE_CTX),
        outcome: 'ok',
        // Postgres prints sp_ctx as JSON, SQLite as JSON text.
        shows: /connection_name\\?":\s?\\?"jc\\?"/,
      },
      {
        name: `query --engine ${engine}, the interactive shell: statements, meta-commands, a failure, a switch`,
        args: () => on('jc', 'query', '--engine', engine),
        lines: [
          'select id, sp_ctx from jumpcloud_user limit 1;',
          '.inspect jumpcloud_user',
          '.connection',
          '.tables',
          'select nope from jumpcloud_user;',
          '.connection jc_wrongkey',
          'select id from jumpcloud_user limit 1;',
          '.connection jc_org2',
          'select id, _ctx from jumpcloud_device limit 1;',
          '.exit',
        ],
        outcome: 'ok',
        shows: /Connected to jc_org2/,
      },
    );
  }
  cases.push(
    {
      name: 'query --no-pushdown --no-cache',
      args: () =>
        on(
          'jc',
          'query',
          '--no-pushdown',
          '--no-cache',
          "select id from jumpcloud_user where username = 'x'",
        ),
      outcome: 'ok',
    },
    {
      name: 'query, key and URL from the environment',
      args: () => ['query', '--output', 'json', 'select id, sp_ctx from jumpcloud_user limit 1'],
      env: () => ({ JUMPCLOUD_API_KEY: SENTINEL, JUMPCLOUD_API_URL: f.good.url }),
      outcome: 'ok',
      shows: /"connection_name": "jumpcloud"/,
    },
    {
      name: 'query, a multi-tenant org_id',
      args: () => on('jc_org2', 'query', 'select id, organization_id from jumpcloud_user limit 1'),
      outcome: 'ok',
    },
    {
      name: 'query, an aggregator',
      args: () =>
        on(
          'jc_ok_all',
          'query',
          '--output',
          'json',
          'select sp_connection_name, sp_ctx from jumpcloud_device',
        ),
      outcome: 'ok',
      shows: /jc_org2/,
    },
    { name: 'tables', args: () => ['tables'], outcome: 'ok', shows: /jumpcloud_user/ },
    { name: 'tables <table>', args: () => ['tables', 'jumpcloud_user'], outcome: 'ok', shows: /sp_ctx/ },
    {
      name: 'tables --output json',
      args: () => ['tables', '--output', 'json'],
      outcome: 'ok',
      shows: /jumpcloud_device/,
    },
    {
      name: 'tables <table> --output csv',
      args: () => ['tables', 'jumpcloud_device', '--output', 'csv'],
      outcome: 'ok',
      shows: /_ctx/,
    },
  );
  for (const format of ['csv', 'json', 'jsonl']) {
    cases.push(
      {
        name: `export --output ${format}`,
        args: () => on('jc', 'export', 'jumpcloud_user', '--limit', '3', '--output', format),
        outcome: 'ok',
        shows: /connection_name/,
      },
      {
        name: `export --output ${format} --output-file`,
        args: () =>
          on(
            'jc',
            'export',
            'jumpcloud_device',
            '--output',
            format,
            '--output-file',
            join(f.out, `devices.${format}`),
          ),
        outcome: 'ok',
      },
    );
  }
  for (const table of sampledTables) {
    cases.push({
      name: `export ${table.name}: every column, sp_ctx and _ctx included`,
      args: () =>
        on(
          'jc',
          'export',
          table.name,
          '--output',
          'jsonl',
          '--output-file',
          join(f.out, `${table.name}.jsonl`),
        ),
      outcome: 'ok',
    });
  }
  cases.push(
    {
      name: 'export --where --select',
      args: () =>
        on('jc', 'export', 'jumpcloud_user', '--where', 'activated = true', '--select', 'id,sp_ctx'),
      outcome: 'ok',
      shows: /connection_name/,
    },
    {
      name: 'snapshot, every table',
      args: () => on('jc', 'snapshot', join(f.out, 'all.db'), '--force'),
      outcome: 'ok',
    },
    {
      name: 'snapshot, key from the environment',
      args: () => ['snapshot', join(f.out, 'users.db'), '--tables', 'jumpcloud_user', '--force'],
      env: () => ({ JUMPCLOUD_API_KEY: SENTINEL, JUMPCLOUD_API_URL: f.good.url }),
      outcome: 'ok',
    },
    {
      name: 'query --demo, a key in the environment too',
      args: () => ['query', '--demo', '--output', 'json', 'select * from jumpcloud_user limit 1'],
      env: () => ({ JUMPCLOUD_API_KEY: SENTINEL }),
      outcome: 'ok',
      shows: /"connection_name": "demo"/,
    },
    {
      name: 'query --demo --engine sqlite',
      args: () => ['query', '--demo', '--engine', 'sqlite', 'select sp_ctx from jumpcloud_device limit 1'],
      env: () => ({ JUMPCLOUD_API_KEY: SENTINEL }),
      outcome: 'ok',
    },
    {
      name: 'export --demo',
      args: () => ['export', 'jumpcloud_user', '--demo', '--limit', '2'],
      env: () => ({ JUMPCLOUD_API_KEY: SENTINEL }),
      outcome: 'ok',
    },
    {
      name: 'snapshot --demo',
      args: () => ['snapshot', join(f.out, 'demo.db'), '--demo', '--tables', 'jumpcloud_user', '--force'],
      env: () => ({ JUMPCLOUD_API_KEY: SENTINEL }),
      outcome: 'ok',
    },
    { name: '--help', args: () => ['--help'], outcome: 'ok', shows: /query/ },
    { name: 'query --help', args: () => ['query', '--help'], outcome: 'ok', shows: /--engine/ },
    { name: '--version', args: () => ['--version'], outcome: 'ok', shows: /\d+\.\d+/ },
  );
  return cases;
}

/**
 * The API failures, each on every data command, but `query` on the Postgres engine (a PGlite each,
 * the slow part of this suite) only for those that put the key nearest the output (`postgres`):
 * the engine does not shape an API error (the client and the CLI do, and every engine's own
 * errors are held below, source by source).
 */
const API_FAILURES: Array<{
  name: string;
  connection?: string;
  env?: () => Record<string, string>;
  postgres?: boolean;
}> = [
  { name: 'wrong key (401)', connection: 'jc_wrongkey', postgres: true },
  {
    name: 'wrong key from the environment (401)',
    env: () => ({ JUMPCLOUD_API_KEY: WRONG_KEY, JUMPCLOUD_API_URL: f.good.url }),
  },
  { name: 'unknown org id (404)', connection: 'jc_badorg' },
  { name: 'malformed org id (400)', connection: 'jc_malformedorg' },
  { name: 'forbidden (403)', connection: 'jc_403' },
  { name: 'an error page that quotes the request headers (400)', connection: 'jc_echo', postgres: true },
  { name: 'API unreachable', connection: 'jc_down' },
  { name: 'persistent 500', connection: 'jc_500' },
];

const DATA_COMMANDS: Array<{ name: string; args: (out: string) => string[] }> = [
  { name: 'query', args: () => ['query', 'select id, sp_ctx from jumpcloud_user limit 2'] },
  {
    name: 'query --engine sqlite',
    args: () => ['query', '--engine', 'sqlite', 'select id, sp_ctx from jumpcloud_user limit 2'],
  },
  { name: 'export', args: (out) => ['export', 'jumpcloud_user', '--output-file', join(out, 'failed.csv')] },
  { name: 'snapshot', args: (out) => ['snapshot', join(out, 'failed.db'), '--force'] },
];

function failureCases(): PathCase[] {
  const cases: PathCase[] = [];
  for (const failure of API_FAILURES) {
    for (const command of DATA_COMMANDS.filter((c) => failure.postgres || c.name !== 'query')) {
      cases.push({
        name: `${command.name}, ${failure.name}`,
        args: () => {
          const args = command.args(f.out);
          return failure.connection ? on(failure.connection, ...args) : args;
        },
        env: failure.env,
        outcome: 'fail',
      });
    }
  }
  const badConfig = (name: string, text: string) => () => {
    const dir = makeTempDir(`jcsql-secret-${name}-`);
    writeFileSync(join(dir, 'jumpcloud.spc'), text, { mode: 0o600 });
    return ['query', 'select 1', '--config-dir', dir];
  };
  for (const engine of ENGINES) {
    cases.push(
      {
        name: `query --engine ${engine}, SQL error`,
        args: () => on('jc', 'query', '--engine', engine, 'select nope from jumpcloud_user'),
        outcome: 'fail',
      },
      {
        name: `query --engine ${engine}, syntax error`,
        args: () => on('jc', 'query', '--engine', engine, 'selec id from jumpcloud_user'),
        outcome: 'fail',
      },
      {
        name: `query --engine ${engine}, a write to a JumpCloud table`,
        args: () => on('jc', 'query', '--engine', engine, "update jumpcloud_user set email = 'x'"),
        outcome: 'fail',
      },
      {
        name: `query --engine ${engine}, a key in an aggregator refused`,
        args: () => on('jc_all', 'query', '--engine', engine, 'select id from jumpcloud_user'),
        outcome: 'fail',
      },
      {
        name: `query --engine ${engine}, query timeout (JCSQL_QUERY_TIMEOUT)`,
        args: () => on('jc_slow', 'query', '--engine', engine, 'select id from jumpcloud_user'),
        env: () => ({ JCSQL_QUERY_TIMEOUT: '0.3' }),
        outcome: 'fail',
      },
    );
  }
  cases.push(
    { name: 'query, unknown connection', args: () => on('nope', 'query', 'select 1'), outcome: 'fail' },
    {
      name: 'query, missing .sql file',
      args: () => on('jc', 'query', join(f.out, 'missing.sql')),
      outcome: 'fail',
    },
    { name: 'query, empty stdin', args: () => on('jc', 'query'), stdin: '', outcome: 'fail' },
    {
      name: 'query, bad --output',
      args: () => on('jc', 'query', '--output', 'xml', 'select 1'),
      outcome: 'fail',
    },
    {
      name: 'query, malformed HCL after the key',
      args: badConfig('hcl', `connection "jc" {\n  plugin = "jumpcloud"\n  api_key = "${SENTINEL}\n}\n`),
      outcome: 'fail',
    },
    {
      name: 'query, api_key of the wrong type',
      args: badConfig('type', `connection "jc" {\n  plugin = "jumpcloud"\n  api_key = ["${SENTINEL}"]\n}\n`),
      outcome: 'fail',
    },
    {
      name: 'query, an api_url that is not allowed, with the key pasted into it',
      args: badConfig(
        'url',
        `connection "jc" {\n  plugin = "jumpcloud"\n  api_key = "${SENTINEL}"\n  api_url = "http://example.com/${SENTINEL}"\n}\n`,
      ),
      outcome: 'fail',
    },
    {
      name: 'query, the key in a heredoc, a syntax error after it',
      args: badConfig(
        'heredoc',
        `connection "jc" {\n  plugin = "jumpcloud"\n  api_key = <<EOT\n${SENTINEL}\nEOT\n  org_id = \n}\n`,
      ),
      outcome: 'fail',
    },
    {
      name: 'export, bad --where',
      args: () => on('jc', 'export', 'jumpcloud_user', '--where', 'nope = 1'),
      outcome: 'fail',
    },
    {
      name: 'export, bad --select',
      args: () => on('jc', 'export', 'jumpcloud_user', '--select', 'nope'),
      outcome: 'fail',
    },
    { name: 'export, unknown table', args: () => on('jc', 'export', 'jumpcloud_nope'), outcome: 'fail' },
    {
      name: 'export, an --output-file that cannot be written',
      args: () => on('jc', 'export', 'jumpcloud_user', '--output-file', join(f.out, 'no', 'such', 'dir.csv')),
      outcome: 'fail',
    },
    {
      name: 'export, query timeout (JCSQL_QUERY_TIMEOUT)',
      args: () => on('jc_slow', 'export', 'jumpcloud_user'),
      env: () => ({ JCSQL_QUERY_TIMEOUT: '0.3' }),
      outcome: 'fail',
    },
    {
      name: 'snapshot, the file exists',
      args: () => {
        writeFileSync(join(f.out, 'exists.db'), '');
        return on('jc', 'snapshot', join(f.out, 'exists.db'));
      },
      outcome: 'fail',
    },
    {
      name: 'snapshot, unknown table',
      args: () => on('jc', 'snapshot', join(f.out, 'x.db'), '--tables', 'jumpcloud_nope', '--force'),
      outcome: 'fail',
    },
    { name: 'tables, unknown table', args: () => ['tables', 'jumpcloud_nope'], outcome: 'fail' },
    { name: 'unknown command', args: () => ['frobnicate'], outcome: 'fail' },
    { name: 'no API key at all', args: () => ['query', 'select id from jumpcloud_user'], outcome: 'fail' },
  );
  return cases;
}

const SUCCESS_CASES = successCases();
const FAILURE_CASES = failureCases();

describe('every command path, with debug output on', () => {
  const check = async (c: PathCase) => {
    const run = await jcsql(c.args(), { env: c.env?.(), stdin: c.stdin, lines: c.lines });
    const shown = `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
    expectNoKey(run.stdout, `the stdout of ${c.name}`);
    expectNoKey(run.stderr, `the stderr of ${c.name}`);
    if (c.outcome === 'ok') expect(run.code, shown).toBe(0);
    else {
      expect(run.code, shown).not.toBe(0);
      expect(run.stderr, shown).toMatch(/^(Error|error)\b/m);
    }
    if (c.shows) expect(run.stdout, shown).toMatch(c.shows);
  };

  describe(`succeeding (${SUCCESS_CASES.length} paths)`, () => {
    for (const c of SUCCESS_CASES) it(c.name, () => check(c));
  });

  describe(`failing (${FAILURE_CASES.length} paths)`, () => {
    for (const c of FAILURE_CASES) it(c.name, () => check(c));
  });

  it('reached the API with the key, and sp_ctx / _ctx were really in the output', async () => {
    const run = await jcsql(on('jc', 'query', '--output', 'json', EVERY_TABLE_CTX));
    const contexts = [...run.stdout.matchAll(/"(?:sp_ctx|_ctx)": \{[^}]*\}/g)];
    expect(contexts.length).toBeGreaterThan(tables.length);
    expect(f.good.stats().total).toBeGreaterThan(100);
    expect(f.failing.stats().total).toBeGreaterThan(4);
  });
});

describe('errors, with their stacks and causes (what JCSQL_DEBUG would print)', () => {
  const extra: RunningSimulator[] = [];
  afterAll(() => Promise.all(extra.map((sim) => sim.close())));
  const simulator = async (faults: string) => {
    const sim = await startSimulator({ apiKey: SENTINEL, faults });
    extra.push(sim);
    return sim.url;
  };

  const SOURCES: Array<{
    name: string;
    origin: () => Promise<string> | string;
    apiKey?: string;
    orgId?: string;
    timeoutMs?: number;
  }> = [
    { name: 'wrong key (401)', origin: () => f.good.url, apiKey: WRONG_KEY },
    { name: 'unknown org id (404)', origin: () => f.good.url, orgId: '000000000000000000000000' },
    { name: 'malformed org id (400)', origin: () => f.good.url, orgId: 'not-an-org' },
    { name: 'forbidden (403)', origin: () => f.forbidden.url },
    { name: 'an error page that quotes the request headers (400)', origin: () => f.echo.url },
    { name: 'API unreachable', origin: () => 'http://127.0.0.1:1' },
    { name: 'persistent 500', origin: () => f.failing.url },
    { name: 'persistent 503', origin: () => simulator('503:1') },
    { name: 'persistent 429', origin: () => simulator('429-bare:1') },
    { name: 'connection reset', origin: () => simulator('reset:1') },
    { name: 'malformed JSON', origin: () => simulator('malformed:1') },
    { name: 'a stalled API (request timeout)', origin: () => f.stall.url, timeoutMs: 200 },
  ];
  const client = async (source: (typeof SOURCES)[number]) =>
    new JumpCloudClient({
      origin: await source.origin(),
      apiKey: source.apiKey ?? SENTINEL,
      orgId: source.orgId,
      timeoutMs: source.timeoutMs ?? 5_000,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    });

  for (const source of SOURCES) {
    it(`the client's error: ${source.name}`, async () => {
      const api = await client(source);
      const error = await (async () => {
        for await (const _ of api.list<User>(USERS)) {
          // drain: the first page fails
        }
      })().catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(JumpCloudApiError);
      expectNoKey(everything(error), `the error for ${source.name}`);
    });
  }

  /** Each engine over an aggregator of every source; each statement picks one by sp_connection_name. */
  const engineErrors = (kind: (typeof ENGINES)[number], sources: typeof SOURCES) => async () => {
    const byName = new Map<string, ConnectionHandle[]>();
    for (const [i, source] of sources.entries()) {
      const name = `src_${i}`;
      byName.set(name, [
        { name, orgId: source.orgId, client: await client(source), cache: new ScanCache(0, false) },
      ]);
    }
    const connections: SessionConnections = {
      default: [...byName.values()].flat(),
      byName,
      requests: { count: 0 },
    };
    const options = { tables, connections, home: f.home };
    const engine: SqlEngine =
      kind === 'postgres' ? await PostgresEngine.open(options) : await SqliteEngine.open(options);
    try {
      for (const [i, source] of sources.entries()) {
        const error = await (async () => {
          const sql = `select id, sp_ctx from jumpcloud_user where sp_connection_name = 'src_${i}'`;
          for (const plan of engine.plan(sql)) await engine.runStatement(plan);
        })().catch((thrown: unknown) => thrown);
        expect(describeError(error), `${kind}: ${source.name}`).toMatch(/^JumpCloud API GET /);
        expectNoKey(everything(error), `the ${kind} engine's error for ${source.name}`);
      }
    } finally {
      await engine.close();
    }
  };
  for (const kind of ENGINES) {
    it(`the ${kind} engine's errors: ${SOURCES.length} sources`, engineErrors(kind, SOURCES));
  }
});

describe('a running jcsql: process title and command line', () => {
  /** What other users of the machine see of a process: /proc/<pid>/cmdline and comm, and ps. */
  const seen = (pid: number) => {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    const ps = execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return { cmdline, comm, ps };
  };
  const MARKER = 'argv-marker-5a7c';

  it('shows `jcsql query`, never the key or the SQL, while a slow query runs', async () => {
    f.slow.resetStats();
    const sql = `select id /* ${MARKER} */ from jumpcloud_user limit 3`;
    const run = spawnJcsql(['query', '--output', 'csv', sql], {
      JUMPCLOUD_API_KEY: SENTINEL,
      JUMPCLOUD_API_URL: f.slow.url,
    });
    // The simulator holds each answer 1.5 s: look while the query waits on the API.
    await requestInFlight(f.slow, () => run.output.stderr);
    const view = seen(run.child.pid!);
    expect(view).toEqual({ cmdline: 'jcsql query', comm: 'jcsql query', ps: 'jcsql query' });
    expectNoKey(JSON.stringify(view), 'the process title');
    expect(await run.exited, run.output.stderr).toBe(0);
    expect(run.output.stdout.trim().split('\n')).toHaveLength(4);
    expectNoKey(run.output.stdout + run.output.stderr, 'the output of the built jcsql query');
  });

  it('shows `jcsql export` while an export runs, and a Ctrl+C leaves no key and no file behind', async () => {
    f.slow.resetStats();
    const file = join(f.out, 'interrupted.csv');
    const run = spawnJcsql(cfg('export', 'jumpcloud_user', '--connection', 'jc_slow', '--output-file', file));
    await requestInFlight(f.slow, () => run.output.stderr);
    expect(seen(run.child.pid!).ps).toBe('jcsql export');
    run.child.kill('SIGINT');
    expect(await run.exited).not.toBe(0);
    expect(existsSync(file)).toBe(false);
    expectNoKey(run.output.stdout + run.output.stderr, 'the output of an interrupted export');
  });
});

describe('serve, as a real child process', () => {
  it('keeps the key out of its output, its clients’ errors and its title, queries succeeding and failing', async () => {
    const dir = makeTempDir('jcsql-secret-serve-');
    writeFileSync(
      join(dir, 'jumpcloud.spc'),
      `${readFileSync(join(f.config, 'jumpcloud.spc'), 'utf8')}
connection "jc_serve" {
  type        = "aggregator"
  plugin      = "jumpcloud"
  connections = ["jc", "jc_wrongkey", "jc_slow", "jc_500", "jc_down", "jc_badorg", "jc_403"]
}
`,
      { mode: 0o600 },
    );
    // No --password: serve makes one and keeps it in the jcsql home.
    const run = spawnJcsql([
      'serve',
      '--port',
      '0',
      '--config-dir',
      dir,
      '--connection',
      'jc_serve',
      '--show-password',
    ]);
    const url = (await run.waitFor(/Connect with: (\S+)/))[1]!;
    expect(readFileSync(`/proc/${run.child.pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()).toBe(
      'jcsql serve',
    );
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const errors: unknown[] = [];
    const fails = async (sql: string) => {
      const error = await client.query(sql).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error, sql).toBeInstanceOf(Error);
      errors.push(error);
      return error as Error & { code?: string };
    };
    try {
      // Each statement reads one member of the aggregator, chosen by sp_connection_name.
      const of = (name: string) => `sp_connection_name = '${name}'`;
      const users = await client.query(
        `select id, sp_connection_name, sp_ctx, _ctx from jumpcloud_user where ${of('jc')} limit 2`,
      );
      expect(users.rows).toHaveLength(2);
      expect(users.rows[0].sp_ctx).toEqual({ connection_name: 'jc', jcsql: { version: expect.any(String) } });
      const one = await client.query(`select * from jumpcloud_user where ${of('jc')} and id = $1`, [
        users.rows[0].id,
      ]);
      expect(one.rows).toHaveLength(1);
      const contexts = [];
      for (const table of sampledTables)
        contexts.push(
          ...(await client.query(`select sp_ctx, _ctx from ${table.name} where ${of('jc')} limit 2`)).rows,
        );
      expectNoKey(JSON.stringify([users.rows, one.rows, contexts]), 'the rows served');
      for (const member of ['jc_wrongkey', 'jc_500', 'jc_down', 'jc_badorg', 'jc_403'])
        await fails(`select id from jumpcloud_user where ${of(member)}`);
      await fails('select id from jumpcloud_device'); // every member, the failing ones included
      await fails(`select nope from jumpcloud_user where ${of('jc')}`);
      await fails('selec 1');
      expect((await fails(`update jumpcloud_user set email = 'x' where ${of('jc')}`)).code).toBe('25006');
      await client.query('set statement_timeout = 300');
      await fails(`select id from jumpcloud_user where ${of('jc_slow')}`);
      await client.query('set statement_timeout = 0');
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
    const intruder = new pg.Client({ connectionString: url.replace(/:[^:@/]+@/, ':wrong-password@') });
    errors.push(
      await intruder.connect().then(
        () => undefined,
        (thrown: unknown) => thrown,
      ),
    );
    await intruder.end().catch(() => {});
    expect(errors.filter((error) => error instanceof Error)).toHaveLength(11);
    for (const error of errors)
      expectNoKey(everything(error), `the error a serve client got: ${(error as Error).message}`);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output.stdout).toContain('jcsql serve: stopped');
    expectNoKey(run.output.stdout, 'the stdout of serve');
    expectNoKey(run.output.stderr, 'the stderr of serve');
    const password = join(f.home, 'serve', 'password');
    expect(statSync(password).mode & 0o777).toBe(0o600);
    expectNoKey(readFileSync(password), 'the serve password file');
  });
});

describe('mcp, as a real child process driven by the SDK client', () => {
  it('keeps the key out of every tool answer and error, its resources, prompt, stderr and title', async () => {
    const dir = makeTempDir('jcsql-secret-mcp-');
    writeFileSync(
      join(dir, 'jumpcloud.spc'),
      `${readFileSync(join(f.config, 'jumpcloud.spc'), 'utf8')}
connection "jc_mcp" {
  type        = "aggregator"
  plugin      = "jumpcloud"
  connections = ["jc", "jc_wrongkey", "jc_500", "jc_down", "jc_badorg", "jc_403", "jc_echo"]
}
`,
      { mode: 0o600 },
    );
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [MAIN, 'mcp', '--config-dir', dir, '--connection', 'jc_mcp'],
      env: childEnv() as Record<string, string>,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const client = new McpClient({ name: 'secrets', version: '1.0.0' });
    await client.connect(transport);
    const seenText: string[] = [];
    const callTool = async (name: string, args: Record<string, unknown>) => {
      const result = (await client.callTool({ name, arguments: args })) as {
        content: Array<{ text: string }>;
        isError?: boolean;
      };
      seenText.push(JSON.stringify(result));
      return result;
    };
    try {
      expect(readFileSync(`/proc/${transport.pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()).toBe(
        'jcsql mcp',
      );
      const of = (name: string) => `sp_connection_name = '${name}'`;
      // The checks run on every member, the failing ones' retries waited out beside the queries below.
      const checking = callTool('run_check', { ids: ['user_mfa_not_configured'] });
      const users = await callTool('query', {
        sql: `select id, sp_connection_name, sp_ctx, _ctx from jumpcloud_user where ${of('jc')} limit 2`,
      });
      expect(users.isError, users.content[0]?.text).toBeFalsy();
      expect(users.content[0]?.text).toContain('connection_name');
      for (const table of sampledTables) {
        const rows = await callTool('query', {
          sql: `select sp_ctx from ${table.name} where ${of('jc')} limit 2`,
        });
        expect(rows.isError, rows.content[0]?.text).toBeFalsy();
      }
      const failing = [
        ...['jc_wrongkey', 'jc_500', 'jc_down', 'jc_badorg', 'jc_403', 'jc_echo'].map(
          (member) => `select id from jumpcloud_user where ${of(member)}`,
        ),
        'select id from jumpcloud_device', // every member, the failing ones included
        `update jumpcloud_user set email = 'x' where ${of('jc')}`,
        'selec 1',
      ];
      for (const [index, sql] of failing.entries()) {
        const engine = index % 2 === 0 ? 'postgres' : 'sqlite';
        const result = await callTool('query', { sql, engine });
        expect(result.isError, `${engine}: ${sql}`).toBe(true);
        await callTool('plan', { sql });
      }
      // Each failing member is an error line in the report.
      const checked = await checking;
      expect(checked.isError, checked.content[0]?.text).toBeFalsy();
      const { report } = JSON.parse(checked.content[0]!.text) as {
        report: { controls: Array<{ errors: Array<{ connection: string }> }> };
      };
      expect(report.controls[0]!.errors.map((error) => error.connection)).toContain('jc_wrongkey');
      await callTool('run_check', { ids: ['user_mfa_not_configure'] });
      await callTool('list_checks', { include_sql: true });
      await callTool('list_connections', {});
      await callTool('describe_table', { table: 'jumpcloud_user' });
      await callTool('list_tables', {});
      const prompt = await client.getPrompt({ name: 'jumpcloud_sql_guide' });
      const resources = await client.listResources();
      seenText.push(JSON.stringify([prompt, resources]));
      expect(seenText.join('\n')).toMatch(/401|[Uu]nauthori[sz]ed/); // the wrong key really reached the API
      expectNoKey(seenText.join('\n'), 'the answers of jcsql mcp');
    } finally {
      await client.close();
    }
    expectNoKey(stderr, 'the stderr of jcsql mcp');
  }, 180_000);
});

describe('demo mode, with a key in the environment', () => {
  it('demo serve prints the demo key, never the one in the environment', async () => {
    const run = spawnJcsql(['demo', 'serve', '--port', '0'], { JUMPCLOUD_API_KEY: SENTINEL });
    await run.waitFor(/JUMPCLOUD_ORG_ID=\w+/);
    expect(readFileSync(`/proc/${run.child.pid}/comm`, 'utf8').trim()).toBe('jcsql demo');
    run.child.kill('SIGTERM');
    await run.exited;
    expect(run.output.stdout).toMatch(/^JUMPCLOUD_API_KEY=jcsql-demo-/m);
    expectNoKey(run.output.stdout + run.output.stderr, 'the output of demo serve');
  });

  it('serve --demo answers a client and says nothing of the key; a --password stays out of its command line', async () => {
    const run = spawnJcsql(
      ['serve', '--demo', '--port', '0', '--password', 'pw-in-argv', '--show-password'],
      {
        JUMPCLOUD_API_KEY: SENTINEL,
      },
    );
    const url = (await run.waitFor(/Connect with: (\S+)/))[1]!;
    expect(readFileSync(`/proc/${run.child.pid}/cmdline`, 'utf8')).not.toContain('pw-in-argv');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = (await client.query('select sp_ctx from jumpcloud_user limit 1')).rows;
    await client.end();
    expect(rows).toEqual([{ sp_ctx: { connection_name: 'demo', jcsql: { version: expect.any(String) } } }]);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expectNoKey(run.output.stdout + run.output.stderr, 'the output of serve --demo');
  });
});

describe('a .spc file with a key that other users can read', () => {
  const commands = (dir: string) => [
    ['query', 'select count(*) from jumpcloud_user', '--config-dir', dir],
    ['query', '--engine', 'sqlite', 'select count(*) from jumpcloud_user', '--config-dir', dir],
    ['export', 'jumpcloud_user', '--limit', '1', '--config-dir', dir],
    ['snapshot', join(f.out, 'warned.db'), '--tables', 'jumpcloud_user', '--force', '--config-dir', dir],
  ];
  const configWith = (text: string, mode: number) => {
    const dir = makeTempDir('jcsql-secret-mode-');
    const file = join(dir, 'jumpcloud.spc');
    writeFileSync(file, text);
    chmodSync(file, mode); // the mode asked for, whatever the umask
    return { dir, file };
  };
  const twoKeys = () =>
    connection('jc', `  api_key = "${SENTINEL}"\n  api_url = "${f.good.url}"\n`) +
    connection(
      'jc_org2',
      `  api_key = "${SENTINEL}"\n  org_id  = "${f.good.orgIds[1]}"\n  api_url = "${f.good.url}"\n`,
    );
  const warnings = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('Warning:'));

  it('gets one warning naming the file and the fix on every command that reads it; the command still runs', async () => {
    for (const mode of [0o644, 0o640]) {
      const { dir, file } = configWith(twoKeys(), mode);
      for (const args of commands(dir)) {
        const run = await jcsql(args);
        expect(run.code, run.stderr).toBe(0);
        expect(warnings(run.stderr), args.join(' ')).toEqual([
          `Warning: ${file} holds an API key and other users can read it (mode 0${mode.toString(8)}); run chmod 600 ${file}`,
        ]);
        expectNoKey(run.stderr, 'the warning');
      }
    }
  });

  it('gets none at mode 0600, nor for a readable file without a key (the key from the environment)', async () => {
    const closed = configWith(twoKeys(), 0o600);
    const keyless = configWith(connection('jc', `  api_url = "${f.good.url}"\n`), 0o644);
    for (const { dir } of [closed, keyless]) {
      for (const args of commands(dir)) {
        const run = await jcsql(args, { env: { JUMPCLOUD_API_KEY: SENTINEL } });
        expect(run.code, run.stderr).toBe(0);
        expect(warnings(run.stderr), `${args.join(' ')}\n${run.stderr}`).toEqual([]);
      }
    }
  });
});

describe('files', () => {
  it('no file under the jcsql home (cache, history, serve password) or written by a command holds the key', () => {
    const home = filesUnder(f.home);
    const written = filesUnder(f.out);
    for (const file of [...home, ...written]) expectNoKey(readFileSync(file), file);
    // The runs above did write them, so this looked where the key could have gone.
    expect(home).toContain(join(f.home, 'history'));
    expect(home).toContain(join(f.home, 'serve', 'password'));
    expect(home.some((file) => file.includes('template'))).toBe(true);
    expect(written.filter((file) => /\.(csv|json|jsonl|db)$/.test(file)).length).toBeGreaterThan(12);
  });
});
