/**
 * The interactive shell in a real pseudo-terminal (tmux): what a user types, what they see.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { buildIfStale } from '../helpers/build.js';
import { makeTempDir } from '../helpers/engine.js';
import { READY, type ShellRunOptions, TmuxShell } from './tmux.js';

beforeAll(buildIfStale, 120_000);

const shells: TmuxShell[] = [];
let simulator: RunningSimulator | undefined;

afterEach(async () => {
  for (const shell of shells.splice(0)) shell.kill();
  await simulator?.close();
  simulator = undefined;
});

async function openShell(options: ShellRunOptions & { historyFile?: string }): Promise<TmuxShell> {
  const shell = new TmuxShell(options);
  shells.push(shell);
  await shell.waitFor(READY);
  return shell;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('jcsql query (interactive shell)', () => {
  it('runs a statement typed over several lines once its ; arrives', async () => {
    const shell = await openShell({ args: ['--demo'] });
    expect(shell.screen()).toContain('For more information, type .help');
    shell.type('select username');
    shell.press('Enter');
    await shell.waitFor(/> select username\n>>\n$/);
    shell.type('from jumpcloud_user');
    shell.press('Enter');
    await shell.waitFor(/>> from jumpcloud_user\n>>\n$/);
    const output = await shell.enter('order by username limit 2;');
    expect(output).toMatch(/^\+-+\+\n\| username +\|\n\+-+\+\n\| \S+ +\|\n\| \S+ +\|\n\+-+\+\n$/);
  });

  it('completes a table name, then a column of that table', async () => {
    const shell = await openShell({ args: ['--demo'] });
    shell.type('select id from jumpcloud_organiz');
    shell.press('Tab');
    await shell.waitFor(/> select id from jumpcloud_organization\n$/);
    shell.type(' where display_n');
    shell.press('Tab');
    await shell.waitFor(/> select id from jumpcloud_organization where display_name\n$/);
    const output = await shell.enter(' is not null;');
    expect(shell.screen()).toContain(
      '> select id from jumpcloud_organization where display_name is not null;\n',
    );
    expect(output).toMatch(/^\+-+\+\n\| id +\|\n\+-+\+\n\| [0-9a-f]{24} +\|/);
  });

  it('.inspect lists the tables, and a table’s columns with types and descriptions', async () => {
    // The 94 tables are longer than the screen: without --no-pager they would open in less.
    const shell = await openShell({ args: ['--demo', '--no-pager'] });
    const list = await shell.enter('.inspect');
    expect(list).toMatch(/\| table +\| description +\|/);
    expect(list).toMatch(/\| jumpcloud_user_group +\| JumpCloud User Group +\|/);
    const columns = await shell.enter('.inspect jumpcloud_user');
    expect(columns).toMatch(/\| column +\| type +\| description +\|/);
    expect(columns).toMatch(/\| username +\| text +\| [^|]+\|/);
    expect(columns).toMatch(/\| mfa +\| jsonb +\|/);
  });

  it('.output json prints JSON; errors print one line and the shell goes on', async () => {
    const shell = await openShell({ args: ['--demo'] });
    expect(await shell.enter('.output json')).toBe('');
    const json = await shell.enter('select 1::int as one;');
    expect(JSON.parse(json)).toEqual({ columns: [{ name: 'one', data_type: 'int4' }], rows: [{ one: 1 }] });
    expect(await shell.enter('selec 1;')).toBe(
      'Error: SQL error: syntax error at or near "selec" (line 1, column 1)\n',
    );
    expect(await shell.enter('.output yaml')).toBe(
      "Error: .output takes table, json, csv, line, got 'yaml'\n",
    );
  });

  it('splits statements by SQLite’s rules with --engine sqlite: a ; inside [brackets] stays', async () => {
    const shell = await openShell({ args: ['--demo', '--engine', 'sqlite'] });
    expect(await shell.enter('.output json')).toBe('');
    const json = await shell.enter('select 1 as [a;b];');
    expect(JSON.parse(json).rows).toEqual([{ 'a;b': 1 }]);
  });

  it('keeps history across runs: Up recalls a multi-line statement as one entry', async () => {
    const historyFile = `${makeTempDir('jcsql-history-')}/history`;
    const first = await openShell({ args: ['--demo'], historyFile });
    first.type('select 40 + 2');
    first.press('Enter');
    first.type('as answer;');
    first.press('Enter');
    await first.waitFor(/\| 42 +\|/);
    first.type('.exit');
    first.press('Enter');
    expect(await first.waitForExit()).toBe(0);
    expect(readFileSync(historyFile, 'utf8')).toBe('"select 40 + 2 as answer;"\n".exit"\n');

    const second = await openShell({ args: ['--demo'], historyFile });
    second.press('Up');
    await second.waitFor(/> \.exit\n$/);
    second.press('Up');
    await second.waitFor(/> select 40 \+ 2 as answer;\n$/);
    second.press('Enter');
    await second.waitFor(/\| answer +\|\n\+-+\+\n\| 42 +\|/);
    second.press('C-d');
    expect(await second.waitForExit()).toBe(0);
  });

  it('Ctrl+C clears the line; at an empty prompt it hints, and a second one exits', async () => {
    const shell = await openShell({ args: ['--demo'] });
    shell.type('select 1');
    shell.press('C-c');
    await shell.waitFor(/> select 1\n>\n$/);
    shell.press('C-c');
    await shell.waitFor(/\(To exit, press Ctrl\+C again or Ctrl\+D or type \.exit\)\n>\n$/);
    shell.press('C-c');
    expect(await shell.waitForExit()).toBe(0);
  });

  it('Ctrl+C cancels a slow statement: the prompt returns at once and the API calls stop', async () => {
    simulator = await startSimulator({ latencyMs: 300, groups: 300 });
    const sim = simulator;
    const shell = await openShell({
      args: ['--config-dir', makeTempDir('jcsql-config-')],
      env: { JUMPCLOUD_API_URL: sim.url, JUMPCLOUD_API_KEY: sim.apiKey, JUMPCLOUD_ORG_ID: sim.orgId },
    });
    sim.resetStats();
    shell.type('select name, members from jumpcloud_user_group;');
    shell.press('Enter');
    // One members call per group, 10 at a time, 300 ms each: about 9 s if nothing stops it.
    const deadline = Date.now() + 15_000;
    while (sim.stats().total < 15 && Date.now() < deadline) await sleep(50);
    expect(sim.stats().total).toBeGreaterThanOrEqual(15);
    shell.press('C-c');
    // Well before the ~9 s the statement would take; how quickly is the bench's business, not a test's.
    await shell.waitFor(/Error: canceling statement due to user request\n>\n$/, 5_000);
    // Requests the shell sent before it saw the key are counted as the simulator (in this
    // process) gets to them, which may be after the prompt shows: wait until none arrives for
    // 300 ms (a shell still sending, ~30 a second, never gets there), then nothing new may follow.
    let afterCancel = -1;
    const settleBy = Date.now() + 5_000;
    for (let quiet = 0; quiet < 3 && Date.now() < settleBy; await sleep(100)) {
      const now = sim.stats().total;
      quiet = now === afterCancel ? quiet + 1 : 0;
      afterCancel = now;
    }
    await sleep(1_200);
    expect(sim.stats().total).toBe(afterCancel);
    expect(afterCancel).toBeLessThan(100);
    // The shell goes on.
    shell.type('select 1 as still_here;');
    shell.press('Enter');
    await shell.waitFor(/\| still_here +\|/);
  });

  it('.connection shows the connection and switches to another one', async () => {
    simulator = await startSimulator();
    const configDir = makeTempDir('jcsql-config-');
    const block = (name: string) =>
      `connection "${name}" {\n  plugin = "jumpcloud"\n  api_key = "${simulator!.apiKey}"\n  org_id = "${simulator!.orgId}"\n  api_url = "${simulator!.url}"\n}\n`;
    writeFileSync(join(configDir, 'jumpcloud.spc'), block('jc_a') + block('jc_b'), { mode: 0o600 });
    const shell = await openShell({ args: ['--config-dir', configDir, '--output', 'csv'] });
    shell.type('.connection');
    shell.press('Enter');
    await shell.waitFor(/> \.connection\nCurrent connection: jc_a\nConfigured: jc_a, jc_b\n>\n$/);
    shell.type('.connection jc_b');
    shell.press('Enter');
    await shell.waitFor(/Connected to jc_b\.\n>\n$/);
    shell.type('select sp_connection_name from jumpcloud_organization;');
    shell.press('Enter');
    await shell.waitFor(/;\nsp_connection_name\n(jc_b\n)+>\n$/);
    shell.type('.connection jc_c');
    shell.press('Enter');
    await shell.waitFor(/Error: Unknown connection 'jc_c'\. Known connections: [^\n]*\n>\n$/);
  });
});
