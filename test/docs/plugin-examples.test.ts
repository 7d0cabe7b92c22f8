import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../src/engines/engine.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { type DemoEngine, openDemoEngine, openDemoSqliteEngine } from '../helpers/engine.js';

interface PluginExample {
  file: string;
  heading: string;
  engine: 'postgres' | 'sqlite';
  sql: string;
}

// The Steampipe plugin's own documented queries (see `source` in the file): a Steampipe user's
// queries must answer on jcsql as they do on the plugin, so each returns rows on the demo org.
const { examples } = JSON.parse(readFileSync(join(import.meta.dirname, 'plugin-examples.json'), 'utf8')) as {
  examples: PluginExample[];
};

describe("the Steampipe plugin's documented queries", () => {
  it('are all there: 39 for Postgres, 35 for SQLite (reference/anchor-plugin.md §7)', () => {
    expect(examples.filter((example) => example.engine === 'postgres')).toHaveLength(39);
    expect(examples.filter((example) => example.engine === 'sqlite')).toHaveLength(35);
  });
});

describe("the Steampipe plugin's documented queries return rows on the demo org", () => {
  let simulator: RunningSimulator;
  const engines: Partial<Record<PluginExample['engine'], DemoEngine<SqlEngine>>> = {};

  beforeAll(async () => {
    // One org for both engines.
    simulator = await startSimulator();
    [engines.postgres, engines.sqlite] = await Promise.all([
      openDemoEngine({ running: simulator }),
      openDemoSqliteEngine({ running: simulator }),
    ]);
  });

  afterAll(async () => {
    await engines.postgres?.close();
    await engines.sqlite?.close();
    await simulator?.close();
  });

  it.each(
    examples.map((example) => [`${example.engine} › ${example.file} › ${example.heading}`, example] as const),
  )('%s', async (_name, example) => {
    const rows = await engines[example.engine]!.query(example.sql);
    expect(rows.length, `no row from:\n${example.sql}`).toBeGreaterThan(0);
  });
});
