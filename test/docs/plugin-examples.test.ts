import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../src/engines/engine.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { type DemoEngine, openDemoEngine, openDemoSqliteEngine } from '../helpers/engine.js';

/**
 * The Steampipe plugin's own documented queries: a Steampipe user's queries must answer on jcsql
 * as they do on the plugin, so each returns rows on the demo org. The plugin's docs are
 * CC BY-NC-ND 4.0 and not ours to copy into this repository, so they are read where they are:
 * JCSQL_PLUGIN_DOCS names the `docs` directory of a checkout of turbot/steampipe-plugin-jumpcloud
 * (`JCSQL_PLUGIN_DOCS=…/docs npx vitest run test/docs/plugin-examples.test.ts`).
 */
const PLUGIN_DOCS = process.env.JCSQL_PLUGIN_DOCS;

interface PluginExample {
  file: string;
  heading: string;
  engine: 'postgres' | 'sqlite';
  sql: string;
}

const ENGINE_OF_FENCE: Record<string, PluginExample['engine']> = {
  sql: 'postgres',
  'sql+postgres': 'postgres',
  'sql+sqlite': 'sqlite',
};

/** Every SQL block of a docs page, under its heading; the blocks that only say "Error: SQLite does not support …" are not queries. */
function examplesOf(file: string, markdown: string): PluginExample[] {
  const examples: PluginExample[] = [];
  let heading = '';
  for (const [, title, fence, body] of markdown.matchAll(/^#+ (.*)$|^```(\S+)\n([\s\S]*?)^```$/gm)) {
    if (title !== undefined) heading = title.trim();
    const engine = fence && ENGINE_OF_FENCE[fence];
    if (engine && body && !body.trimStart().startsWith('Error:'))
      examples.push({ file, heading, engine, sql: body.trim() });
  }
  return examples;
}

function pluginExamples(docs: string): PluginExample[] {
  const tables = join(docs, 'tables');
  return [
    ...examplesOf('index.md', readFileSync(join(docs, 'index.md'), 'utf8')),
    ...readdirSync(tables)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .flatMap((name) => examplesOf(`tables/${name}`, readFileSync(join(tables, name), 'utf8'))),
  ];
}

describe.skipIf(!PLUGIN_DOCS)("the Steampipe plugin's documented queries (JCSQL_PLUGIN_DOCS)", () => {
  const examples = PLUGIN_DOCS ? pluginExamples(PLUGIN_DOCS) : [];
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

  it('are all found: 39 for Postgres, 35 for SQLite (reference/anchor-plugin.md §7)', () => {
    expect(examples.filter((example) => example.engine === 'postgres')).toHaveLength(39);
    expect(examples.filter((example) => example.engine === 'sqlite')).toHaveLength(35);
  });

  it.each(
    examples.map((example) => [`${example.engine} › ${example.file} › ${example.heading}`, example] as const),
  )('return rows on the demo org: %s', async (_name, example) => {
    const rows = await engines[example.engine]!.query(example.sql);
    expect(rows.length, `no row from:\n${example.sql}`).toBeGreaterThan(0);
  });
});
