import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { jcsql } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/engine.js';

const SENTINEL = 'SENTINEL-KEY-7f3a9c1e5b2d4680aa11bb22cc33dd44ee55ff66';

/**
 * The API key must never be shown: every command path, succeeding and failing, with debug
 * output on, runs with a sentinel key; the key must appear in no output and no written file.
 */
describe('the API key never appears', () => {
  let simulator: RunningSimulator;
  let configDir: string;
  let outDir: string;
  beforeAll(async () => {
    simulator = await startSimulator({ apiKey: SENTINEL });
    configDir = makeTempDir('jcsql-secret-cfg-');
    outDir = makeTempDir('jcsql-secret-out-');
    writeFileSync(
      join(configDir, 'jumpcloud.spc'),
      `connection "jc" {\n  plugin  = "jumpcloud"\n  api_key = "${SENTINEL}"\n  api_url = "${simulator.url}"\n}\n`,
      { mode: 0o600 },
    );
  });
  afterAll(() => simulator?.close());

  const env = { JCSQL_DEBUG: '1', JCSQL_CONFIG_DIR: '' };
  const withConfig = (args: string[]) => [...args, '--config-dir', configDir];
  const wrongKeyDir = () => {
    const dir = makeTempDir('jcsql-secret-wrong-');
    writeFileSync(
      join(dir, 'jumpcloud.spc'),
      `connection "jc" {\n  plugin  = "jumpcloud"\n  api_key = "${SENTINEL}-wrong"\n  api_url = "${simulator.url}"\n}\n`,
      { mode: 0o600 },
    );
    return dir;
  };

  const cases: Array<[string, () => string[], Record<string, string>?]> = [
    [
      'query, success',
      () => withConfig(['query', '--output', 'json', 'select id, sp_ctx, _ctx from jumpcloud_user limit 2']),
    ],
    ['query, --timing', () => withConfig(['query', '--timing', 'select count(*) from jumpcloud_device'])],
    ['query, SQL error', () => withConfig(['query', 'select nope from jumpcloud_user'])],
    ['query, API 401', () => ['query', 'select id from jumpcloud_user', '--config-dir', wrongKeyDir()]],
    [
      'query, key from env, API 401',
      () => ['query', 'select id from jumpcloud_user'],
      { JUMPCLOUD_API_KEY: `${SENTINEL}x` },
    ],
    [
      'query, unreachable API',
      () => ['query', 'select id from jumpcloud_user'],
      { JUMPCLOUD_API_KEY: SENTINEL, JUMPCLOUD_API_URL: 'http://127.0.0.1:1' },
    ],
    [
      'query, sqlite engine',
      () => withConfig(['query', '--engine', 'sqlite', 'select id from jumpcloud_user limit 1']),
    ],
    [
      'export, success',
      () =>
        withConfig([
          'export',
          'jumpcloud_user',
          '--select',
          'id,sp_ctx',
          '--limit',
          '3',
          '--output',
          'jsonl',
        ]),
    ],
    ['export, bad where', () => withConfig(['export', 'jumpcloud_user', '--where', 'nope = 1'])],
    ['export, API 401', () => ['export', 'jumpcloud_user', '--config-dir', wrongKeyDir()]],
    [
      'snapshot',
      () => withConfig(['snapshot', join(outDir, 'snap.db'), '--tables', 'jumpcloud_user', '--force']),
    ],
    ['tables', () => withConfig(['tables'])],
    ['unknown connection', () => withConfig(['query', '--connection', 'nope', 'select 1'])],
  ];

  for (const [name, args, extraEnv] of cases) {
    it(name, async () => {
      const apiUrl = { JUMPCLOUD_API_URL: simulator.url };
      const run = await jcsql(args(), { env: { ...env, ...apiUrl, ...extraEnv } });
      expect(run.stdout + run.stderr).not.toContain(SENTINEL);
    });
  }

  it('is in no file jcsql wrote', () => {
    for (const file of readdirSync(outDir)) {
      expect(readFileSync(join(outDir, file)).includes(Buffer.from(SENTINEL))).toBe(false);
    }
  });

  it('reaches the API, so the key was really used', () => {
    expect(simulator.stats().total).toBeGreaterThan(5);
    expect(simulator.stats().writes).toBe(0);
  });
});
