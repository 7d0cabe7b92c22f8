import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresType } from '../../src/engines/postgres/postgres-types.js';
import { allColumns } from '../../src/sdk/index.js';
import { tablesByName } from '../../src/tables/index.js';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';

/** The table pages: docs/tables/<table>.md, one per table. */
const docsDir = join(import.meta.dirname, '..', '..', 'docs', 'tables');

interface Example {
  file: string;
  heading: string;
  sql: string;
}

interface DocColumn {
  name: string;
  type: string;
}

interface Page {
  file: string;
  table: string;
  text: string;
  columns: DocColumn[];
  examples: Example[];
}

/** The fenced blocks that run on Postgres: ```sql+postgres, and plain ```sql. */
const RUNNABLE_INFO = new Set(['sql', 'sql+postgres']);

function parsePage(file: string, text: string): Page {
  const lines = text.split('\n');
  const examples: Example[] = [];
  let heading = '(no heading)';
  let block: { info: string; lines: string[] } | undefined;
  for (const line of lines) {
    if (block) {
      if (/^```\s*$/.test(line)) {
        if (RUNNABLE_INFO.has(block.info))
          examples.push({ file, heading, sql: block.lines.join('\n').trim() });
        block = undefined;
      } else {
        block.lines.push(line);
      }
      continue;
    }
    const fence = /^```\s*(\S*)\s*$/.exec(line);
    if (fence) {
      block = { info: fence[1]!.toLowerCase(), lines: [] };
      continue;
    }
    const h = /^#{2,6}\s+(.*\S)\s*$/.exec(line);
    if (h) heading = h[1]!;
  }
  if (block) throw new Error(`${file}: unterminated code block under "${heading}"`);
  return { file, table: basename(file, '.md'), text, columns: parseColumns(file, lines), examples };
}

/** The rows of the Markdown table under `## Columns`: name and type, backticks stripped. */
function parseColumns(file: string, lines: string[]): DocColumn[] {
  const start = lines.findIndex((line) => /^##\s+Columns\s*$/.test(line));
  if (start < 0) return [];
  const columns: DocColumn[] = [];
  let rows = 0;
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,2}\s/.test(line)) break;
    if (!line.startsWith('|')) {
      if (rows > 0) break;
      continue;
    }
    rows++;
    if (rows <= 2) continue; // header and separator
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim().replace(/^`(.*)`$/, '$1'));
    if (cells.length < 3) throw new Error(`${file}: a Columns row without three cells: ${line}`);
    columns.push({ name: cells[0]!, type: cells[1]! });
  }
  return columns;
}

const pages: Page[] = readdirSync(docsDir)
  .filter((file) => file.endsWith('.md'))
  .sort()
  .map((file) => parsePage(file, readFileSync(join(docsDir, file), 'utf8')));

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
