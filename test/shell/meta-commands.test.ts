import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTPUT_OPTIONS, writeResult } from '../../src/cli/output/index.js';
import {
  findMetaCommand,
  helpText,
  META_COMMANDS,
  type MetaContext,
  parseMetaCommand,
} from '../../src/cli/shell/meta-commands.js';
import { UserError } from '../../src/errors.js';
import { ScanCache } from '../../src/sdk/index.js';
import { tables } from '../../src/tables/index.js';

describe('parseMetaCommand', () => {
  it('reads the name (lower case) and its arguments', () => {
    expect(parseMetaCommand('  .OUTPUT   json ')).toEqual({ name: '.output', args: ['json'] });
    expect(parseMetaCommand('.exit;')).toEqual({ name: '.exit', args: [] });
    expect(parseMetaCommand(".separator ';'")).toEqual({ name: '.separator', args: [';'] });
    expect(parseMetaCommand('.separator \\t')).toEqual({ name: '.separator', args: ['\t'] });
  });

  it('leaves SQL alone', () => {
    expect(parseMetaCommand('select 1;')).toBeUndefined();
    expect(parseMetaCommand('.5 + 1;')).toBeUndefined();
    expect(parseMetaCommand('')).toBeUndefined();
  });
});

function fakeContext(overrides: Partial<MetaContext> = {}) {
  let out = '';
  const caches = [new ScanCache(), new ScanCache()];
  const events: string[] = [];
  const sink = {
    write: (chunk: string) => {
      out += chunk;
      return true;
    },
  } as NodeJS.WritableStream;
  const context: MetaContext = {
    settings: { output: { format: 'table', header: true, separator: ',' }, timing: 'off', pager: true },
    out: sink,
    printTable: async (result) => writeResult(sink, result, DEFAULT_OUTPUT_OPTIONS),
    tables,
    engine: 'postgres',
    caches: () => caches,
    connectionNames: () => ['jc_prod'],
    describeConnections: () => ['Current connection: jc_prod'],
    switchConnection: async (name) => {
      events.push(`switch ${name}`);
    },
    clearScreen: () => events.push('clear'),
    exit: () => events.push('exit'),
    ...overrides,
  };
  const run = async (line: string) => {
    const parsed = parseMetaCommand(line)!;
    await findMetaCommand(parsed.name).run(parsed.args, context);
  };
  return { context, run, caches, events, output: () => out };
}

describe('meta-commands', () => {
  it('set the output format, header, separator, timing and pager', async () => {
    const { context, run } = fakeContext();
    await run('.output JSON');
    await run('.header off');
    await run('.separator ;');
    await run('.timing on');
    await run('.pager OFF');
    expect(context.settings).toEqual({
      output: { format: 'json', header: false, separator: ';' },
      timing: 'on',
      pager: false,
    });
    await run('.timing VERBOSE');
    expect(context.settings.timing).toBe('verbose');
  });

  it('show a setting when given no argument', async () => {
    const { run, output } = fakeContext();
    await run('.output');
    await run('.timing');
    await run('.header');
    await run('.cache');
    await run('.pager');
    expect(output()).toBe(
      'Output format is table.\nTiming is off.\nHeader is on.\nCaching is on. To turn it off, type .cache off\nPager is on.\n',
    );
  });

  it('reject a bad argument with one clear error', async () => {
    const { run } = fakeContext();
    await expect(run('.output yaml')).rejects.toThrow(".output takes table, json, csv, line, got 'yaml'");
    await expect(run('.timing loud')).rejects.toThrow(".timing takes on, off or verbose, got 'loud'");
    await expect(run('.pager always')).rejects.toThrow(".pager takes on or off, got 'always'");
    await expect(run('.separator "')).rejects.toThrow('invalid csv separator');
    await expect(run('.output json csv')).rejects.toThrow(
      'Too many arguments. Usage: .output table|json|csv|line',
    );
    await expect(run('.inspect jumpcloud_usr')).rejects.toThrow(
      expect.objectContaining({
        message: 'No table named jumpcloud_usr',
        hint: expect.stringContaining('jumpcloud_user'),
      }),
    );
  });

  it('name the nearest command for an unknown one', () => {
    expect(() => findMetaCommand('.ouptut')).toThrow(
      expect.objectContaining({ message: "Unknown command '.ouptut'", hint: 'Did you mean .output?' }),
    );
    expect(() => findMetaCommand('.zzzzzzzzz')).toThrow(UserError);
  });

  it('.cache turns every connection’s cache on or off, or clears it', async () => {
    const { run, caches } = fakeContext();
    const lookup = { table: 't', quals: [], hydrates: new Set<string>(), limit: undefined };
    for (const cache of caches) cache.set(lookup, [{ a: 1 }]);
    await run('.cache clear');
    expect(caches.map((cache) => cache.get(lookup))).toEqual([undefined, undefined]);
    await run('.cache off');
    expect(caches.map((cache) => cache.enabled)).toEqual([false, false]);
    await run('.cache on');
    expect(caches.map((cache) => cache.enabled)).toEqual([true, true]);
  });

  it('.inspect lists the tables, or one table’s columns sorted, with the engine’s types', async () => {
    const all = fakeContext();
    await all.run('.inspect');
    expect(all.output()).toMatch(/^\+-+\+-+\+\n\| table +\| description +\|\n/);
    expect(all.output().match(/^\| jumpcloud_/gm)).toHaveLength(tables.length);

    const postgres = fakeContext();
    await postgres.run('.inspect jc_prod.jumpcloud_organization');
    const rows = postgres.output().match(/^\| [a-z_]+ +\| [a-z ]+ +\|/gm)!;
    const names = rows.map((row) => row.split('|')[1]!.trim()).slice(1); // after the header
    expect(names[0]).toBe('_ctx');
    expect(names).toEqual([...names].sort());
    expect(postgres.output()).toMatch(/\| has_credit_card +\| boolean +\| True, if credit card/);

    const sqlite = fakeContext({ engine: 'sqlite' });
    await sqlite.run('.inspect jumpcloud_organization');
    expect(sqlite.output()).toMatch(/\| has_credit_card +\| integer +\|/);

    const connection = fakeContext();
    await connection.run('.inspect jc_prod');
    expect(connection.output()).toBe(all.output());
  });

  it('.connection shows the connection, or switches; .clear and .exit reach the shell', async () => {
    const { run, output, events } = fakeContext();
    await run('.connection');
    await run('.connection jc_other');
    await run('.clear');
    await run('.quit');
    await run('.exit');
    expect(output()).toBe('Current connection: jc_prod\n');
    expect(events).toEqual(['switch jc_other', 'clear', 'exit', 'exit']);
  });

  it('.help lists every meta-command', async () => {
    const { run, output } = fakeContext();
    await run('.help');
    expect(output()).toBe(helpText());
    for (const command of META_COMMANDS) expect(output()).toContain(`  ${command.usage}`);
  });
});
