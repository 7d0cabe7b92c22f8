/**
 * The built CLI exports 100,000 users from a simulator running in this process, as a child
 * process whose peak RSS is measured (test/export/peak-rss.mjs). Needs `npm run build` first.
 */

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../src/client/index.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { makeTempDir, testHome } from '../helpers/engine.js';

const USERS = 100_000;
/** Pages read as a chain (src/client/paginate.ts): the first page, then 99 new users a page. */
const LIST_REQUESTS = 1 + Math.ceil((USERS - PAGE_SIZE) / (PAGE_SIZE - 1));
const PEAK_RSS_LIMIT_MB = 200;
const root = join(import.meta.dirname, '..', '..');
const built = existsSync(join(root, 'dist', 'cli', 'main.js'));

describe.skipIf(!built)('export of 100,000 users by the built CLI', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({ users: USERS, orgs: 1 });
  }, 120_000);
  afterAll(() => simulator?.close());

  it(`streams them to a file under ${PEAK_RSS_LIMIT_MB} MB peak RSS, one request per page of ${PAGE_SIZE} chained (${LIST_REQUESTS})`, async () => {
    const file = join(makeTempDir('jcsql-export-100k-'), 'users.csv');
    simulator.resetStats();
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, 'peak-rss.mjs'), 'export', 'jumpcloud_user', '--output-file', file],
      {
        env: {
          PATH: process.env.PATH,
          JCSQL_HOME: testHome(),
          JCSQL_CONFIG_DIR: makeTempDir('jcsql-export-100k-cfg-'),
          JUMPCLOUD_API_URL: simulator.url,
          JUMPCLOUD_API_KEY: simulator.apiKey,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const seconds = (performance.now() - started) / 1000;
    const peakKb = Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1]);
    const listRequests = simulator.stats().byRoute['GET /api/systemusers'];
    console.info(
      `export of ${USERS} users: ${seconds.toFixed(1)} s, peak RSS ${(peakKb / 1024).toFixed(0)} MB, ${listRequests} list requests`,
    );

    expect(stderr.replace(/\s*peak-rss-kb \d+\s*$/, '')).toBe('');
    expect(code).toBe(0);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(USERS + 2); // header, rows, and the empty string after the last newline
    expect(new Set(lines.slice(1, -1).map((line) => line.split(',', 2)[1])).size).toBe(USERS); // ids are distinct
    expect(peakKb / 1024).toBeLessThan(PEAK_RSS_LIMIT_MB);
    expect(listRequests).toBe(LIST_REQUESTS);
    expect(simulator.stats().total).toBe(LIST_REQUESTS);
  }, 180_000);
});
