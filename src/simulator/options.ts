import { UserError } from '../errors.js';
import { parseFaultSpec } from './faults.js';

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 42. */
  seed?: number;
  /** Users of the primary org (default 60). */
  users?: number;
  /** Devices of the primary org (default 30). */
  devices?: number;
  /** User groups of the primary org (default 12). */
  groups?: number;
  /** Organizations the admin's key can see (default 3). */
  orgs?: number;
  latencyMs?: number;
  /** `KIND:RATE[,KIND:RATE…]`, see parseFaultSpec. */
  faults?: string;
  apiKey?: string;
  /** The clock activity timestamps are relative to (ms since epoch). Default: the current hour. */
  now?: number;
}

export const DEMO_API_KEY = 'jcsql-demo-00000000000000000000000000000';

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  seed: 42,
  users: 60,
  devices: 30,
  groups: 12,
  orgs: 3,
  latencyMs: 0,
};

/** Upper bounds that keep a mistyped knob from exhausting memory. */
const MAX = { users: 1_000_000, devices: 200_000, groups: 10_000, orgs: 50 };

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'now'>> & { now: number | undefined };

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UserError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Validates the knobs; bad values throw a UserError naming the knob. */
export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const faults = options.faults ?? '';
  parseFaultSpec(faults);
  const apiKey = options.apiKey ?? DEMO_API_KEY;
  if (apiKey.length === 0) throw new UserError('apiKey must not be empty');
  return {
    host: options.host ?? DEFAULTS.host,
    port: integer('port', options.port, DEFAULTS.port, 0, 65_535),
    seed: integer('seed', options.seed, DEFAULTS.seed, 0, 0xffffffff),
    users: integer('users', options.users, DEFAULTS.users, 0, MAX.users),
    devices: integer('devices', options.devices, DEFAULTS.devices, 0, MAX.devices),
    groups: integer('groups', options.groups, DEFAULTS.groups, 0, MAX.groups),
    orgs: integer('orgs', options.orgs, DEFAULTS.orgs, 1, MAX.orgs),
    latencyMs: integer('latencyMs', options.latencyMs, DEFAULTS.latencyMs, 0, 600_000),
    faults,
    apiKey,
    now: options.now,
  };
}
