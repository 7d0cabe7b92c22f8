/**
 * Timeouts and cancellation: a stalled API never hangs a command past its timeout, and a
 * timeout, Ctrl+C or a client's cancel stops the API calls at once.
 *
 * Time is never asserted (speed is benchmarked, not tested): each test asserts what the user
 * sees (exit code, the one error line, no rows, no file) and that the simulator's request count
 * stops growing once the command has given up. "Never hangs" is bounded by the test timeouts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CliIO, runCli } from '../../src/cli/cli.js';
import { simulatorConnections } from '../../src/cli/session.js';
import type { SessionConnections } from '../../src/engines/engine.js';
import { planExport, runExport } from '../../src/engines/export/export.js';
import { StreamSink } from '../../src/engines/export/sinks.js';
import { SESSION_RESET } from '../../src/engines/serve/client-session.js';
import { type RunningServer, startServer } from '../../src/engines/serve/server.js';
import { SqliteEngine } from '../../src/engines/sqlite/sqlite-engine.js';
import { EXIT, UserError } from '../../src/errors.js';
import type { TableDef } from '../../src/sdk/index.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { tables, tablesByName } from '../../src/tables/index.js';
import { jcsql } from '../helpers/cli.js';
import { makeTempDir, testHome } from '../helpers/engine.js';
import { freePort } from '../helpers/postgres.js';

const MAIN = join(import.meta.dirname, '../../dist/cli/main.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The simulator's own count of the requests it received (`/__simulator/stats`). */
async function requestsReceived(simulator: RunningSimulator): Promise<number> {
  const response = await fetch(`${simulator.url}/__simulator/stats`);
  return ((await response.json()) as { total: number }).total;
}

/** Samples the count, waits, samples again: a command that gave up sends nothing more. */
async function expectRequestsStopped(simulator: RunningSimulator): Promise<number> {
  const before = await requestsReceived(simulator);
  await sleep(600);
  expect(await requestsReceived(simulator)).toBe(before);
  return before;
}

async function waitForRequests(simulator: RunningSimulator, atLeast: number): Promise<void> {
  while ((await requestsReceived(simulator)) < atLeast) await sleep(25);
}

/** Every request stalls (never answered) from now on. */
const stall = (simulator: RunningSimulator) => simulator.configure({ faults: 'stall:1', latencyMs: 0 });
/** Every request is answered, slowly: a hydrating query keeps sending requests for seconds. */
const slow = (simulator: RunningSimulator) => simulator.configure({ faults: '', latencyMs: 250 });

/** A query that lists 300 groups, then asks for each group's members: 300+ requests. */
const MANY_REQUESTS_SQL = 'select name, members from jumpcloud_user_group';

const TIMEOUT_LINE = (seconds: string, source = '--query-timeout') =>
  `Error: Query timed out after ${seconds} s (${source}); its API calls were stopped. Raise ${source} (0 means no limit), or narrow the query with WHERE or LIMIT so it needs fewer API calls\n`;

let simulator: RunningSimulator;
let configDir: string;
beforeAll(async () => {
  simulator = await startSimulator({ groups: 300 });
  configDir = makeTempDir('jcsql-timeouts-cfg-'); // no .spc: the connection comes from the environment
});
afterAll(() => simulator?.close());
afterEach(() => simulator.configure({ faults: '', latencyMs: 0 }));

const env = (extra: Record<string, string> = {}) => ({
  JCSQL_CONFIG_DIR: configDir,
  JUMPCLOUD_API_URL: simulator.url,
  JUMPCLOUD_API_KEY: simulator.apiKey,
  ...extra,
});

describe('jcsql query --query-timeout', () => {
  for (const engine of ['postgres', 'sqlite']) {
    it(`${engine}: a stalled API ends at the timeout: one line, no rows, exit 41, no request after`, async () => {
      stall(simulator);
      const run = await jcsql(
        ['query', '--engine', engine, '--query-timeout', '1', 'select id from jumpcloud_user'],
        {
          env: env(),
        },
      );
      expect(run.stderr).toBe(TIMEOUT_LINE('1'));
      expect(run.stdout).toBe('');
      expect(run.code).toBe(EXIT.queryFailed);
      await expectRequestsStopped(simulator);
    });

    it(`${engine}: a slow query's API calls stop when the timeout fires`, async () => {
      slow(simulator);
      const before = await requestsReceived(simulator);
      const run = await jcsql(
        ['query', '--engine', engine, '--output', 'csv', '--query-timeout', '1.5', MANY_REQUESTS_SQL],
        { env: env() },
      );
      expect(run.stderr).toBe(TIMEOUT_LINE('1.5'));
      expect(run.stdout).toBe('');
      expect(run.code).toBe(EXIT.queryFailed);
      // Far fewer than the 300+ the query needs: the rest were never sent.
      expect((await expectRequestsStopped(simulator)) - before).toBeLessThan(300);
    });
  }

  it('applies to each statement: the one that runs out fails, the others print, exit 41', async () => {
    stall(simulator);
    const run = await jcsql(
      [
        'query',
        '--output',
        'csv',
        '--query-timeout',
        '1',
        'select 1 as first; select id from jumpcloud_user; select 3 as third',
      ],
      { env: env() },
    );
    expect(run.stdout).toBe('first\n1\n\nthird\n3\n');
    expect(run.stderr).toBe(TIMEOUT_LINE('1'));
    expect(run.code).toBe(EXIT.queryFailed);
  });

  it('goes on after a statement stopped inside Postgres: the next one runs on a fresh engine', async () => {
    const run = await jcsql(
      [
        'query',
        '--output',
        'csv',
        '--query-timeout',
        '1',
        'select pg_sleep(10); select count(*) as n from jumpcloud_user',
      ],
      { env: env() },
    );
    expect(run.stdout).toBe(`n\n${simulator.data.orgs[0]!.users.length}\n`);
    expect(run.stderr).toBe(TIMEOUT_LINE('1'));
    expect(run.code).toBe(EXIT.queryFailed);
  });

  it('takes JCSQL_QUERY_TIMEOUT when the flag is not given, and the flag over it (0: no limit)', async () => {
    slow(simulator);
    const fromEnv = await jcsql(['query', 'select count(*) as n from jumpcloud_user'], {
      env: env({ JCSQL_QUERY_TIMEOUT: '0.2' }),
    });
    expect(fromEnv.stderr).toBe(TIMEOUT_LINE('0.2', 'JCSQL_QUERY_TIMEOUT'));
    expect(fromEnv.code).toBe(EXIT.queryFailed);
    const flagWins = await jcsql(
      ['query', '--output', 'csv', '--query-timeout', '0', 'select count(*) as n from jumpcloud_user'],
      { env: env({ JCSQL_QUERY_TIMEOUT: '0.2' }) },
    );
    expect(flagWins.stderr).toBe('');
    expect(flagWins.stdout).toBe(`n\n${simulator.data.orgs[0]!.users.length}\n`);
    expect(flagWins.code).toBe(0);
  });

  for (const value of ['-1', 'abc', '', '1e3', '5s', 'Infinity', '99999999999']) {
    it(`refuses --query-timeout '${value}' with one line and exit 254, before any API call`, async () => {
      const before = await requestsReceived(simulator);
      const run = await jcsql(['query', `--query-timeout=${value}`, 'select id from jumpcloud_user'], {
        env: env(),
      });
      expect(run.code).toBe(EXIT.badInput);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `error: option '--query-timeout <seconds>' argument '${value}' is invalid. --query-timeout takes a number of seconds from 0 (no limit) to 2147483, got '${value}'\n`,
      );
      expect(await requestsReceived(simulator)).toBe(before);
    });
  }

  for (const command of [
    ['query', 'select 1'],
    ['export', 'jumpcloud_user'],
    ['serve', '--port', '0'],
  ]) {
    it(`jcsql ${command[0]} refuses a bad JCSQL_QUERY_TIMEOUT with one line and exit 254`, async () => {
      const run = await jcsql(command, { env: env({ JCSQL_QUERY_TIMEOUT: 'soon' }) });
      expect(run.code).toBe(EXIT.badInput);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        "Error: JCSQL_QUERY_TIMEOUT takes a number of seconds from 0 (no limit) to 2147483, got 'soon'. Fix or unset JCSQL_QUERY_TIMEOUT\n",
      );
    });
  }
});

describe('the interactive shell', () => {
  it('applies --query-timeout to each statement and goes on', async () => {
    stall(simulator);
    const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
    stdin.isTTY = true;
    let stdout = '';
    let stderr = '';
    const sink = (append: (chunk: string) => void) =>
      ({
        write: (chunk: string) => {
          append(String(chunk));
          return true;
        },
      }) as unknown as CliIO['stdout'];
    const io: CliIO = {
      stdin,
      stdout: sink((chunk) => {
        stdout += chunk;
      }),
      stderr: sink((chunk) => {
        stderr += chunk;
      }),
      env: { JCSQL_HOME: testHome(), HOME: testHome(), ...env() },
    };
    const exited = runCli(['query', '--output', 'csv', '--query-timeout', '1'], io);
    stdin.write('select id from jumpcloud_user;\nselect 42 as answer;\n');
    while (!stdout.includes('answer\n42\n')) await sleep(25);
    stdin.end(); // Ctrl+D
    expect(await exited).toBe(0);
    expect(stderr).toBe(TIMEOUT_LINE('1'));
    await expectRequestsStopped(simulator);
  });
});

describe('a stalled API with no --query-timeout', () => {
  /** A connection whose client gives up on an attempt after 0.2 s, after 3 attempts in all. */
  function shortTimeoutConnections(): SessionConnections {
    return simulatorConnections(simulator, {
      cache: false,
      timeoutMs: 200,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    });
  }

  it('query: the per-attempt timeout and bounded retries end it, naming the endpoint', async () => {
    stall(simulator);
    const before = await requestsReceived(simulator);
    const connections = shortTimeoutConnections();
    const engine = await SqliteEngine.open({ tables, connections, home: testHome() });
    try {
      const [plan] = engine.plan('select id from jumpcloud_user');
      await expect(engine.runStatement(plan!)).rejects.toThrow(
        'JumpCloud API GET /api/systemusers timed out after 0.2 s (after 3 attempts)',
      );
    } finally {
      await engine.close();
    }
    expect((await expectRequestsStopped(simulator)) - before).toBe(3);
  });

  it('export: the same, and nothing is written', async () => {
    stall(simulator);
    const before = await requestsReceived(simulator);
    const plan = planExport({ table: tablesByName.get('jumpcloud_device')!, format: 'csv' });
    let written = '';
    const sink = new StreamSink({
      write: (chunk: string) => {
        written += chunk;
        return true;
      },
    } as unknown as NodeJS.WritableStream);
    await expect(runExport(plan, { connections: shortTimeoutConnections().default, sink })).rejects.toThrow(
      'JumpCloud API GET /api/systems timed out after 0.2 s (after 3 attempts)',
    );
    expect(written).toBe('');
    expect((await expectRequestsStopped(simulator)) - before).toBe(3);
  });
});

describe("a failing statement's other API calls", () => {
  it('stop with it: hydrates still running or waiting are aborted when one fails', async () => {
    slow(simulator);
    // The members hydrate of the 15th group fails at once; the others are slow API calls.
    const groups = tablesByName.get('jumpcloud_user_group')!;
    const members = groups.hydrates!.members!;
    let calls = 0;
    const failing: TableDef = {
      ...groups,
      hydrates: {
        ...groups.hydrates,
        members: {
          run: async (item, ctx) => {
            if (++calls === 15) throw new UserError('this hydrate failed');
            return members.run(item, ctx);
          },
        },
      },
    };
    const engine = await SqliteEngine.open({
      tables: tables.map((table) => (table.name === groups.name ? failing : table)),
      connections: simulatorConnections(simulator, { cache: false }),
      home: testHome(),
    });
    const before = await requestsReceived(simulator);
    try {
      const [plan] = engine.plan(MANY_REQUESTS_SQL);
      await expect(engine.runStatement(plan!)).rejects.toThrow('this hydrate failed');
    } finally {
      await engine.close();
    }
    expect((await expectRequestsStopped(simulator)) - before).toBeLessThan(300);
  });
});

describe('jcsql export --query-timeout', () => {
  it('a stalled API ends at the timeout, and --output-file is not written', async () => {
    stall(simulator);
    const dir = makeTempDir('jcsql-timeouts-out-');
    const file = join(dir, 'users.csv');
    const run = await jcsql(['export', 'jumpcloud_user', '--output-file', file, '--query-timeout', '1'], {
      env: env(),
    });
    expect(run.stderr).toBe(
      `Error: Export timed out after 1 s (--query-timeout); its API calls were stopped (${file} was not written). Raise --query-timeout (0 means no limit), or narrow the export with --where or --limit so it needs fewer API calls\n`,
    );
    expect(run.code).toBe(EXIT.failed);
    expect(readdirSync(dir)).toEqual([]); // neither the file nor its temporary
    await expectRequestsStopped(simulator);
  });

  it("a slow export's API calls stop when the timeout fires; nothing reaches stdout", async () => {
    slow(simulator);
    const before = await requestsReceived(simulator);
    const run = await jcsql(
      ['export', 'jumpcloud_user_group', '--select', 'name,members', '--output', 'jsonl'],
      { env: env({ JCSQL_QUERY_TIMEOUT: '1.5' }) },
    );
    expect(run.stderr).toBe(
      'Error: Export timed out after 1.5 s (JCSQL_QUERY_TIMEOUT); its API calls were stopped (nothing was written). Raise JCSQL_QUERY_TIMEOUT (0 means no limit), or narrow the export with --where or --limit so it needs fewer API calls\n',
    );
    expect(run.stdout).toBe('');
    expect(run.code).toBe(EXIT.failed);
    expect((await expectRequestsStopped(simulator)) - before).toBeLessThan(300);
  });
});

describe('the built command (not a terminal): Ctrl+C, serve --query-timeout', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  function start(args: string[]) {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { ...process.env, JCSQL_HOME: testHome(), HOME: testHome(), ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    return { child, exited, output: () => ({ stdout, stderr }) };
  }

  for (const engine of ['postgres', 'sqlite']) {
    it(`query (${engine}): exits 130 with one line, no rows, and its API calls stop`, async () => {
      slow(simulator);
      const before = await requestsReceived(simulator);
      const run = start(['query', '--engine', engine, MANY_REQUESTS_SQL]);
      await waitForRequests(simulator, before + 5); // running: the statement is fetching
      run.child.kill('SIGINT');
      expect(await run.exited).toEqual({ code: 130, signal: null });
      expect(run.output()).toEqual({
        stdout: '',
        stderr: 'Error: canceling statement due to user request\n',
      });
      expect((await expectRequestsStopped(simulator)) - before).toBeLessThan(300);
    });
  }

  it('query --query-timeout 1 stops a statement running inside Postgres (pg_sleep(10)): exit 41, well before 10 s', async () => {
    const timed = async (args: string[]) => {
      const run = start(args);
      const started = performance.now();
      const exited = await run.exited;
      return { exited, ms: performance.now() - started, ...run.output() };
    };
    // Start-up alone takes seconds on a loaded machine: the statement's own time is what is compared.
    const baseline = await timed(['query', '--query-timeout', '1', 'select 1']);
    expect(baseline.exited).toEqual({ code: 0, signal: null });
    const sleeper = await timed(['query', '--query-timeout', '1', 'select pg_sleep(10)']);
    expect(sleeper.exited).toEqual({ code: EXIT.queryFailed, signal: null });
    expect({ stdout: sleeper.stdout, stderr: sleeper.stderr }).toEqual({
      stdout: '',
      stderr: TIMEOUT_LINE('1'),
    });
    // The 1 s timeout and some noise; the statement itself would take 10 s.
    expect(sleeper.ms - baseline.ms).toBeLessThan(5_000);
  });

  it('query: Ctrl+C stops a statement running inside Postgres (pg_sleep) at once, exit 130', async () => {
    const before = await requestsReceived(simulator);
    // One API call, then a 30 s sleep inside Postgres.
    const run = start(['query', 'select pg_sleep(30), id from jumpcloud_user limit 1']);
    await waitForRequests(simulator, before + 1);
    await sleep(1_000); // loaded, and sleeping
    const signalled = performance.now();
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 130, signal: null });
    expect(performance.now() - signalled).toBeLessThan(5_000);
    expect(run.output()).toEqual({ stdout: '', stderr: 'Error: canceling statement due to user request\n' });
  });

  /** The built `serve` on a free port, ready, and a client for it (not yet connected). */
  const startServe = async (flags: string[]) => {
    const port = await freePort();
    const run = start(['serve', '--port', String(port), '--password', 'pw', ...flags]);
    while (!run.output().stdout.includes('Connect with:')) {
      expect(run.child.exitCode).toBeNull();
      await sleep(25);
    }
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'jcsql',
      password: 'pw',
      database: 'jcsql',
    });
    return { run, client };
  };

  it('serve: SIGTERM stops the server at once while a client sleeps inside Postgres', async () => {
    const { run, client } = await startServe([]);
    client.on('error', () => {}); // the server going away
    await client.connect();
    const sleeping = client.query('select pg_sleep(30)').catch((error: unknown) => error);
    await sleep(1_000);
    const signalled = performance.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(performance.now() - signalled).toBeLessThan(5_000);
    expect(await sleeping).toBeInstanceOf(Error);
  });

  it('query: a stalled API does not keep it from exiting 130', async () => {
    stall(simulator);
    const before = await requestsReceived(simulator);
    const run = start(['query', 'select id from jumpcloud_user']);
    await waitForRequests(simulator, before + 1);
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 130, signal: null });
    expect(run.output()).toEqual({ stdout: '', stderr: 'Error: canceling statement due to user request\n' });
    await expectRequestsStopped(simulator);
  });

  it('serve --query-timeout: a stalled statement fails with 57014, and the server goes on', async () => {
    const { run, client } = await startServe(['--query-timeout', '1']);
    await client.connect();
    try {
      stall(simulator);
      await expect(client.query('select id from jumpcloud_user')).rejects.toMatchObject({
        code: '57014',
        message: 'canceling statement due to statement timeout',
      });
      await expectRequestsStopped(simulator);
      expect((await client.query('select 9 as nine')).rows).toEqual([{ nine: 9 }]);
    } finally {
      await client.end();
    }
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('export: exits 130, leaves no file, and its API calls stop', async () => {
    slow(simulator);
    const dir = makeTempDir('jcsql-timeouts-sigint-');
    const file = join(dir, 'groups.jsonl');
    const before = await requestsReceived(simulator);
    const run = start([
      'export',
      'jumpcloud_user_group',
      '--select',
      'name,members',
      '--output',
      'jsonl',
      '--output-file',
      file,
    ]);
    await waitForRequests(simulator, before + 5);
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 130, signal: null });
    expect(run.output()).toEqual({
      stdout: '',
      stderr: `Error: Export cancelled (${file} was not written)\n`,
    });
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect((await expectRequestsStopped(simulator)) - before).toBeLessThan(300);
  });
});

describe('jcsql serve: statement_timeout and CancelRequest', () => {
  let server: RunningServer;
  const password = 'timeouts-test';
  beforeAll(async () => {
    server = await startServer({
      tables,
      connections: simulatorConnections(simulator, { cache: false }),
      home: testHome(),
      host: '127.0.0.1',
      port: 0,
      database: 'jcsql',
      user: 'jcsql',
      password,
      statementTimeoutMs: 1000,
    });
  });
  afterAll(() => server?.close());

  const connect = async (config: pg.ClientConfig = {}) => {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: server.port,
      user: 'jcsql',
      password,
      database: 'jcsql',
      ...config,
    });
    await client.connect();
    return client;
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );
  const STATEMENT_TIMEOUT = { code: '57014', message: 'canceling statement due to statement timeout' };

  it("the server's default (--query-timeout) stops a stalled statement with 57014; the session goes on", async () => {
    const client = await connect();
    try {
      stall(simulator);
      expect(await failure(client.query('select id from jumpcloud_user'))).toMatchObject(STATEMENT_TIMEOUT);
      await expectRequestsStopped(simulator);
      expect((await client.query('select 5 as five')).rows).toEqual([{ five: 5 }]);
    } finally {
      await client.end();
    }
  });

  it("a client's own SET statement_timeout wins over the server's; 0 falls back to it", async () => {
    const client = await connect();
    try {
      // One request that takes longer than the server's 1 s: a longer timeout of the client's own lets it finish.
      simulator.configure({ faults: '', latencyMs: 1500 });
      await client.query("set statement_timeout = '30s'");
      const { rows } = await client.query('select count(*)::int as n from jumpcloud_user');
      expect(rows).toEqual([{ n: simulator.data.orgs[0]!.users.length }]);
      // A shorter one stops it sooner.
      slow(simulator);
      await client.query("set statement_timeout = '200ms'");
      expect(await failure(client.query('select count(*) from jumpcloud_user'))).toMatchObject(
        STATEMENT_TIMEOUT,
      );
      await client.query('reset statement_timeout');
      stall(simulator);
      expect(await failure(client.query('select id from jumpcloud_device'))).toMatchObject(STATEMENT_TIMEOUT);
      await expectRequestsStopped(simulator);
    } finally {
      await client.end();
    }
  });

  it('honours statement_timeout sent at startup (node-postgres statement_timeout), in a transaction too', async () => {
    const client = await connect({ statement_timeout: 300 });
    try {
      expect((await client.query('show statement_timeout')).rows).toEqual([{ statement_timeout: '300ms' }]);
      stall(simulator);
      await client.query('begin');
      expect(await failure(client.query('select id from jumpcloud_user'))).toMatchObject(STATEMENT_TIMEOUT);
      // As in Postgres, the failed statement aborts the transaction.
      expect(await failure(client.query('select 1'))).toMatchObject({ code: '25P02' });
      await client.query('rollback');
      expect((await client.query('select 6 as six')).rows).toEqual([{ six: 6 }]);
      await expectRequestsStopped(simulator);
    } finally {
      await client.end();
    }
  });

  it('refuses a bad statement_timeout at startup as Postgres does (22023), and keeps serving', async () => {
    await expect(connect({ statement_timeout: 'soon' as unknown as number })).rejects.toMatchObject({
      code: '22023',
      message: expect.stringContaining('statement_timeout'),
    });
    const client = await connect();
    expect((await client.query('select 7 as seven')).rows).toEqual([{ seven: 7 }]);
    await client.end();
  });

  it("a client's cancel (pg's Client.cancel, a CancelRequest) stops the statement and its API calls", async () => {
    const client = await connect();
    try {
      slow(simulator);
      await client.query("set statement_timeout = '60s'"); // the cancel, not a timeout, must stop it
      const before = await requestsReceived(simulator);
      const query = new pg.Query(MANY_REQUESTS_SQL);
      const result = new Promise<unknown>((resolve) => {
        query.on('error', resolve);
        query.on('end', () => resolve(undefined));
      });
      client.query(query);
      await waitForRequests(simulator, before + 5);
      const canceller = new pg.Client({ host: '127.0.0.1', port: server.port });
      (canceller as unknown as { cancel(client: pg.Client, query: pg.Query): void }).cancel(client, query);
      expect(await result).toMatchObject({
        code: '57014',
        message: 'canceling statement due to user request',
      });
      expect((await expectRequestsStopped(simulator)) - before).toBeLessThan(300);
      expect((await client.query('select 8 as eight')).rows).toEqual([{ eight: 8 }]);
    } finally {
      await client.end();
    }
  });

  it('a statement sleeping inside Postgres holds no other client, and gets 57014 at its timeout; its session goes on afresh', async () => {
    const sleeper = await connect();
    const other = await connect();
    try {
      await sleeper.query('create temporary table mine (x int)');
      await sleeper.query("set statement_timeout = '2s'");
      const started = performance.now();
      let sleeperDone = false;
      const sleeping = failure(sleeper.query('select pg_sleep(30)')).finally(() => {
        sleeperDone = true;
      });
      await sleep(300);
      expect((await other.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      expect(sleeperDone).toBe(false); // answered while the other statement was still running
      expect(await sleeping).toMatchObject({ ...STATEMENT_TIMEOUT, detail: SESSION_RESET });
      expect(performance.now() - started).toBeLessThan(10_000);
      // The session goes on, on a fresh engine: what it had made is gone, as the detail says.
      expect((await sleeper.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
      expect(await failure(sleeper.query('select * from mine'))).toMatchObject({ code: '42P01' });
      expect((await sleeper.query('select count(*)::int as n from jumpcloud_user')).rows).toEqual([
        { n: simulator.data.orgs[0]!.users.length },
      ]);
    } finally {
      await Promise.all([sleeper.end(), other.end()]);
    }
  });

  it('a CancelRequest stops a statement sleeping inside Postgres with 57014; the session goes on', async () => {
    const client = await connect();
    try {
      await client.query("set statement_timeout = '60s'"); // the cancel, not a timeout, must stop it
      const query = new pg.Query('select pg_sleep(30)');
      const result = new Promise<unknown>((resolve) => {
        query.on('error', resolve);
        query.on('end', () => resolve(undefined));
      });
      client.query(query);
      await sleep(500);
      const cancelled = performance.now();
      const canceller = new pg.Client({ host: '127.0.0.1', port: server.port });
      (canceller as unknown as { cancel(client: pg.Client, query: pg.Query): void }).cancel(client, query);
      expect(await result).toMatchObject({
        code: '57014',
        message: 'canceling statement due to user request',
        detail: SESSION_RESET,
      });
      expect(performance.now() - cancelled).toBeLessThan(5_000);
      expect((await client.query('select 8 as eight')).rows).toEqual([{ eight: 8 }]);
    } finally {
      await client.end();
    }
  });
});
