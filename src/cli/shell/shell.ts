/**
 * The interactive shell: `jcsql query` with no SQL on a terminal (Steampipe's `steampipe query`
 * shell). Multi-line statements ended by `;`, meta-commands, completion, history kept across runs,
 * Ctrl+C to cancel a running statement. Built on Node's readline.
 */
import { clearScreenDown, createInterface, cursorTo, type Interface } from 'node:readline';
import { loadConfig } from '../../config/index.js';
import type { StatementTimeout } from '../../engines/engine.js';
import type { SqlEngine } from '../../engines/index.js';
import { describeError, UserError } from '../../errors.js';
import { tables } from '../../tables/index.js';
import type { CliIO } from '../io.js';
import {
  DEFAULT_OUTPUT_OPTIONS,
  type OutputFormat,
  Pager,
  printThrough,
  type QueryResult,
  type TerminalHandOver,
  type TimingMode,
  writeResult,
} from '../output/index.js';
import { Progress } from '../progress.js';
import { CANCELLED, openQuerySession, type QuerySessionOptions, runStatements } from '../run-statement.js';
import { DEMO_CONNECTION, type Session } from '../session.js';
import { type CompletionSources, complete } from './completion.js';
import { History, historyFile } from './history.js';
import {
  findMetaCommand,
  META_COMMANDS,
  type MetaCommandLine,
  type MetaContext,
  parseMetaCommand,
  type ShellSettings,
} from './meta-commands.js';
import { historyEntry, isBlank, splitStatements } from './statements.js';

export interface ShellOptions extends QuerySessionOptions {
  output: OutputFormat;
  header: boolean;
  separator: string;
  timing: TimingMode;
  /** `--no-pager` sets it false; `.pager on|off` changes it. */
  pager: boolean;
  /** Each statement's time limit (`--query-timeout`); the shell goes on after one runs out. */
  timeout?: StatementTimeout | undefined;
}

export const PROMPT = '> ';
/** The prompt while a statement is unfinished (no `;` yet). */
export const CONTINUATION_PROMPT = '>> ';
export const EXIT_HINT = '(To exit, press Ctrl+C again or Ctrl+D or type .exit)';

/** Opens the session and engine as `jcsql query` does, then reads statements until the user leaves. */
export async function runShell(options: ShellOptions, io: CliIO): Promise<void> {
  const { session, engine } = await openQuerySession(options, io);
  const shell = new Shell(options, io, session, engine, await configuredConnections(options, io));
  await shell.run();
}

/** The names `.connection` can switch to; none when the config cannot be read (e.g. --demo without one). */
async function configuredConnections(options: ShellOptions, io: CliIO): Promise<string[]> {
  try {
    const config = await loadConfig({ configDir: options.configDir, env: io.env });
    return [...config.connections, ...config.aggregators].map((connection) => connection.name);
  } catch {
    return [];
  }
}

class Shell {
  readonly #settings: ShellSettings;
  readonly #history: History;
  readonly #sources: CompletionSources;
  readonly #pager: Pager;
  #rl: Interface | undefined;
  /** The lines of the unfinished statement. */
  #pending: string[] = [];
  /** Lines typed while a statement runs (or pasted at once), handled in turn. */
  readonly #queue: string[] = [];
  #busy = false;
  #running: AbortController | undefined;
  /** A Ctrl+C at an empty prompt: a second one exits. */
  #interrupted = false;
  #exiting = false;
  #closed = false;
  #finished: () => void = () => {};

  constructor(
    private options: ShellOptions,
    private readonly io: CliIO,
    private session: Session,
    private engine: SqlEngine,
    private readonly configured: readonly string[],
  ) {
    this.#settings = {
      output: {
        format: options.output,
        header: options.header,
        separator: options.separator,
        terminal: io.stdout.isTTY === true,
      },
      timing: options.timing,
      pager: options.pager,
    };
    this.#pager = new Pager(io, this.#terminalHandOver());
    this.#history = History.load(historyFile(io.env), (message) => this.#warn(message));
    const connections = options.demo && !configured.includes(DEMO_CONNECTION) ? [DEMO_CONNECTION] : [];
    this.#sources = { tables, connections: [...configured, ...connections], metaCommands: META_COMMANDS };
  }

  async run(): Promise<void> {
    const finished = new Promise<void>((resolve) => {
      this.#finished = resolve;
    });
    this.io.stdout.write(
      `Welcome to jcsql (${this.options.engine} engine, connection ${this.#connectionName()}).\nFor more information, type .help\n`,
    );
    const rl = createInterface({
      input: this.io.stdin,
      output: this.io.stdout,
      terminal: Boolean(this.io.stdout.isTTY),
      completer: (line: string) => this.#complete(line),
      // readline navigates this array; the shell adds to it (whole statements, not their lines).
      history: this.#history.entries,
      historySize: 0,
      prompt: PROMPT,
    });
    this.#rl = rl;
    rl.on('line', (line) => {
      // With historySize 0 readline never resets its place in the history; start from the top again.
      (rl as unknown as { historyIndex: number }).historyIndex = -1;
      this.#queue.push(line);
      void this.#drain();
    });
    rl.on('SIGINT', () => this.#interrupt());
    rl.on('close', () => {
      this.#closed = true;
      if (!this.#exiting) this.io.stdout.write('\n');
      this.#running?.abort(new UserError(CANCELLED));
      if (!this.#busy) this.#finished();
    });
    rl.prompt();
    await finished;
    await this.engine.close();
    await this.session.close();
  }

  #complete(line: string): [string[], string] {
    try {
      const rl = this.#rl!;
      const after = rl.line.slice(rl.cursor);
      return complete({ pending: this.#pending.join('\n'), before: line, after }, this.#sources);
    } catch {
      return [[], line];
    }
  }

  async #drain(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    while (this.#queue.length > 0 && !this.#closed) await this.#handle(this.#queue.shift()!);
    this.#busy = false;
    if (this.#closed) this.#finished();
    else this.#prompt();
  }

  #prompt(): void {
    this.#rl?.setPrompt(this.#pending.length > 0 ? CONTINUATION_PROMPT : PROMPT);
    this.#rl?.prompt();
  }

  async #handle(line: string): Promise<void> {
    this.#interrupted = false;
    if (this.#pending.length === 0) {
      const meta = parseMetaCommand(line);
      if (meta) {
        this.#history.add(line.trim());
        await this.#reportErrors(() => this.#runMetaCommand(meta));
        return;
      }
      if (isBlank(line, this.options.engine)) return;
    }
    this.#pending.push(line);
    const { statements, rest } = splitStatements(this.#pending.join('\n'), this.options.engine);
    if (statements.length === 0) return;
    this.#history.add(historyEntry(this.#pending, this.options.engine));
    this.#pending = rest === '' ? [] : [rest];
    await this.#reportErrors(() => this.#runSql(statements.join('\n')));
  }

  async #runSql(sql: string): Promise<void> {
    const controller = new AbortController();
    this.#running = controller;
    try {
      const statements = this.engine.plan(sql);
      await runStatements(this.engine, statements, {
        output: this.#settings.output,
        timing: this.#settings.timing,
        stdout: this.io.stdout,
        pager: this.#activePager(),
        // Steampipe's shell prints timing on stdout; batch mode on stderr.
        timingOut: this.io.stdout,
        errors: this.io.stderr,
        progress: new Progress(this.io.stderr, this.session.connections.requests),
        signal: controller.signal,
        timeout: this.options.timeout,
      });
    } finally {
      this.#running = undefined;
    }
  }

  async #runMetaCommand({ name, args }: MetaCommandLine): Promise<void> {
    await findMetaCommand(name).run(args, this.#metaContext());
  }

  /** While a pager shows a result, it reads the keyboard: readline stops reading and leaves raw mode. */
  #terminalHandOver(): TerminalHandOver {
    const stdin = this.io.stdin as NodeJS.ReadableStream & { setRawMode?(raw: boolean): unknown };
    return {
      suspend: () => {
        this.#rl?.pause();
        stdin.setRawMode?.(false);
      },
      resume: () => {
        stdin.setRawMode?.(true);
        this.#rl?.resume();
      },
    };
  }

  /** The pager, unless `.pager off` (or `--no-pager`). */
  #activePager(): Pager | undefined {
    return this.#settings.pager ? this.#pager : undefined;
  }

  #metaContext(): MetaContext {
    return {
      settings: this.#settings,
      out: this.io.stdout,
      printTable: (result: QueryResult) =>
        printThrough(this.#activePager(), this.io.stdout, 'table', (sink) =>
          writeResult(sink, result, DEFAULT_OUTPUT_OPTIONS),
        ),
      tables,
      engine: this.options.engine,
      caches: () => [...new Set([...this.session.connections.byName.values()].flat().map((c) => c.cache))],
      connectionNames: () => this.#sources.connections,
      describeConnections: () => this.#describeConnections(),
      switchConnection: (name) => this.#switchConnection(name),
      clearScreen: () => {
        cursorTo(this.io.stdout, 0, 0);
        clearScreenDown(this.io.stdout);
      },
      exit: () => {
        this.#exiting = true;
        this.#rl?.close();
      },
    };
  }

  /** The session's own name: its first (a connection, or the aggregator whose members follow). */
  #connectionName(): string {
    return this.session.connections.byName.keys().next().value ?? DEMO_CONNECTION;
  }

  #describeConnections(): string[] {
    const name = this.#connectionName();
    const members = this.session.connections.default.map((handle) => handle.name);
    const what = this.options.demo
      ? ' (the built-in simulated org)'
      : members.length > 1 || members[0] !== name
        ? ` (aggregator of ${members.join(', ')})`
        : '';
    const lines = [`Current connection: ${name}${what}`];
    if (this.configured.length > 0) lines.push(`Configured: ${this.configured.join(', ')}`);
    return lines;
  }

  /** Opens the session and engine for another connection, then closes the old ones (kept if that fails). */
  async #switchConnection(name: string): Promise<void> {
    const demo = name === DEMO_CONNECTION && !this.configured.includes(name);
    const options: ShellOptions = { ...this.options, demo, connection: demo ? undefined : name };
    const next = await openQuerySession(options, this.io);
    await this.engine.close();
    await this.session.close();
    this.options = options;
    this.session = next.session;
    this.engine = next.engine;
    this.io.stdout.write(`Connected to ${this.#connectionName()}.\n`);
  }

  /** Ctrl+C: cancel the running statement; else drop the line being typed; at an empty prompt, twice exits. */
  #interrupt(): void {
    const rl = this.#rl!;
    if (this.#running) {
      this.#running.abort(new UserError(CANCELLED));
      return;
    }
    if (this.#busy) return;
    if (rl.line !== '' || this.#pending.length > 0) {
      this.#pending = [];
      this.#interrupted = false;
      // Node's REPL does the same: keep what was typed on screen, start an empty line under it.
      (rl as Interface & { clearLine(): void }).clearLine();
      this.#prompt();
      return;
    }
    if (this.#interrupted) {
      this.#exiting = true;
      rl.close();
      return;
    }
    this.#interrupted = true;
    this.io.stdout.write(`\n${EXIT_HINT}\n`);
    this.#prompt();
  }

  async #reportErrors(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.io.stderr.write(`Error: ${describeError(error)}\n`);
      if (!(error instanceof UserError) && this.io.env.JCSQL_DEBUG)
        this.io.stderr.write(`${(error as Error)?.stack}\n`);
    }
  }

  #warn(message: string): void {
    this.io.stderr.write(`Warning: ${message}\n`);
  }
}
