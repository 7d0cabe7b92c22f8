/**
 * The pager in a real terminal (tmux, 200×50): `select * from jumpcloud_user` (41 columns) is wider
 * than the screen, so it goes through the pager; `--no-pager` and `.pager off` print it directly.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale } from '../helpers/build.js';
import { recordingPager } from '../helpers/recording-pager.js';
import { READY, type ShellRunOptions, TmuxShell } from '../shell/tmux.js';

beforeAll(buildIfStale, 120_000);

const terminals: TmuxShell[] = [];
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.kill();
});

function open(options: ShellRunOptions): TmuxShell {
  const terminal = new TmuxShell(options);
  terminals.push(terminal);
  return terminal;
}

const WIDE = 'select * from jumpcloud_user';

describe('the pager on a terminal', () => {
  it('jcsql query: a wide result goes through $JCSQL_PAGER; with --no-pager it is printed', async () => {
    const pager = recordingPager();
    const paged = open({ args: ['--demo', WIDE], env: { JCSQL_PAGER: pager.command } });
    expect(await paged.waitForExit(60_000)).toBe(0);
    expect(pager.args()).toBe('-S|two words|');
    const table = pager.input()!.split('\n');
    expect(table[0]).toMatch(/^\+-+\+/);
    expect(table[0]!.length).toBeGreaterThan(200);
    expect(table[1]).toMatch(/^\| [a-z_]+ +\| /);
    // Nothing but the pager showed the rows.
    expect(paged.screen()).not.toContain(table[1]);

    const unused = recordingPager();
    const direct = open({ args: ['--demo', '--no-pager', WIDE], env: { JCSQL_PAGER: unused.command } });
    expect(await direct.waitForExit(60_000)).toBe(0);
    expect(unused.input()).toBeUndefined();
    // The screen joins the lines the terminal wrapped: the same table, printed.
    expect(direct.screen()).toContain(`${table.slice(0, 4).join('\n')}\n`);
  });

  it('the shell: less shows a wide result, Ctrl+C stays in it, q returns; .pager off prints it', async () => {
    const shell = open({ args: ['--demo'] });
    await shell.waitFor(READY);
    shell.type(`${WIDE};`);
    shell.press('Enter');
    await shell.waitFor(/\n:\n$/); // less's prompt on the last line
    shell.press('C-c');
    // less drops what was typed while it handled the interrupt: a `q` sent with the Ctrl+C can be
    // lost on a loaded machine, so it is sent again while less is still there (one that reached
    // the shell would show in its prompt, which READY would then not match).
    for (let attempt = 1; ; attempt++) {
      shell.press('q');
      try {
        await shell.waitFor(READY, 5_000);
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
    expect(await shell.enter('select 42 as answer;')).toMatch(/\| 42 +\|/);

    expect(await shell.enter('.pager off')).toBe('');
    expect(await shell.enter('.pager')).toBe('Pager is off.\n');
    const output = await shell.enter(`${WIDE};`);
    const lines = output.split('\n');
    expect(lines[0]).toMatch(/^\+-+\+/);
    expect(lines[0]!.length).toBeGreaterThan(200);
    expect(output).not.toMatch(/\n:\n/);
  });
});
