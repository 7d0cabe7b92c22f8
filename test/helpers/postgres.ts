import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A real PostgreSQL server (Debian's `postgresql` package), started for a test on a free loopback port. */
export interface RealPostgres {
  port: number;
  /** Runs SQL through psql and returns its unaligned, tuples-only output. */
  psql(sql: string): Promise<string>;
  stop(): Promise<void>;
}

/** The PostgreSQL binaries Debian installs (/usr/lib/postgresql/<major>/bin), newest first. */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = majors.map((major) => join(root, major, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  if (!bin)
    throw new Error(
      'PostgreSQL server binaries not found: install Debian’s postgresql package (.ci/run does)',
    );
  return bin;
}

/** initdb and pg_ctl refuse to run as root: run them as the `postgres` user then. */
const asServerUser = (command: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startPostgres(): Promise<RealPostgres> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'jcsql-realpg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  const exec = async (command: string, args: string[]) => {
    const [file, argv] = asServerUser(command, args);
    return run(file, argv, { cwd: dir });
  };
  await exec(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  await exec(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-w',
    '-l',
    join(dir, 'log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  return {
    port,
    async psql(sql) {
      const { stdout } = await run('psql', [
        '-X',
        '-q',
        '-A',
        '-t',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        'postgres',
        '-c',
        sql,
      ]);
      return stdout.trim();
    },
    async stop() {
      await exec(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
