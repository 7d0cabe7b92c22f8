import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { ControlRunner } from '../../check/run.js';
import { jcsqlHome } from '../../engines/home.js';
import type { EngineKind, SqlEngine } from '../../engines/index.js';
import { tables } from '../../tables/index.js';
import type { CliIO } from '../io.js';
import { openQuerySession, openSessionEngine } from '../run-statement.js';
import { warnTo } from '../session.js';
import { addConnectionOptions, queryTimeoutOption, resolveQueryTimeout } from './options.js';

interface McpOptions {
  demo?: boolean;
  connection?: string;
  configDir?: string;
  cache: boolean;
  queryTimeout?: number;
  mod?: string;
}

export function registerMcpCommand(program: Command, io: CliIO): void {
  const command = program
    .command('mcp')
    .description(
      'Serve read-only SQL over your JumpCloud org to AI assistants: a Model Context Protocol server on stdin/stdout',
    )
    .addOption(
      queryTimeoutOption(
        'cancel a tool call that runs longer than this many seconds, stopping its API calls',
      ),
    )
    .option(
      '--mod <dir>',
      'run_check and list_checks read your controls from the YAML files of DIR (default ~/.jcsql/controls when it exists)',
    );
  addConnectionOptions(command).action((options: McpOptions) => runMcp(options, io));
}

async function runMcp(options: McpOptions, io: CliIO): Promise<void> {
  const timeout = resolveQueryTimeout(options.queryTimeout, io.env);
  // The session (and its config errors) come first: a bad connection fails before serving.
  const { session, engine: postgres } = await openQuerySession({ ...options, engine: 'postgres' }, io);
  const engines = new Map<EngineKind, Promise<SqlEngine>>([['postgres', Promise.resolve(postgres)]]);
  const engine = (kind: EngineKind) => {
    let opened = engines.get(kind);
    if (!opened) {
      opened = openSessionEngine(session, { engine: kind }, io);
      opened.catch(() => engines.delete(kind)); // a failed open is tried again on the next call
      engines.set(kind, opened);
    }
    return opened;
  };
  const { createMcpServer } = await import('../mcp/server.js');
  const { loadCatalog } = await import('../../check/load.js');
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const runner = new ControlRunner({
    connections: session.connections,
    tables,
    home: jcsqlHome(io.env),
    notice: warnTo(io.stderr),
  });
  const catalog = () => loadCatalog({ mod: options.mod, env: io.env });
  const server = createMcpServer({ session, tables, engine, timeout, checks: { catalog, runner } });
  const transport = new StdioServerTransport(io.stdin as Readable, io.stdout as Writable);
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  // The client closing stdin ends the server, as do Ctrl+C and a kill.
  transport.onclose = stop;
  io.stdin.once('end', stop);
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    await server.connect(transport);
    await stopped;
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await server.close().catch(() => {});
    for (const opened of engines.values()) await (await opened.catch(() => undefined))?.close();
    await runner.close();
    await session.close();
  }
}
