import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteEngine } from '../../src/engines/sqlite/sqlite-engine.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { type DemoEngine, openDemoEngine, openDemoSqliteEngine } from '../helpers/engine.js';
import { type Page, pairExamples, readPages, strayedSqliteBlocks } from './examples.js';

const pages: Page[] = readPages();

const pairs = pages.flatMap(pairExamples);

describe('docs/tables pages give every example in both dialects', () => {
  it('has Postgres examples to pair', () => {
    expect(pairs.length).toBeGreaterThan(0);
  });

  for (const page of pages) {
    describe(page.file, () => {
      it('follows every ```sql+postgres block with a ```sql+sqlite twin', () => {
        const missing = pairExamples(page).filter((pair) => pair.sqlite === undefined);
        expect(missing.map((pair) => pair.heading)).toEqual([]);
      });

      it('has no ```sql+sqlite block without a Postgres example right before it', () => {
        expect(strayedSqliteBlocks(page).map((block) => block.heading)).toEqual([]);
      });
    });
  }
});

describe('docs/tables SQLite examples run on the demo org', () => {
  let simulator: RunningSimulator;
  let sqlite: DemoEngine<SqliteEngine>;
  let postgres: DemoEngine;

  beforeAll(async () => {
    // One simulator for both engines, so a SQLite example and its Postgres twin see the same org.
    simulator = await startSimulator();
    [sqlite, postgres] = await Promise.all([
      openDemoSqliteEngine({ running: simulator }),
      openDemoEngine({ running: simulator }),
    ]);
  });

  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
    await simulator?.close();
  });

  it.each(pairs.map((pair) => [`${pair.file} › ${pair.heading}`, pair] as const))(
    '%s',
    async (_name, pair) => {
      const sql = pair.sqlite;
      expect(sql, 'no ```sql+sqlite block after the Postgres example').toBeDefined();
      if (sql === undefined) return;
      expect(sqlite.engine.plan(sql), 'one statement per example').toHaveLength(1);
      const rows = await sqlite.query(sql);
      expect(rows.length, `no row from:\n${sql}`).toBeGreaterThan(0);
      const twin = await postgres.query(pair.postgres);
      expect(rows.length, `not as many rows as the Postgres example:\n${pair.postgres}`).toBe(twin.length);
    },
  );
});
