import type { Command } from 'commander';
import { EXIT, UserError } from '../../errors.js';
import { FAULT_KINDS, parseFaultSpec } from '../../simulator/faults.js';
import { resolveOptions, type SimulatorOptions } from '../../simulator/options.js';
import type { CliIO } from '../io.js';

interface ServeFlags {
  port?: string;
  seed?: string;
  users?: string;
  devices?: string;
  groups?: string;
  orgs?: string;
  latencyMs?: string;
  faults?: string;
}

/** Parses a numeric flag; commander hands us strings. */
function nonNegative(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()))
    throw new UserError(`--${flag} must be a non-negative integer, got '${value}'`);
  return Number(value);
}

export function toSimulatorOptions(flags: ServeFlags): SimulatorOptions {
  if (flags.faults !== undefined) parseFaultSpec(flags.faults);
  const port = nonNegative('port', flags.port);
  if (port !== undefined && port > 65_535)
    throw new UserError(`--port must be at most 65535, got '${flags.port}'`);
  return {
    port,
    seed: nonNegative('seed', flags.seed),
    users: nonNegative('users', flags.users),
    devices: nonNegative('devices', flags.devices),
    groups: nonNegative('groups', flags.groups),
    orgs: nonNegative('orgs', flags.orgs),
    latencyMs: nonNegative('latency-ms', flags.latencyMs),
    faults: flags.faults,
  };
}

/** A bad flag value is a usage error: exit 2, as for the other commands' flags. */
function usageChecked<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(error.message, { hint: error.hint, exitCode: EXIT.badInput });
  }
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export function registerDemoCommand(program: Command, io: CliIO): void {
  const demo = program
    .command('demo')
    .description('A simulated JumpCloud organization, for trying jcsql without an account.');
  demo
    .command('serve')
    .description(
      'Serve a simulated JumpCloud API on 127.0.0.1 and print the environment to point jcsql at it.',
    )
    .option('--port <n>', 'port to listen on (0 = a free port)', '0')
    .option('--seed <n>', 'seed of the generated organization', '42')
    .option('--users <n>', 'users in the primary organization')
    .option('--devices <n>', 'devices in the primary organization')
    .option('--groups <n>', 'user groups in the primary organization')
    .option('--orgs <n>', 'organizations the API key can see')
    .option('--latency-ms <n>', 'time from each API request to its answer')
    .option(
      '--faults <spec>',
      `inject faults: KIND:RATE[,KIND:RATE…], kinds ${FAULT_KINDS.join(', ')} (totalcount: a wrong v1 totalCount; shift: rows added or removed while paging)`,
    )
    .action(async (flags: ServeFlags) => {
      const { startSimulator } = await import('../../simulator/index.js');
      const sim = await startSimulator(usageChecked(() => resolveOptions(toSimulatorOptions(flags))));
      io.stdout.write(
        `JUMPCLOUD_API_URL=${sim.url}\nJUMPCLOUD_API_KEY=${sim.apiKey}\nJUMPCLOUD_ORG_ID=${sim.orgId}\n`,
      );
      await untilSignal();
      await sim.close();
    });
}
