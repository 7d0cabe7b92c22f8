import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INTERNAL_ERROR } from '../../src/engines/serve/client-session.js';
import { EXIT } from '../../src/errors.js';
import { col, defineTable } from '../../src/sdk/index.js';
import { tables as registry } from '../../src/tables/index.js';
import { jcsql } from '../helpers/cli.js';
import { type DemoServer, openDemoServer } from '../helpers/serve.js';

const run = promisify(execFile);

describe('jcsql serve', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await openDemoServer();
  });
  afterAll(() => demo?.close());
  beforeEach(() => demo.simulator.resetStats());

  const client = async () => {
    const c = new pg.Client(demo.connection);
    await c.connect();
    return c;
  };
  /** psql's stdout and stderr for these commands. */
  const psqlOutput = async (...commands: string[]) => {
    const { host, port, user, database, password } = demo.connection;
    const args = [
      '-X',
      '-h',
      host,
      '-p',
      String(port),
      '-U',
      user,
      '-d',
      database,
      ...commands.flatMap((c) => ['-c', c]),
    ];
    return run('psql', args, { env: { ...process.env, PGPASSWORD: password } });
  };
  const psql = async (...commands: string[]) => (await psqlOutput(...commands)).stdout;
  const routes = () => demo.simulator.stats().byRoute;

  describe('psql', () => {
    it('lists the tables with \\dt', async () => {
      const out = await psql('\\dt');
      for (const name of ['jumpcloud_user', 'jumpcloud_device_macos_app', 'jumpcloud_user_group'])
        expect(out).toContain(name);
      expect(out).toContain(`(${registry.length} rows)`);
    });

    it('describes a table with \\d, with Postgres types', async () => {
      const out = await psql('\\d jumpcloud_device');
      expect(out).toMatch(/remote_ip\s+\|\s+inet/);
      expect(out).toMatch(/last_contact\s+\|\s+timestamp with time zone/);
      expect(out).toMatch(/fde\s+\|\s+jsonb/);
    });

    it('runs queries, with \\timing', async () => {
      const out = await psql(
        '\\timing on',
        "select count(*) from jumpcloud_user where department = 'Engineering'",
      );
      expect(out).toMatch(/^\s+\d+$/m);
      expect(out).toMatch(/Time: [\d.]+ ms/);
      expect(routes()).toEqual({ 'GET /api/systemusers': 1 });
    });

    it('tells the client, as a WARNING, when a table applied its default time window', async () => {
      const out = await psqlOutput('select count(*) from jumpcloud_directory_event');
      expect(out.stdout).toMatch(/^\s+\d+$/m);
      expect(out.stderr).toMatch(
        /^WARNING: {2}jumpcloud_directory_event: no lower bound on timestamp, so only the 24 hours up to .* were read/m,
      );
      const bounded = await psqlOutput(
        "select count(*) from jumpcloud_directory_event where timestamp > now() - interval '2 days'",
      );
      expect(bounded.stderr).toBe('');
    });
  });

  describe('node-postgres', () => {
    it('pushes a parameter that arrives only in Bind down to the API', async () => {
      const user = demo.simulator.data.orgs[0]!.users[7]!;
      const c = await client();
      try {
        const result = await c.query('select username from jumpcloud_user where id = $1', [user._id]);
        expect(result.rows).toEqual([{ username: user.username }]);
        expect(routes()).toEqual({ 'GET /api/systemusers/{id}': 1 });
      } finally {
        await c.end();
      }
    });

    it('runs a named prepared statement again with other values', async () => {
      const [a, b] = demo.simulator.data.orgs[0]!.users.slice(20, 22);
      const c = await client();
      try {
        const text = 'select email from jumpcloud_user where id = $1';
        const first = await c.query({ name: 'by_id', text, values: [a!._id] });
        const second = await c.query({ name: 'by_id', text, values: [b!._id] });
        expect(first.rows).toEqual([{ email: a!.email }]);
        expect(second.rows).toEqual([{ email: b!.email }]);
        expect(routes()).toEqual({ 'GET /api/systemusers/{id}': 2 });
      } finally {
        await c.end();
      }
    });

    it('answers the catalog queries BI tools send on connect', async () => {
      const c = await client();
      try {
        const tables = await c.query(
          "select table_name from information_schema.tables where table_schema = 'public' order by 1",
        );
        expect(tables.rows).toHaveLength(registry.length);
        const columns = await c.query(
          `select a.attname, format_type(a.atttypid, a.atttypmod) as type, col_description(a.attrelid, a.attnum) as comment
           from pg_attribute a join pg_class c on c.oid = a.attrelid
           where c.relname = 'jumpcloud_user' and a.attnum > 0 and not a.attisdropped order by a.attnum limit 2`,
        );
        expect(columns.rows[0]).toEqual({
          attname: 'display_name',
          type: 'text',
          comment: "Specifies the user's preferred full name.",
        });
        const version = await c.query('select version(), current_setting($1) as encoding', [
          'server_encoding',
        ]);
        expect(version.rows[0].encoding).toBe('UTF8');
      } finally {
        await c.end();
      }
    });

    it('refuses to write, with SQLSTATE 25006, and the session goes on', async () => {
      const c = await client();
      try {
        await expect(c.query("update jumpcloud_user set email = 'x'")).rejects.toMatchObject({
          code: '25006',
          message: expect.stringContaining('read-only'),
        });
        expect((await c.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await c.end();
      }
    });
  });

  describe('isolation', () => {
    it('keeps eight concurrent clients apart: settings, transactions, temporary tables, cursors', async () => {
      const solo = async (c: pg.Client, i: number) => {
        const department = [
          'Engineering',
          'Finance',
          'Sales',
          'IT',
          'Marketing',
          'Legal',
          'HR',
          'Operations',
        ][i]!;
        await c.query('begin');
        await c.query(`set application_name = 'client-${i}'`);
        await c.query(`set timezone = '${i % 2 === 0 ? 'UTC' : 'Asia/Tokyo'}'`);
        await c.query(
          `create temp table mine as select id, username from jumpcloud_user where department = '${department}'`,
        );
        await c.query(
          `declare cur cursor for select username from jumpcloud_user where department = '${department}' order by username`,
        );
        const first = await c.query('fetch 2 from cur');
        const devices = await c.query("select count(*)::int as n from jumpcloud_device where os = 'Windows'");
        const rest = await c.query('fetch all from cur');
        const mine = await c.query('select count(*)::int as n from mine');
        const settings = await c.query(
          "select current_setting('application_name') as app, current_setting('timezone') as tz",
        );
        await c.query('commit');
        return {
          cursor: [...first.rows, ...rest.rows].map((row) => row.username),
          devices: devices.rows[0].n,
          mine: mine.rows[0].n,
          settings: settings.rows[0],
        };
      };
      // Each alone, one after another…
      const alone = [];
      for (let i = 0; i < 8; i++) {
        const c = await client();
        alone.push(await solo(c, i));
        await c.end();
      }
      // …then all eight at once.
      const clients = await Promise.all(Array.from({ length: 8 }, () => client()));
      const together = await Promise.all(clients.map((c, i) => solo(c, i)));
      await Promise.all(clients.map((c) => c.end()));
      expect(together).toEqual(alone);
      for (const [i, result] of together.entries()) {
        expect(result.settings.app).toBe(`client-${i}`);
        expect(result.cursor.length).toBe(result.mine);
      }
    });

    it('does not let one client see another’s temporary table', async () => {
      const [a, b] = await Promise.all([client(), client()]);
      try {
        await a.query('create temp table secret as select 1 as x');
        await expect(b.query('select * from secret')).rejects.toMatchObject({ code: '42P01' });
      } finally {
        await Promise.all([a.end(), b.end()]);
      }
    });
  });

  describe('refusals and failures', () => {
    it('refuses a wrong password and an unknown database, and keeps serving', async () => {
      const wrong = new pg.Client({ ...demo.connection, password: 'nope' });
      await expect(wrong.connect()).rejects.toMatchObject({
        code: '28P01', // invalid_password, as PostgreSQL answers
        message: 'password authentication failed for user "jcsql"',
      });
      const unknown = new pg.Client({ ...demo.connection, database: 'other' });
      await expect(unknown.connect()).rejects.toMatchObject({ code: '3D000' });
      const c = await client();
      expect((await c.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
      await c.end();
    });

    for (const [name, bytes] of [
      ['garbage', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
      ['a truncated startup packet', Buffer.from([0, 0, 0, 40, 0, 3, 0, 0, 117, 115])],
      ['an absurd length', Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 3, 0, 0])],
      ['an unknown protocol version', Buffer.from([0, 0, 0, 8, 0, 9, 0, 0])],
    ] as const) {
      it(`closes a connection that sends ${name}, and keeps serving`, async () => {
        await new Promise<void>((resolve) => {
          const socket = connect(demo.connection.port, '127.0.0.1', () => {
            socket.write(bytes);
            setTimeout(() => socket.end(), 200);
          });
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          socket.resume();
        });
        const c = await client();
        expect((await c.query('select 3 as three')).rows).toEqual([{ three: 3 }]);
        await c.end();
      });
    }

    it('survives a client that disconnects mid-query', async () => {
      demo.simulator.configure({ latencyMs: 200 });
      try {
        const c = await client();
        c.on('error', () => {});
        const pending = c
          .query('select count(*) from jumpcloud_user_group g, jsonb_array_elements(g.members)')
          .catch(() => null);
        await new Promise((resolve) => setTimeout(resolve, 300));
        (c as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
        await pending;
      } finally {
        demo.simulator.configure({ latencyMs: 0 });
      }
      const fresh = await client();
      expect((await fresh.query('select 4 as four')).rows).toEqual([{ four: 4 }]);
      await fresh.end();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(demo.server.clients).toBe(0);
    });

    it('cancels a running fetch on CancelRequest', async () => {
      demo.simulator.configure({ latencyMs: 300 });
      const c = await client();
      try {
        const started = Date.now();
        const pending = c
          .query('select count(*) from jumpcloud_user_group g, jsonb_array_elements(g.members)')
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        await new Promise((resolve) => setTimeout(resolve, 400));
        const { processID, secretKey } = c as unknown as { processID: number; secretKey: number };
        await sendCancel(demo.connection.port, processID, secretKey);
        expect(await pending).toMatchObject({
          code: '57014',
          message: 'canceling statement due to user request',
        });
        expect(Date.now() - started).toBeLessThan(12 * 300);
        expect((await c.query('select 5 as five')).rows).toEqual([{ five: 5 }]);
      } finally {
        demo.simulator.configure({ latencyMs: 0 });
        await c.end();
      }
    });
  });
});

describe('jcsql serve, an error it did not make on purpose', () => {
  const SECRET_DETAIL = 'internal detail: token=abc123 at /home/someone/jcsql';
  // A table whose scan fails with a plain Error (a bug, not a failure jcsql reports on purpose).
  const broken = defineTable({
    name: 'jumpcloud_broken',
    description: 'A table whose scan fails with a plain Error',
    list: {
      // biome-ignore lint/correctness/useYield: the scan fails before its first row
      run: async function* () {
        throw new Error(SECRET_DETAIL);
      },
    },
    columns: [col.string('id', 'An id.')],
  });
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await openDemoServer({ tables: [...registry, broken] });
  });
  afterAll(() => demo?.close());

  it('reaches a pg client as XX000 with the generic message; the detail is only in the debug log', async () => {
    const c = new pg.Client(demo.connection);
    await c.connect();
    try {
      const error = await c.query('select id from jumpcloud_broken').catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'XX000', message: INTERNAL_ERROR });
      expect(JSON.stringify(error)).not.toContain('abc123');
      expect(demo.debugLogs.join('\n')).toContain(SECRET_DETAIL);
      expect(demo.logs.join('\n')).not.toContain('abc123');
      // The session goes on: the error was answered as a query error, not a broken connection.
      expect((await c.query('select 5 as five')).rows).toEqual([{ five: 5 }]);
      // An error made on purpose still reaches the client as it is, with its own SQLSTATE.
      await expect(c.query('delete from jumpcloud_user')).rejects.toMatchObject({ code: '25006' });
    } finally {
      await c.end();
    }
  });
});

function sendCancel(port: number, processId: number, secret: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const packet = Buffer.alloc(16);
    packet.writeInt32BE(16, 0);
    packet.writeInt32BE(80877102, 4);
    packet.writeInt32BE(processId, 8);
    packet.writeInt32BE(secret, 12);
    const socket = connect(port, '127.0.0.1', () => socket.end(packet));
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

describe('jcsql serve: hygiene', () => {
  it('answers a wrong user as a wrong password, so names cannot be probed', async () => {
    const demo = await openDemoServer();
    try {
      const failures = [];
      for (const login of [
        { user: 'nobody', password: demo.connection.password },
        { user: 'nobody', password: 'nope' },
        { user: 'jcsql', password: 'nope' },
      ]) {
        const error = await new pg.Client({ ...demo.connection, ...login }).connect().then(
          () => undefined,
          (thrown: { code?: string; message?: string; severity?: string }) => thrown,
        );
        failures.push({ code: error?.code, severity: error?.severity, message: error?.message });
      }
      expect(failures).toEqual([
        { code: '28P01', severity: 'FATAL', message: 'password authentication failed for user "nobody"' },
        { code: '28P01', severity: 'FATAL', message: 'password authentication failed for user "nobody"' },
        { code: '28P01', severity: 'FATAL', message: 'password authentication failed for user "jcsql"' },
      ]);
    } finally {
      await demo.close();
    }
  });

  it('answers a client past --max-connections at once with 53300, also in a burst', async () => {
    const demo = await openDemoServer({ maxConnections: 2 });
    const clients: pg.Client[] = [];
    try {
      const started = Date.now();
      // Three at once: none has a session yet when the third one's startup packet comes.
      const results = await Promise.allSettled(
        [0, 1, 2].map(async () => {
          const c = new pg.Client(demo.connection);
          await c.connect();
          clients.push(c);
          return Date.now() - started;
        }),
      );
      const refused = results.filter((result) => result.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
        code: '53300',
        message: 'sorry, too many clients already',
      });
      // A slot frees when a client leaves.
      await clients.pop()!.end();
      const again = new pg.Client(demo.connection);
      await again.connect();
      clients.push(again);
      expect((await again.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await demo.close();
    }
  });

  it('refuses COPY … TO PROGRAM like a write, and the session goes on', async () => {
    const demo = await openDemoServer();
    const c = new pg.Client(demo.connection);
    await c.connect();
    try {
      for (const sql of ["copy (select 1) to program 'cat'", "copy jumpcloud_user to program 'cat'"])
        await expect(c.query(sql), sql).rejects.toMatchObject({
          code: '42501',
          message: 'COPY … PROGRAM is not allowed: jcsql runs no programs',
        });
      expect((await c.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await c.end();
      await demo.close();
    }
  });

  it('logs one line, no internal error, when a client is killed during a statement', async () => {
    const demo = await openDemoServer({ simulator: { latencyMs: 300 } });
    try {
      const c = new pg.Client(demo.connection);
      c.on('error', () => {});
      await c.connect();
      const port = (c as unknown as { connection: { stream: import('node:net').Socket } }).connection.stream;
      const peer = `127.0.0.1:${port.localPort}`;
      c.query('select * from jumpcloud_user').catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
      port.destroy();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const lines = demo.logs.filter((line) => line.includes(peer));
      expect(lines).toEqual([`connection ${peer}: the client went away during a statement`]);
      expect(demo.debugLogs.join('\n')).not.toMatch(/TypeError/);
      // The server goes on.
      const other = new pg.Client(demo.connection);
      await other.connect();
      expect((await other.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
      await other.end();
    } finally {
      await demo.close();
    }
  });
});

describe('jcsql serve: an empty --password', () => {
  it('is refused on a host other than loopback, before anything opens', async () => {
    const run = await jcsql(['serve', '--demo', '--host', '0.0.0.0', '--port', '0', '--password', '']);
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toMatch(/^Error: An empty --password is refused on 0\.0\.0\.0/);
  });
});
