/**
 * The shell's meta-commands (Steampipe's `.help`, `.inspect`, `.output`, …): parsing, and what
 * each does to the shell through the small `MetaContext` the shell hands them.
 */

import { nearest } from '../../edit-distance.js';
import type { EngineKind } from '../../engines/index.js';
import { postgresType } from '../../engines/postgres/postgres-types.js';
import { sqliteType } from '../../engines/sqlite/sqlite-types.js';
import { tableNamed } from '../../engines/suggest.js';
import { UserError } from '../../errors.js';
import type { ScanCache, TableDef } from '../../sdk/index.js';
import { csvSeparator } from '../output/format-csv.js';
import {
  type OutputFormat,
  type OutputOptions,
  type QueryResult,
  TIMING_MODES,
  type TimingMode,
} from '../output/index.js';
import { columnListing, tableListing } from '../table-listing.js';
import type { CompletionSources, MetaCommandCompletion } from './completion.js';

export interface MetaCommandLine {
  /** Lower case, with its dot: `.output`. */
  name: string;
  args: string[];
}

/** The settings meta-commands change; the next statement uses them. */
export interface ShellSettings {
  output: OutputOptions;
  timing: TimingMode;
  /** Results that do not fit the terminal go through the pager. */
  pager: boolean;
}

export interface MetaContext {
  settings: ShellSettings;
  out: NodeJS.WritableStream;
  /** Prints a listing as a table (through the pager when it is on and the listing does not fit). */
  printTable(result: QueryResult): Promise<void>;
  tables: readonly TableDef[];
  engine: EngineKind;
  /** The scan caches of every connection the session holds. */
  caches(): ScanCache[];
  /** The configured connections' and aggregators' names. */
  connectionNames(): readonly string[];
  /** Lines describing the current connection and the configured ones. */
  describeConnections(): string[];
  /** Reopens the session on another connection (or aggregator). */
  switchConnection(name: string): Promise<void>;
  clearScreen(): void;
  exit(): void;
}

export interface MetaCommand extends MetaCommandCompletion {
  usage: string;
  description: string;
  run(args: readonly string[], context: MetaContext): void | Promise<void>;
}

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv', 'line'];
const ON_OFF = ['on', 'off'] as const;

/** `.name arg …` as typed; undefined when the line is not a meta-command. A `;` after the name is ignored. */
export function parseMetaCommand(line: string): MetaCommandLine | undefined {
  const trimmed = line.trim();
  if (!/^\.[A-Za-z]/.test(trimmed)) return undefined;
  const [name = '', ...args] = trimmed.split(/\s+/);
  return { name: name.replace(/;$/, '').toLowerCase(), args: args.map(unquote) };
}

/** `'x'` or `"x"` → x; `\t` → a tab (for `.separator`). */
function unquote(arg: string): string {
  const bare = /^(['"])(.*)\1$/s.exec(arg)?.[2] ?? arg;
  return bare === '\\t' ? '\t' : bare;
}

function parseOnOff(command: string, value: string): boolean {
  const lower = value.toLowerCase();
  if (lower === 'on' || lower === 'off') return lower === 'on';
  throw new UserError(`${command} takes on or off, got '${value}'`);
}

const onOffText = (on: boolean) => (on ? 'on' : 'off');

/** A meta-command that shows a setting without an argument and changes it with one. */
function settingCommand(
  spec: Omit<MetaCommand, 'run'> & {
    show(context: MetaContext): string;
    set(value: string, context: MetaContext): void;
  },
): MetaCommand {
  return {
    ...spec,
    run(args, context) {
      expectAtMost(this, args, 1);
      const [value] = args;
      if (value === undefined) context.out.write(`${spec.show(context)}\n`);
      else spec.set(value, context);
    },
  };
}

/** A setting that is on or off. */
function onOffCommand(
  name: string,
  description: string,
  label: string,
  setting: { get(settings: ShellSettings): boolean; set(settings: ShellSettings, on: boolean): void },
): MetaCommand {
  return settingCommand({
    name,
    usage: `${name} on|off`,
    description,
    argumentValues: () => ON_OFF,
    show: ({ settings }) => `${label} is ${onOffText(setting.get(settings))}.`,
    set: (value, { settings }) => setting.set(settings, parseOnOff(name, value)),
  });
}

function expectAtMost(command: MetaCommand, args: readonly string[], count: number): void {
  if (args.length > count) throw new UserError(`Too many arguments. Usage: ${command.usage}`);
}

/** `.inspect`: every table (no argument, or a connection's name), or one table's columns (`table`, `connection.table`). */
async function inspect(target: string | undefined, context: MetaContext): Promise<void> {
  const { tables } = context;
  if (target === undefined || context.connectionNames().includes(target)) {
    await context.printTable(tableListing(tables));
    return;
  }
  const name = target.slice(target.lastIndexOf('.') + 1);
  const table = tableNamed(name, tables);
  const types = context.engine === 'sqlite' ? sqliteType : postgresType;
  await context.printTable(columnListing(table, types, { sortByName: true }));
}

export const META_COMMANDS: readonly MetaCommand[] = [
  {
    name: '.help',
    usage: '.help',
    description: 'Show this help',
    run: (_args, { out }) => {
      out.write(helpText());
    },
  },
  {
    name: '.inspect',
    usage: '.inspect [table]',
    description: "List the tables, or a table's columns with their types and descriptions",
    argumentValues: (sources: CompletionSources) => [
      ...sources.tables.map((table) => table.name),
      ...sources.connections,
    ],
    async run(args, context) {
      expectAtMost(this, args, 1);
      await inspect(args[0], context);
    },
  },
  settingCommand({
    name: '.output',
    usage: '.output table|json|csv|line',
    description: 'Set the output format',
    argumentValues: () => FORMATS,
    show: ({ settings }) => `Output format is ${settings.output.format}.`,
    set(value, { settings }) {
      const format = FORMATS.find((candidate) => candidate === value.toLowerCase());
      if (!format) throw new UserError(`.output takes ${FORMATS.join(', ')}, got '${value}'`);
      settings.output.format = format;
    },
  }),
  onOffCommand('.header', 'Show or hide column headers (table, csv)', 'Header', {
    get: (settings) => settings.output.header,
    set: (settings, on) => {
      settings.output.header = on;
    },
  }),
  settingCommand({
    name: '.separator',
    usage: '.separator <char>',
    description: 'Set the csv field separator',
    show: ({ settings }) => `Separator is ${JSON.stringify(settings.output.separator)}.`,
    set(value, { settings }) {
      csvSeparator(value);
      settings.output.separator = value;
    },
  }),
  settingCommand({
    name: '.timing',
    usage: '.timing on|off|verbose',
    description: 'Show time, rows and API calls after each statement (verbose: and each scan)',
    argumentValues: () => TIMING_MODES,
    show: ({ settings }) => `Timing is ${settings.timing}.`,
    set(value, { settings }) {
      const mode = TIMING_MODES.find((candidate) => candidate === value.toLowerCase());
      if (!mode) throw new UserError(`.timing takes on, off or verbose, got '${value}'`);
      settings.timing = mode;
    },
  }),
  onOffCommand('.pager', 'Page results taller or wider than the screen (less, or $JCSQL_PAGER)', 'Pager', {
    get: (settings) => settings.pager,
    set: (settings, on) => {
      settings.pager = on;
    },
  }),
  settingCommand({
    name: '.cache',
    usage: '.cache on|off|clear',
    description: 'Turn the scan cache on or off for this session, or empty it',
    argumentValues: () => [...ON_OFF, 'clear'],
    show: ({ caches }) =>
      caches().some((cache) => cache.enabled)
        ? 'Caching is on. To turn it off, type .cache off'
        : 'Caching is off. To turn it on, type .cache on',
    set(value, { caches }) {
      if (value.toLowerCase() === 'clear') for (const cache of caches()) cache.clear();
      else if (/^(on|off)$/i.test(value))
        for (const cache of caches()) cache.enabled = parseOnOff('.cache', value);
      else throw new UserError(`.cache takes on, off or clear, got '${value}'`);
    },
  }),
  {
    name: '.connection',
    usage: '.connection [name]',
    description: 'Show the current connection, or switch to another connection or aggregator',
    argumentValues: (sources: CompletionSources) => sources.connections,
    async run(args, context) {
      expectAtMost(this, args, 1);
      const [name] = args;
      if (name === undefined)
        context.out.write(
          context
            .describeConnections()
            .map((line) => `${line}\n`)
            .join(''),
        );
      else await context.switchConnection(name);
    },
  },
  {
    name: '.clear',
    usage: '.clear',
    description: 'Clear the screen',
    run: (_args, context) => context.clearScreen(),
  },
  {
    name: '.exit',
    usage: '.exit',
    description: 'Leave the shell (also .quit, or Ctrl+D)',
    run: (_args, context) => context.exit(),
  },
  {
    name: '.quit',
    usage: '.quit',
    description: 'Leave the shell',
    run: (_args, context) => context.exit(),
  },
];

/** Finds a meta-command; an unknown one is a UserError that names the nearest. */
export function findMetaCommand(name: string): MetaCommand {
  const command = META_COMMANDS.find((candidate) => candidate.name === name);
  if (command) return command;
  const near = nearest(
    name,
    META_COMMANDS.map((candidate) => candidate.name),
  );
  throw new UserError(`Unknown command '${name}'`, {
    hint: near.length > 0 ? `Did you mean ${near.join(', ')}?` : 'Type .help for the list',
  });
}

export function helpText(): string {
  const width = Math.max(...META_COMMANDS.map((command) => command.usage.length));
  const commands = META_COMMANDS.map(
    (command) => `  ${command.usage.padEnd(width)}  ${command.description}\n`,
  );
  return [
    'End a statement with ; to run it (it may span several lines).\n',
    '\n',
    ...commands,
    '\n',
    'Tab completes table and column names, keywords and meta-commands. Up and Down (Ctrl+P, Ctrl+N) walk\n',
    'the history. Ctrl+C cancels the running statement, or clears the line; Ctrl+D on an empty line exits.\n',
  ].join('');
}
