import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addEntry, HISTORY_SIZE, History, historyFile } from '../../src/cli/shell/history.js';
import { makeTempDir } from '../helpers/engine.js';

describe('addEntry', () => {
  it('adds newest first, skipping blanks and consecutive duplicates', () => {
    const entries: string[] = [];
    for (const entry of ['select 1;', 'select 1;', '  ', 'select 2;', 'select 1;']) addEntry(entries, entry);
    expect(entries).toEqual(['select 1;', 'select 2;', 'select 1;']);
  });

  it('keeps at most 500 entries', () => {
    const entries: string[] = [];
    for (let i = 0; i < HISTORY_SIZE + 20; i++) addEntry(entries, `select ${i};`);
    expect(entries).toHaveLength(500);
    expect(entries[0]).toBe(`select ${HISTORY_SIZE + 19};`);
    expect(entries.at(-1)).toBe('select 20;');
  });
});

describe('historyFile', () => {
  it('is JCSQL_HISTORY_FILE, else history in the jcsql home', () => {
    expect(historyFile({ JCSQL_HISTORY_FILE: '/x/h', JCSQL_HOME: '/home' })).toBe('/x/h');
    expect(historyFile({ JCSQL_HOME: '/home' })).toBe(join('/home', 'history'));
  });
});

describe('History', () => {
  it('saves as it goes and loads what the last run saved, an entry with a newline included', () => {
    const file = join(makeTempDir('jcsql-history-'), 'deeper', 'history');
    const first = History.load(file, () => {});
    expect(first.entries).toEqual([]);
    first.add('select 1;');
    first.add("select 'a\nb';");
    expect(readFileSync(file, 'utf8')).toBe('"select 1;"\n"select \'a\\nb\';"\n');
    const second = History.load(file, () => {});
    expect(second.entries).toEqual(["select 'a\nb';", 'select 1;']);
  });

  it('skips lines it cannot read and keeps the newest 500', () => {
    const file = join(makeTempDir('jcsql-history-'), 'history');
    const lines = Array.from({ length: 600 }, (_, i) => JSON.stringify(`select ${i};`));
    writeFileSync(file, ['not json', '42', ...lines, ''].join('\n'));
    const history = History.load(file, () => {});
    expect(history.entries).toHaveLength(500);
    expect(history.entries[0]).toBe('select 599;');
    expect(history.entries.at(-1)).toBe('select 100;');
  });

  it('warns once when it cannot save', () => {
    const dir = makeTempDir('jcsql-history-');
    mkdirSync(join(dir, 'history')); // a folder where the file should be
    const warnings: string[] = [];
    const history = History.load(join(dir, 'history'), (message) => warnings.push(message));
    history.add('select 1;');
    history.add('select 2;');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^could not save the history to .*history: /);
    expect(history.entries).toEqual(['select 2;', 'select 1;']);
  });
});
