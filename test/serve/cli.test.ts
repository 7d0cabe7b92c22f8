import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { makeTempDir, testHome } from '../helpers/engine.js';
import { freePort } from '../helpers/postgres.js';

const MAIN = join(import.meta.dirname, '../../dist/cli/main.js');

/** The built `jcsql serve`, as a user starts it. */
function serve(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [MAIN, 'serve', '--demo', ...args], {
    env: { ...process.env, JCSQL_HOME: testHome(), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const url = /Connect with: (\S+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  ready.catch(() => {}); // a run that is meant to fail never gets ready
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

describe('jcsql serve (the built command)', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  it('generates a password kept with mode 0600, prints the connection string without it, and stops cleanly on SIGINT', async () => {
    const home = makeTempDir('jcsql-serve-home-');
    const port = await freePort();
    // The prepared cluster lives in the shared test home; the password goes in this one.
    const run = serve(['--port', String(port)], { JCSQL_HOME: home });
    children.push(run.child);
    const url = await run.ready;
    expect(url).toBe(`postgres://jcsql@127.0.0.1:${port}/jcsql`);
    const file = join(home, 'serve', 'password');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(run.output().stdout).toContain(
      `Password: ********* [use --show-password to reveal] (kept in ${file})`,
    );
    expect(run.output().stdout).not.toContain(password);
    const client = new pg.Client({ connectionString: url.replace('jcsql@', `jcsql:${password}@`) });
    await client.connect();
    expect((await client.query('select count(*)::int as n from jumpcloud_device')).rows).toEqual([{ n: 30 }]);
    await client.end();
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('jcsql serve: stopped');
    expect(run.output().stderr).toBe('');
  }, 60_000);

  it('warns when listening beyond this machine', async () => {
    const port = await freePort();
    const run = serve(['--host', '0.0.0.0', '--port', String(port), '--password', 'pw', '--show-password']);
    children.push(run.child);
    expect(await run.ready).toBe(`postgres://jcsql:pw@0.0.0.0:${port}/jcsql`);
    expect(run.output().stderr).toMatch(/^Warning: listening on 0\.0\.0\.0, not only on this machine/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }, 60_000);

  it('refuses a bad port with one clear line', async () => {
    const run = serve(['--port', 'http']);
    const code = await run.exited;
    expect(code).toBe(EXIT.badInput);
    expect(run.output().stderr.trim().split('\n')).toHaveLength(1);
    expect(run.output().stderr).toMatch(/port/);
  });
});
