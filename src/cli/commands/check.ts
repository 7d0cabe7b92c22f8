import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { CheckRun } from '../../check/model.js';
import { summarise } from '../../check/model.js';
import { CHECK_FORMATS, type CheckFormat, formatOfFile, render } from '../../check/report.js';
import { runSelection } from '../../check/run.js';
import { selectControls } from '../../check/select.js';
import { jcsqlHome } from '../../engines/home.js';
import { ENGINE_KINDS, type EngineKind } from '../../engines/index.js';
import { EXIT, UserError } from '../../errors.js';
import { tables } from '../../tables/index.js';
import type { CliIO } from '../io.js';
import { openSession, warnTo } from '../session.js';
import { addConnectionOptions } from './options.js';

/** `jcsql check` exit codes: 0 nothing alarms; these when something does, or a control fails. */
export const CHECK_EXIT = { alarm: EXIT.checkAlarm, error: EXIT.checkError } as const;

interface CheckOptions {
  output: CheckFormat;
  export: string[];
  where?: string;
  mod?: string;
  engine: EngineKind;
  demo?: boolean;
  connection?: string;
  configDir?: string;
  cache: boolean;
}

export function registerCheckCommand(program: Command, io: CliIO): void {
  const command = program
    .command('check')
    .description(
      'Run security controls (SQL) over your JumpCloud org: the built-in benchmark, or your own; `jcsql check list` lists them',
    )
    .argument(
      '[benchmark-or-control...]',
      'benchmarks or controls to run (default: every root benchmark); `list` lists them',
    )
    .addOption(
      new Option('--output <format>', `output format: ${CHECK_FORMATS.join(', ')}`)
        .choices(CHECK_FORMATS)
        .default('text'),
    )
    .option(
      '--export <file>',
      'also write the results to FILE, in the format of its extension (.json, .csv, .xml for JUnit, .html, .txt); repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--where <conditions>',
      'run only the controls that match, e.g. "tags.category = identity and severity in (high, critical)"',
    )
    .option(
      '--mod <dir>',
      'read your controls and benchmarks from the YAML files of DIR (default ~/.jcsql/controls when it exists)',
    )
    .addOption(
      new Option('--engine <engine>', 'the engine for controls whose SQL runs on either (dialect: any)')
        .choices(ENGINE_KINDS)
        .default('postgres'),
    );
  addConnectionOptions(command);
  command.action(async (names: string[], options: CheckOptions) => runCheck(names, options, io));
}

async function runCheck(names: string[], options: CheckOptions, io: CliIO): Promise<void> {
  const exports = options.export.map((file) => {
    const format = formatOfFile(file);
    if (!format)
      throw new UserError(
        `--export '${file}': the extension must be .json, .csv, .xml (JUnit), .html or .txt`,
        { exitCode: EXIT.badInput },
      );
    return { file, format };
  });
  // Loaded here, not with the CLI: its YAML parser is ~20 ms of every other command's start.
  const { loadCatalog } = await import('../../check/load.js');
  const catalog = loadCatalog({ mod: options.mod, env: io.env });
  if (names.length === 1 && names[0] === 'list') {
    const { controls } = selectControls(catalog, [], options.where);
    const width = Math.max(...controls.map((c) => c.id.length), 2);
    io.stdout.write(`${'ID'.padEnd(width)}  SEVERITY  TITLE\n`);
    for (const c of controls) io.stdout.write(`${c.id.padEnd(width)}  ${c.severity.padEnd(8)}  ${c.title}\n`);
    const benchmarks = [...catalog.items.values()].filter((item) => item.kind === 'benchmark');
    io.stdout.write(
      `\n${controls.length} control${controls.length === 1 ? '' : 's'}; benchmarks: ${benchmarks.map((b) => b.id).join(', ')}\n`,
    );
    return;
  }
  const { roots, controls } = selectControls(catalog, names, options.where);
  if (controls.length === 0)
    throw new UserError('no control matches', { hint: 'See jcsql check list', exitCode: EXIT.badInput });

  const session = await openSession({ ...options, env: io.env, warn: warnTo(io.stderr) });
  const tty = io.stderr.isTTY === true;
  let run: CheckRun;
  try {
    run = await runSelection(catalog, roots, controls, {
      connections: session.connections,
      tables,
      home: jcsqlHome(io.env),
      engine: options.engine,
      notice: warnTo(io.stderr),
      onControl: tty
        ? (index, total, control) =>
            io.stderr.write(`\r\x1b[2KRunning control ${index + 1}/${total}: ${control.id}`)
        : undefined,
    });
  } finally {
    if (tty) io.stderr.write('\r\x1b[2K');
    await session.close();
  }
  io.stdout.write(render(run, options.output, { colour: io.stdout.isTTY === true && !io.env.NO_COLOR }));
  for (const { file, format } of exports) {
    try {
      writeFileSync(file, render(run, format));
    } catch (error) {
      throw new UserError(
        `--export '${file}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        { exitCode: EXIT.badInput },
      );
    }
  }
  const summary = summarise(run.outcomes);
  if (summary.error > 0)
    throw new UserError(`${summary.error} control run${summary.error > 1 ? 's' : ''} failed`, {
      exitCode: CHECK_EXIT.error,
    });
  if (summary.alarm > 0) throw new UserError('alarms', { exitCode: CHECK_EXIT.alarm, reported: true });
}
