/**
 * A local JumpCloud API for the demo mode and every test: v1 under /api, v2 under /api/v2 and
 * Directory Insights under /insights/directory/v1, on one origin (JUMPCLOUD_API_URL).
 */
import { generateDemoData as generate } from './data/generate.js';
import type { DemoData } from './data/types.js';
import { resolveOptions, type SimulatorOptions } from './options.js';
import { listen, type SimulatorConfig, SimulatorState } from './server.js';
import type { RequestLogEntry, SimulatorStats } from './stats.js';

export type { DemoData, OrgData } from './data/types.js';
export type { FaultKind, FaultSpec } from './faults.js';
export { FAULT_KINDS, parseFaultSpec } from './faults.js';
export type { SimulatorOptions } from './options.js';
export { DEMO_API_KEY } from './options.js';
export type { SimulatorConfig } from './server.js';
export type { RequestLogEntry, SimulatorStats } from './stats.js';

export interface RunningSimulator {
  /** The origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  apiKey: string;
  /** The primary org's id (the one used without x-org-id). */
  orgId: string;
  orgIds: string[];
  data: DemoData;
  stats(): SimulatorStats;
  resetStats(): void;
  /** The most recent requests (method, route template, path+query, status, ms). */
  requestLog(): RequestLogEntry[];
  /** Changes latency or faults; `faults` or `faultSeed` restarts the fault sequence (see SimulatorConfig). */
  configure(o: SimulatorConfig): void;
  close(): Promise<void>;
}

/** Pure and deterministic: the same options (and `now`) give deep-equal data. Throws UserError on bad knobs. */
export function generateDemoData(options: SimulatorOptions = {}): DemoData {
  const o = resolveOptions(options);
  return generate({
    seed: o.seed,
    users: o.users,
    devices: o.devices,
    groups: o.groups,
    orgs: o.orgs,
    now: o.now,
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const o = resolveOptions(options);
  const data = generateDemoData(options);
  const state = new SimulatorState({ ...o, data });
  const server = await listen(state);
  return {
    url: server.url,
    apiKey: o.apiKey,
    orgId: data.primaryOrgId,
    orgIds: data.orgs.map((org) => org.organization._id),
    data,
    stats: () => state.stats.snapshot(),
    resetStats: () => state.stats.reset(),
    requestLog: () => state.stats.requestLog(),
    configure: (c) => state.configure(c),
    close: () => server.close(),
  };
}
