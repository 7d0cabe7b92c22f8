/**
 * The pager's decisions, in-process: which command, whether a result fits the terminal, and what
 * reaches the pager (a real child process: a script that records its arguments and its input).
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAGER,
  fitsTerminal,
  Pager,
  type PagerIO,
  pagerCommand,
  shellWords,
} from '../../src/cli/output/pager.js';
import { makeTempDir } from '../helpers/engine.js';
import { recordingPager } from '../helpers/recording-pager.js';
import { CaptureSink, col, render } from './capture.js';

describe('pagerCommand', () => {
  it('takes JCSQL_PAGER, then PAGER, then less -SRXF', () => {
    expect(pagerCommand({ JCSQL_PAGER: 'most', PAGER: 'more' })).toEqual({
      argv: ['most'],
      source: 'JCSQL_PAGER',
    });
    expect(pagerCommand({ PAGER: 'less -S' })).toEqual({ argv: ['less', '-S'], source: 'PAGER' });
    expect(pagerCommand({})).toEqual({ argv: ['less', '-SRXF'], source: 'default' });
    expect(DEFAULT_PAGER).toBe('less -SRXF');
  });

  it('turns paging off when the variable is set empty, as psql and git do', () => {
    expect(pagerCommand({ JCSQL_PAGER: '', PAGER: 'less' })).toBeUndefined();
    expect(pagerCommand({ PAGER: '' })).toBeUndefined();
    expect(pagerCommand({ PAGER: '  ' })).toBeUndefined();
  });
});

describe('shellWords', () => {
  it('splits a command line as a shell does: quotes and backslashes, no expansion', () => {
    expect(shellWords('  less   -S  ')).toEqual(['less', '-S']);
    expect(shellWords(`'/opt/my pager/bin' -x "a b" c\\ d`)).toEqual([
      '/opt/my pager/bin',
      '-x',
      'a b',
      'c d',
    ]);
    expect(shellWords(`less "-P?e\\"END\\"" '$HOME' ""`)).toEqual(['less', '-P?e"END"', '$HOME', '']);
    expect(shellWords(`a'b'"c"`)).toEqual(['abc']);
  });
});

describe('fitsTerminal', () => {
  const size = { columns: 10, rows: 4 };
  it('a table fits when it leaves the last row for the prompt and no line is wider than the screen', () => {
    expect(fitsTerminal(['a\nb\n', 'c\n'], size, 'table')).toBe(true);
    expect(fitsTerminal(['a\nb\nc\nd\n'], size, 'table')).toBe(false);
    expect(fitsTerminal([`${'x'.repeat(10)}\n`], size, 'table')).toBe(true);
    expect(fitsTerminal([`${'x'.repeat(11)}\n`], size, 'table')).toBe(false);
    // A line split across chunks is measured whole; wide characters take two cells.
    expect(fitsTerminal(['xxxxxx', 'xxxxx\n'], size, 'table')).toBe(false);
    expect(fitsTerminal(['日本語日本語\n'], size, 'table')).toBe(false);
  });

  it('a line record may wrap a long value, counting the rows it wraps onto', () => {
    expect(fitsTerminal([`${'x'.repeat(15)}\nb\n`], size, 'line')).toBe(true);
    expect(fitsTerminal([`${'x'.repeat(25)}\nb\n`], size, 'line')).toBe(false);
  });
});

/** A terminal 40 columns by 10 rows that records what is written to it. */
function terminal(env: NodeJS.ProcessEnv, isTTY = true) {
  const stdout = Object.assign(new CaptureSink(), { isTTY, columns: 40, rows: 10 });
  const stderr = new CaptureSink();
  const io: PagerIO = { stdout, stderr, env: { PATH: process.env.PATH, ...env } };
  return { io, stdout, stderr };
}

const wide = { columns: [col('name', 'text')], rows: [['x'.repeat(50)]] };
const short = { columns: [col('name', 'text')], rows: [['alice'], ['bob']] };
const long = { columns: [col('n', 'int8')], rows: Array.from({ length: 20 }, (_, index) => [index]) };

describe('Pager', () => {
  it('pages a table wider or longer than the terminal, giving the pager exactly the table', async () => {
    for (const result of [wide, long]) {
      const recorder = recordingPager();
      const { io, stdout, stderr } = terminal({ JCSQL_PAGER: recorder.command, PAGER: 'more' });
      await new Pager(io).print('table', (sink) => sink.write(render(result, 'table')));
      expect(recorder.args()).toBe('-S|two words|');
      expect(recorder.input()).toBe(render(result, 'table'));
      expect(stdout.text).toBe('');
      expect(stderr.text).toBe('');
    }
  });

  it('prints directly what fits, what goes to a pipe, and csv or json', async () => {
    const recorder = recordingPager();
    const { io, stdout } = terminal({ JCSQL_PAGER: recorder.command });
    const pager = new Pager(io);
    await pager.print('table', (sink) => sink.write(render(short, 'table')));
    await pager.print('csv', (sink) => sink.write(render(long, 'csv')));
    await pager.print('json', (sink) => sink.write(render(wide, 'json')));
    expect(stdout.text).toBe(render(short, 'table') + render(long, 'csv') + render(wide, 'json'));

    const pipe = terminal({ JCSQL_PAGER: recorder.command }, false);
    await new Pager(pipe.io).print('table', (sink) => sink.write(render(long, 'table')));
    expect(pipe.stdout.text).toBe(render(long, 'table'));
    expect(recorder.input()).toBeUndefined();
  });

  it('pages a long line output too', async () => {
    const recorder = recordingPager();
    const { io, stdout } = terminal({ JCSQL_PAGER: recorder.command });
    await new Pager(io).print('line', (sink) => sink.write(render(long, 'line')));
    expect(recorder.input()).toBe(render(long, 'line'));
    expect(stdout.text).toBe('');
  });

  it('a pager that is not found: one warning, once, and the output printed directly', async () => {
    const { io, stdout, stderr } = terminal({ PAGER: 'no-such-pager-jcsql -x' });
    const pager = new Pager(io);
    await pager.print('table', (sink) => sink.write(render(wide, 'table')));
    await pager.print('table', (sink) => sink.write(render(long, 'table')));
    expect(stdout.text).toBe(render(wide, 'table') + render(long, 'table'));
    expect(stderr.text).toBe(
      "Warning: the pager 'no-such-pager-jcsql' (from PAGER) was not found; printing without a pager (fix PAGER, or set it empty to turn paging off)\n",
    );
  });

  it('without less on the PATH (and no pager set), prints directly and says nothing', async () => {
    const { io, stdout, stderr } = terminal({ PATH: makeTempDir('jcsql-empty-path-') });
    await new Pager(io).print('table', (sink) => sink.write(render(long, 'table')));
    expect(stdout.text).toBe(render(long, 'table'));
    expect(stderr.text).toBe('');
  });

  it('a pager quit before reading it all (EPIPE) ends the print quietly', async () => {
    const { io, stdout, stderr } = terminal({ JCSQL_PAGER: 'true' });
    // 5 MB: far more than a pipe holds, so writing goes on after the pager has gone.
    const row = `| ${'x'.repeat(97)} |\n`;
    await new Pager(io).print('table', (sink) => {
      for (let index = 0; index < 50_000; index++) sink.write(row);
    });
    expect(stdout.text).toBe('');
    expect(stderr.text).toBe('');
  });
});
