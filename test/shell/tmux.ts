import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, testHome } from '../helpers/engine.js';

export const MAIN = join(import.meta.dirname, '../../dist/cli/main.js');

let sockets = 0;

export interface ShellRunOptions {
  /** Arguments after `jcsql query` (after `jcsql <command…>` when `command` is given). */
  args: string[];
  /** The command run instead of `query`, e.g. `['config', 'init']`. */
  command?: string[];
  /** Added to a minimal environment (PATH, a temp HOME, the shared test JCSQL_HOME, a temp history file). */
  env?: Record<string, string>;
}

/**
 * `jcsql query` in a real pseudo-terminal: a tmux session 200×50 on its own socket, driven with
 * send-keys and read with capture-pane. The pane stays after the process exits, to read its last
 * screen and exit status.
 */
export class TmuxShell {
  readonly socket = `jcsql-shell-test-${process.pid}-${++sockets}`;
  readonly historyFile: string;

  constructor(options: ShellRunOptions & { historyFile?: string }) {
    const dir = makeTempDir('jcsql-shell-');
    this.historyFile = options.historyFile ?? join(dir, 'history');
    const config = join(dir, 'tmux.conf');
    writeFileSync(config, 'set -g remain-on-exit on\nset -g history-limit 5000\n');
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      TERM: 'xterm-256color',
      JCSQL_HOME: testHome(),
      JCSQL_HISTORY_FILE: this.historyFile,
      ...options.env,
    };
    // A fresh socket starts a fresh tmux server, which passes this environment to the shell.
    // The shell's exit status is printed on the screen when it ends (tmux's own pane status can
    // be missing when a pane's process exits the moment its terminal closes).
    const command = [
      'sh',
      '-c',
      'node "$@"; echo "[exited $?]"',
      'sh',
      MAIN,
      ...(options.command ?? ['query']),
      ...options.args,
    ];
    execFileSync(
      'tmux',
      ['-L', this.socket, '-f', config, 'new-session', '-d', '-x', '200', '-y', '50', ...command],
      {
        env,
        stdio: 'pipe',
      },
    );
  }

  #tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: 'pipe' });
  }

  /** Types text as it is (a `;` included). */
  type(text: string): void {
    // tmux reads an argument ending in `;` as a command separator unless it is escaped.
    this.#tmux('send-keys', '-l', '--', text.endsWith(';') ? `${text.slice(0, -1)}\\;` : text);
  }

  /**
   * Types a line, presses Enter and waits for the prompt that follows it; returns what the shell
   * printed in between. (Waiting for "a prompt" alone could see the one from before the line.)
   */
  async enter(line: string, timeoutMs?: number): Promise<string> {
    const before = (this.screen().match(/\n/g) ?? []).length;
    this.type(line);
    this.press('Enter');
    const screen = await this.waitFor((text) => {
      const echo = text.lastIndexOf(`${line}\n`);
      return echo >= 0 && (text.match(/\n/g) ?? []).length > before && /\n>>?\n$/.test(text.slice(echo));
    }, timeoutMs);
    const output = screen.slice(screen.lastIndexOf(`${line}\n`) + line.length + 1);
    return output.replace(/>>?\n$/, '');
  }

  /** Presses keys by tmux's names: Enter, Tab, Up, C-c, C-d. */
  press(...keys: string[]): void {
    this.#tmux('send-keys', ...keys);
  }

  /** The screen and its scrollback, lines joined where the terminal wrapped them, trailing blanks dropped. */
  screen(): string {
    return this.#tmux('capture-pane', '-p', '-J', '-S', '-').replace(/\s+$/, '\n');
  }

  /** Polls the screen until it matches; fails with the last screen after `timeoutMs`. */
  async waitFor(
    pattern: RegExp | string | ((screen: string) => boolean),
    timeoutMs = 30_000,
  ): Promise<string> {
    const matches = (screen: string) =>
      typeof pattern === 'string'
        ? screen.includes(pattern)
        : pattern instanceof RegExp
          ? pattern.test(screen)
          : pattern(screen);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (matches(screen)) return screen;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${String(pattern)}; the screen was:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits for the shell to exit and returns its exit status. */
  async waitForExit(timeoutMs = 15_000): Promise<number> {
    const screen = await this.waitFor(/\[exited (\d+)\]\n/, timeoutMs);
    return Number(/\[exited (\d+)\]\n/.exec(screen)![1]);
  }

  kill(): void {
    try {
      this.#tmux('kill-server');
    } catch {}
  }
}

/** An empty prompt at the end of the screen (trailing blanks are dropped): the shell waits for input. */
export const READY = /(^|\n)>\n$/;
