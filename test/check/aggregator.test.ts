import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { jcsql } from '../helpers/cli.js';
import { writeTwoTenantConfig } from '../helpers/spc.js';

describe('jcsql check --connection AGGREGATOR', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator();
  });
  // Opening the Postgres engine dominates: the two connections share it.
  afterAll(() => simulator?.close());

  it('runs each control on every member and reports each row with its connection', async () => {
    const configDir = writeTwoTenantConfig(simulator);
    const run = await jcsql([
      'check',
      '--config-dir',
      configDir,
      '--connection',
      'jc_all',
      '--output',
      'json',
      'user_password_never_expires',
      'device_fde_disabled',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout);
    expect(report.connections).toEqual(['jc_first', 'jc_second']);
    const [first, second] = simulator.data.orgs;
    const fde = report.controls.find((c: { id: string }) => c.id === 'device_fde_disabled');
    const alarms = (connection: string) =>
      fde.results
        .filter(
          (r: { connection: string; status: string }) => r.connection === connection && r.status === 'alarm',
        )
        .map((r: { resource: string }) => r.resource)
        .sort();
    expect(alarms('jc_first')).toEqual(
      first!.systems
        .filter((s) => !s.fde.active)
        .map((s) => s._id)
        .sort(),
    );
    expect(alarms('jc_second')).toEqual(
      second!.systems
        .filter((s) => !s.fde.active)
        .map((s) => s._id)
        .sort(),
    );
    expect(fde.results).toHaveLength(first!.systems.length + second!.systems.length);
  }, 120_000);
});
