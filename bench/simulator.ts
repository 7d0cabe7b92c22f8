import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { SimulatorStats } from '../src/simulator/index.js';
import { CLI_PATH } from './paths.js';

/** The shape of a simulated org: the primary organization's users, devices and user groups. */
export interface Dataset {
  users: number;
  devices: number;
  groups: number;
}

/** What a worker needs to reach a simulator: the three variables `jcsql` reads. */
export interface SimulatorEndpoint {
  url: string;
  apiKey: string;
  orgId: string;
}

export const datasetKey = (d: Dataset): string => `${d.users}u-${d.devices}d-${d.groups}g`;

/** The environment that points `jcsql` (and the bench's own connections) at a simulator. */
export const simulatorEnv = (sim: SimulatorEndpoint): Record<string, string> => ({
  JUMPCLOUD_API_URL: sim.url,
  JUMPCLOUD_API_KEY: sim.apiKey,
  JUMPCLOUD_ORG_ID: sim.orgId,
});

/**
 * A control request to the simulator, tried again on a network error: after the event loop was
 * blocked for seconds (opening PGlite), a kept-alive socket the server has since closed may be
 * reused once.
 */
async function control(sim: SimulatorEndpoint, path: string, method = 'GET'): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await (await fetch(`${sim.url}${path}`, { method })).json();
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** Reads and resets the simulator's exact request counts over HTTP (`/__simulator/stats`). */
export const simulatorStats = async (sim: SimulatorEndpoint): Promise<SimulatorStats> =>
  (await control(sim, '/__simulator/stats')) as SimulatorStats;

export async function resetSimulatorStats(sim: SimulatorEndpoint): Promise<void> {
  await control(sim, '/__simulator/stats/reset', 'POST');
}

/**
 * The simulated JumpCloud API in its own process (`jcsql demo serve`), so that serving requests
 * never competes with the measured client for its event loop, and its memory is not counted in
 * the client's peak RSS.
 */
export class SimulatorProcess implements SimulatorEndpoint {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly apiKey: string,
    readonly orgId: string,
  ) {}

  static async start(dataset: Dataset, latencyMs: number): Promise<SimulatorProcess> {
    const args = [
      CLI_PATH,
      'demo',
      'serve',
      ...['--users', String(dataset.users), '--devices', String(dataset.devices)],
      ...['--groups', String(dataset.groups), '--latency-ms', String(latencyMs)],
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const env: Record<string, string> = {};
    const lines = createInterface({ input: child.stdout! });
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`jcsql demo serve exited with ${code}`))),
    );
    const ready = (async () => {
      for await (const line of lines) {
        const [name, value] = line.split('=', 2);
        if (name && value) env[name] = value;
        if (env.JUMPCLOUD_ORG_ID) return;
      }
    })();
    await Promise.race([ready, exited]);
    const { JUMPCLOUD_API_URL: url, JUMPCLOUD_API_KEY: apiKey, JUMPCLOUD_ORG_ID: orgId } = env;
    if (!url || !apiKey || !orgId) throw new Error('jcsql demo serve printed no endpoint');
    return new SimulatorProcess(child, url, apiKey, orgId);
  }

  get endpoint(): SimulatorEndpoint {
    return { url: this.url, apiKey: this.apiKey, orgId: this.orgId };
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
