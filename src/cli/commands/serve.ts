import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { jcsqlHome } from '../../engines/home.js';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_POOL_SIZE } from '../../engines/serve/defaults.js';
import { describeError, EXIT, UserError } from '../../errors.js';
import { tables } from '../../tables/index.js';
import type { CliIO } from '../io.js';
import { openSession, warnTo } from '../session.js';
import {
  addConnectionOptions,
  addExamples,
  CONNECTION_ENVIRONMENT,
  queryTimeoutOption,
  resolveQueryTimeout,
} from './options.js';

interface ServeOptions {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  showPassword?: boolean;
  maxConnections: number;
  poolSize: number;
  demo?: boolean;
  connection?: string;
  configDir?: string;
  cache: boolean;
  queryTimeout?: number;
  debug?: boolean;
}

const port = (value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    throw new InvalidArgumentError(`a port is a whole number from 0 to 65535, got '${value}'.`);
  }
  return number;
};

const positive = (value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError(`expected a positive whole number, got '${value}'.`);
  return number;
};

export function registerServeCommand(program: Command, io: CliIO): void {
  const command = program
    .command('serve')
    .description('Serve the JumpCloud tables over the Postgres wire protocol (psql, BI tools, postgres_fdw)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', port, 9193)
    .option('--database <name>', 'database name clients connect to', 'jcsql')
    .option('--user <name>', 'user name clients connect as', 'jcsql')
    .option(
      '--password <password>',
      'password clients give (default: one generated and kept in the jcsql home)',
    )
    .option(
      '--show-password',
      'print the password in the connection URL (masked by default, as Steampipe does)',
    )
    .option('--max-connections <n>', 'clients served at once', positive, DEFAULT_MAX_CONNECTIONS)
    .option(
      '--pool-size <n>',
      'embedded Postgres engines the clients share (a client keeps one of its own once it makes tables or other objects)',
      positive,
      DEFAULT_POOL_SIZE,
    )
    .option('--debug', 'log the details of internal errors, which clients see only as SQLSTATE XX000')
    .addOption(
      queryTimeoutOption(
        "clients' default statement_timeout, in seconds: a statement still fetching then is cancelled with its API calls (a client's own SET statement_timeout wins)",
      ),
    );
  addConnectionOptions(command);
  addExamples(
    command,
    [
      'jcsql serve --demo',
      'psql "postgres://jcsql:$(cat ~/.jcsql/serve/password)@127.0.0.1:9193/jcsql"',
      'jcsql serve --port 5433 --password "$PGPASSWORD" --query-timeout 60',
    ],
    [...CONNECTION_ENVIRONMENT, 'JCSQL_QUERY_TIMEOUT', 'JCSQL_HOME'],
  );
  command.action(async (options: ServeOptions) => {
    const timeout = resolveQueryTimeout(options.queryTimeout, io.env);
    // Listen for the stop signals first: a signal that comes while starting must still stop us cleanly.
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    const home = jcsqlHome(io.env);
    if (options.password === '') {
      if (!isLoopback(options.host))
        throw new UserError(
          `An empty --password is refused on ${options.host}: anyone who can reach it could read your JumpCloud data`,
          {
            exitCode: EXIT.badInput,
            hint: 'Give a password, or leave --password out to use the generated one',
          },
        );
      io.stderr.write(
        'Warning: --password is empty: any program on this machine can connect (leave --password out to use a generated one).\n',
      );
    }
    const password = options.password ?? storedPassword(home);
    // Opening the engine takes a second or two: on a terminal, say so rather than seem to hang.
    if (io.stderr.isTTY) io.stderr.write('jcsql serve: starting…\n');
    const session = await openSession({ ...options, env: io.env, warn: warnTo(io.stderr) });
    const { startServer } = await import('../../engines/serve/server.js');
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      server = await startServer({
        tables,
        connections: session.connections,
        home,
        host: options.host,
        port: options.port,
        database: options.database,
        user: options.user,
        password,
        maxConnections: options.maxConnections,
        poolSize: options.poolSize,
        statementTimeoutMs: timeout ? Math.max(1, Math.round(timeout.seconds * 1000)) : 0,
        log: (line) => io.stderr.write(`${line}\n`),
        notice: warnTo(io.stderr),
        debug: options.debug ? (line) => io.stderr.write(`debug: ${line}\n`) : undefined,
      });
    } catch (error) {
      await session.close();
      throw startFailure(error, options.host, options.port);
    }
    if (!isLoopback(options.host)) {
      io.stderr.write(
        `Warning: listening on ${options.host}, not only on this machine: anyone who can reach it and has the password can read your JumpCloud data.\n`,
      );
    }
    const host = server.host.includes(':') ? `[${server.host}]` : server.host;
    io.stdout.write(`jcsql serve: listening on ${host}:${server.port}\n`);
    const where = `${host}:${server.port}/${encodeURIComponent(options.database)}`;
    const user = encodeURIComponent(options.user);
    if (options.showPassword) {
      io.stdout.write(`Connect with: postgres://${user}:${encodeURIComponent(password)}@${where}\n`);
    } else {
      const kept = options.password === undefined ? ` (kept in ${join(home, 'serve', 'password')})` : '';
      io.stdout.write(`Password: ********* [use --show-password to reveal]${kept}\n`);
      io.stdout.write(`Connect with: postgres://${user}@${where}\n`);
    }
    await stopped;
    await server.close();
    await session.close();
    io.stdout.write('jcsql serve: stopped\n');
  });
}

/**
 * Why serve could not start, with Steampipe's exit code: a port in use (or not ours to take), as
 * one line with what to do; else its first engine did not open, an initialization failure as for `query`.
 */
function startFailure(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if ((error as NodeJS.ErrnoException).syscall !== 'listen' || code === undefined) {
    if (error instanceof UserError && error.exitCode !== EXIT.failed) return error;
    return new UserError(describeError(error), { exitCode: EXIT.initFailed, cause: error });
  }
  const why = code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'permission denied' : code;
  return new UserError(`Cannot listen on ${host}:${port}: ${why} (${code})`, {
    hint: 'Stop what listens there, or pass another --port',
    exitCode: EXIT.portUnavailable,
    cause: error,
  });
}

/** The password kept in the jcsql home (mode 0600), made on first start. */
function storedPassword(home: string): string {
  const folder = join(home, 'serve');
  const file = join(folder, 'password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return password;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}
