import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresType } from '../../src/engines/postgres/postgres-types.js';
import { allColumns } from '../../src/sdk/index.js';
import { tablesByName } from '../../src/tables/index.js';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';
import { type Page, readPages } from './examples.js';

const pages: Page[] = readPages();

const examples = pages.flatMap((page) => page.examples);

describe('docs/tables pages', () => {
  it('has exactly one page per table', () => {
    expect(pages.map((page) => page.table).sort()).toEqual([...tablesByName.keys()].sort());
  });

  for (const page of pages) {
    describe(page.file, () => {
      const table = tablesByName.get(page.table);

      it('documents a known table', () => {
        expect(table, `no table named ${page.table}`).toBeDefined();
      });

      it('has the title line', () => {
        const first = page.text.split('\n', 1)[0]!;
        expect(first).toMatch(new RegExp(`^# Table: ${page.table} - Query JumpCloud .+ using SQL$`));
      });

      it('documents exactly the columns of the table, in order, with their Postgres types', () => {
        if (!table) return;
        expect(page.columns.map((column) => column.name)).toEqual(
          allColumns(table).map((column) => column.name),
        );
        expect(page.columns.map((column) => `${column.name} ${column.type}`)).toEqual(
          allColumns(table).map((column) => `${column.name} ${postgresType[column.type]}`),
        );
      });

      it('has between 3 and 6 examples, under distinct headings', () => {
        expect(page.examples.length).toBeGreaterThanOrEqual(3);
        expect(page.examples.length).toBeLessThanOrEqual(6);
        const headings = page.examples.map((example) => example.heading);
        expect(new Set(headings).size).toBe(headings.length);
      });
    });
  }
});

describe('docs/tables examples run on the demo org', () => {
  let demo: DemoEngine;

  beforeAll(async () => {
    demo = await openDemoEngine();
  });

  afterAll(async () => {
    await demo?.close();
  });

  it.each(examples.map((example) => [`${example.file} › ${example.heading}`, example] as const))(
    '%s',
    async (_name, example) => {
      expect(demo.engine.plan(example.sql), 'one statement per example').toHaveLength(1);
      const rows = await demo.query(example.sql);
      expect(rows.length, `no row from:\n${example.sql}`).toBeGreaterThan(0);
    },
  );
});
