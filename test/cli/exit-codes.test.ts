import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/cli.js';
import { EXIT, UserError } from '../../src/errors.js';
import { makeTempDir, testHome } from '../helpers/engine.js';

/**
 * The exit codes README.md documents ("Exit codes"), each from the built CLI as a script sees it:
 * one process per code, since the process's exit status is the point. Codes other suites pin
 * already: 1 (test/export), 3 and 4 (test/check), 130 and 143 (test/reliability/timeouts),
 * 141 (test/output/integrity).
 */

const MAIN = join(import.meta.dirname, '../../dist/cli/main.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { ...process.env, JCSQL_HOME: testHome(), HOME: testHome(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let busy: Server;
let busyPort = 0;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

const notADirectory = join(makeTempDir('jcsql-exit-'), 'home-is-a-file');
writeFileSync(notADirectory, '');

const cases: Array<{
  name: string;
  code: number;
  args: () => string[];
  env?: Record<string, string>;
  stderr: RegExp;
  stdout?: string;
}> = [
  {
    name: 'an unknown flag is bad input',
    code: EXIT.badInput,
    args: () => ['query', '--bogus', 'select 1'],
    stderr: /^error: unknown option '--bogus'\n/,
  },
  {
    name: 'a .sql file that does not exist is bad input',
    code: EXIT.badInput,
    args: () => ['query', '--demo', 'missing.sql'],
    stderr: /^Error: file '.*missing\.sql' does not exist\n$/,
  },
  {
    name: 'a failed statement fails the query; the others still run',
    code: EXIT.queryFailed,
    args: () => ['query', '--demo', '--output', 'csv', 'select 1 as a; select 1 / 0 as b; select 3 as c'],
    stdout: 'a\n1\n\nc\n3\n',
    stderr: /^Error: SQL error: division by zero\n$/,
  },
  {
    name: 'an engine that cannot open is an initialization failure',
    code: EXIT.initFailed,
    args: () => ['query', '--demo', 'select 1'],
    env: { JCSQL_HOME: notADirectory },
    stderr: /^Error: ENOTDIR: not a directory.*\n$/,
  },
  {
    name: 'serve on a port in use cannot bind',
    code: EXIT.portUnavailable,
    args: () => ['serve', '--demo', '--port', String(busyPort)],
    stderr:
      /^Error: Cannot listen on 127\.0\.0\.1:\d+: the port is in use \(EADDRINUSE\)\. Stop what listens there, or pass another --port\n$/,
  },
];

describe('exit codes of the built CLI', () => {
  it.each(cases)(
    '$code: $name',
    async ({ code, args, env, stderr, stdout }) => {
      const exit = await run(args(), env);
      expect(exit.stderr).toMatch(stderr);
      if (stdout !== undefined) expect(exit.stdout).toBe(stdout);
      expect(exit.code).toBe(code);
    },
    60_000,
  );
});

describe('exitCodeOf', () => {
  it("is a UserError's own code, Steampipe's for an operating-system error, and 255 for a bug", () => {
    const system = (syscall: string) => Object.assign(new Error('x'), { code: 'EACCES', syscall });
    expect(exitCodeOf(new UserError('x', { exitCode: EXIT.checkAlarm }))).toBe(3);
    expect(exitCodeOf(new UserError('x'))).toBe(1);
    expect(exitCodeOf(system('listen'))).toBe(251);
    expect(exitCodeOf(system('open'))).toBe(253);
    expect(exitCodeOf(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(255);
    expect(exitCodeOf('thrown text')).toBe(255);
  });
});
