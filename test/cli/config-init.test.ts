import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { buildIfStale } from '../helpers/build.js';
import { jcsql } from '../helpers/cli.js';
import { TmuxShell } from '../shell/tmux.js';

let simulator: RunningSimulator;
beforeAll(async () => {
  simulator = await startSimulator({ users: 5, devices: 3, orgs: 1 });
}, 60_000);
afterAll(() => simulator?.close());

const tempDir = () => mkdtempSync(join(tmpdir(), 'jcsql-config-init-'));

describe('jcsql config init (key on stdin)', () => {
  it('checks the key with one call, then writes a 0600 file that jcsql reads, never printing the key', async () => {
    const dir = tempDir();
    simulator.resetStats();
    const run = await jcsql(
      ['config', 'init', '--connection', 'jc_demo', '--api-url', simulator.url, '--config-dir', dir],
      {
        stdin: `${simulator.apiKey}\n`,
      },
    );
    expect(run.code).toBe(0);
    const org = simulator.data.orgs[0]!.organization;
    expect(run.stderr).toBe(`The key works: region us, organization ${org.displayName} (${org._id}).\n`);
    const file = join(dir, 'jc_demo.spc');
    expect(run.stdout).toContain(`Wrote ${file} (mode 0600).`);
    expect(run.stdout + run.stderr).not.toContain(simulator.apiKey);
    expect(simulator.stats().byRoute).toEqual({ 'GET /api/organizations': 1 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(
      `connection "jc_demo" {\n  plugin  = "jumpcloud"\n  api_key = "${simulator.apiKey}"\n  api_url = "${simulator.url}"\n}\n`,
    );
    const listed = await jcsql(['connections', '--config-dir', dir, '--output', 'csv']);
    expect(listed.stdout.split('\n')[1]).toBe(`jc_demo,connection,true,us,,${simulator.url},set,,${file}`);
  });

  it('writes nothing for a key JumpCloud refuses, and refuses to overwrite without --force', async () => {
    const dir = tempDir();
    const refused = await jcsql(['config', 'init', '--api-url', simulator.url, '--config-dir', dir], {
      stdin: 'not-the-key\n',
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim().split('\n')[0]).toMatch(
      /^Error: JumpCloud API GET \/api\/organizations returned 401/,
    );
    expect(refused.stdout + refused.stderr).not.toContain('not-the-key');
    expect(existsSync(join(dir, 'jumpcloud.spc'))).toBe(false);

    const first = await jcsql(['config', 'init', '--no-check', '--config-dir', dir], { stdin: 'k1\n' });
    expect(first.code).toBe(0);
    const second = await jcsql(['config', 'init', '--no-check', '--config-dir', dir], { stdin: 'k2\n' });
    expect(second.code).toBe(EXIT.badInput);
    expect(second.stderr).toMatch(/jumpcloud\.spc exists already/);
    expect(readFileSync(join(dir, 'jumpcloud.spc'), 'utf8')).toContain('"k1"');
  });
});

describe('jcsql config init (on a terminal)', () => {
  beforeAll(buildIfStale, 120_000);

  it('asks for the region, org and key; the key is never on the screen nor in any file but the .spc', async () => {
    const dir = tempDir();
    const shell = new TmuxShell({
      command: ['config', 'init'],
      args: ['--api-url', simulator.url, '--config-dir', dir],
    });
    try {
      await shell.waitFor('Region (us, eu, in) [us]:', 90_000);
      shell.press('Enter');
      await shell.waitFor('Organization ID');
      shell.press('Enter');
      await shell.waitFor('API key (not shown):');
      shell.type(simulator.apiKey);
      shell.press('Enter');
      expect(await shell.waitForExit(60_000)).toBe(0);
      expect(shell.screen()).not.toContain(simulator.apiKey);
      expect(shell.screen()).toContain('The key works: region us');
      const file = join(dir, 'jumpcloud.spc');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toContain(`api_key = "${simulator.apiKey}"`);
      // Nothing else under the terminal's HOME (history files among them) holds the key.
      const home = dirname(shell.historyFile);
      for (const name of readdirSync(home, { recursive: true }) as string[]) {
        const path = join(home, name);
        if (statSync(path).isFile()) expect(readFileSync(path, 'utf8'), path).not.toContain(simulator.apiKey);
      }
    } finally {
      shell.kill();
    }
  }, 180_000);
});
