import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The table pages: docs/tables/<table>.md, one per table. */
export const docsDir = join(import.meta.dirname, '..', '..', 'docs', 'tables');

/** A fenced code block, with the info string of its opening fence and the heading it sits under. */
export interface CodeBlock {
  info: string;
  heading: string;
  sql: string;
}

export interface Example {
  file: string;
  heading: string;
  sql: string;
}

export interface DocColumn {
  name: string;
  type: string;
}

export interface Page {
  file: string;
  table: string;
  text: string;
  columns: DocColumn[];
  /** Every fenced block of the page, in order. */
  blocks: CodeBlock[];
  /** The blocks that run on Postgres. */
  examples: Example[];
}

/** The fenced blocks that run on Postgres: ```sql+postgres, and plain ```sql. */
export const RUNNABLE_INFO = new Set(['sql', 'sql+postgres']);

/** The fenced blocks that run on SQLite. */
export const SQLITE_INFO = 'sql+sqlite';

export function parsePage(file: string, text: string): Page {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  let heading = '(no heading)';
  let block: { info: string; lines: string[] } | undefined;
  for (const line of lines) {
    if (block) {
      if (/^```\s*$/.test(line)) {
        blocks.push({ info: block.info, heading, sql: block.lines.join('\n').trim() });
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
  const examples = blocks
    .filter((b) => RUNNABLE_INFO.has(b.info))
    .map((b) => ({ file, heading: b.heading, sql: b.sql }));
  return { file, table: basename(file, '.md'), text, columns: parseColumns(file, lines), blocks, examples };
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

/** Every page of docs/tables, sorted by file name. */
export const readPages = (): Page[] =>
  readdirSync(docsDir)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => parsePage(file, readFileSync(join(docsDir, file), 'utf8')));

/** A Postgres example and its SQLite twin: the ```sql+sqlite block right after it, under the same heading. */
export interface ExamplePair {
  file: string;
  heading: string;
  postgres: string;
  sqlite: string | undefined;
}

export function pairExamples(page: Page): ExamplePair[] {
  return page.blocks.flatMap((block, index) => {
    if (!RUNNABLE_INFO.has(block.info)) return [];
    const next = page.blocks[index + 1];
    const twin = next?.info === SQLITE_INFO && next.heading === block.heading ? next : undefined;
    return [{ file: page.file, heading: block.heading, postgres: block.sql, sqlite: twin?.sql }];
  });
}

/** The ```sql+sqlite blocks that do not directly follow a Postgres block under the same heading. */
export const strayedSqliteBlocks = (page: Page): CodeBlock[] =>
  page.blocks.filter((block, index) => {
    if (block.info !== SQLITE_INFO) return false;
    const previous = page.blocks[index - 1];
    return !previous || !RUNNABLE_INFO.has(previous.info) || previous.heading !== block.heading;
  });
