import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { col, defineTable, type Row, scan } from '../../src/sdk/index.js';
import { tables } from '../../src/tables/index.js';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';

/**
 * What COPY's text format reads specially (backslashes, tabs, newlines, `\N`, `\.`) and what
 * Postgres text cannot hold (NUL), in text and JSON columns: the Postgres engine's load
 * (postgres-store.ts) must give back exactly what the scan read, NUL as U+FFFD.
 */
const AWKWARD = [
  'back\\slash',
  '\\\\server\\share\\',
  'tab\there',
  'new\nline',
  'carriage\rreturn\r\n',
  '\\N',
  '\\.',
  '',
  'quote "double" and \'single\', comma',
  'é, 🙂 and a U+FFFD: \uFFFD',
  'nul\u0000byte',
  '\\u0000 as text',
] as const;

interface Item {
  id: number;
  text: string | null;
  data: unknown;
  flag: boolean | null;
}

const ITEMS: Item[] = [
  ...AWKWARD.map((text, i) => ({
    id: i + 1,
    text,
    data: { text, list: [text, null, 1.5] },
    flag: i % 2 === 0,
  })),
  { id: AWKWARD.length + 1, text: null, data: null, flag: null },
];

const fidelity = defineTable<Item, unknown>({
  name: 'jumpcloud_load_fidelity',
  description: 'Rows whose values COPY reads specially.',
  list: {
    run: async function* () {
      yield* ITEMS;
    },
  },
  columns: [
    col.int('id', 'The row.'),
    col.string('text', 'Awkward text.'),
    col.json('data', 'The text in JSON.'),
    col.bool('flag', 'A boolean.'),
  ],
});

/** What Postgres holds of a value: NUL (which its text cannot hold) as U+FFFD, in JSON as in text. */
const held = (value: unknown): unknown => {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\uFFFD');
  if (Array.isArray(value)) return value.map(held);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, held(inner)]));
  return value;
};

describe('the Postgres engine loads every value as the scan read it', () => {
  let demo: DemoEngine;
  beforeAll(async () => {
    demo = await openDemoEngine({ tables: [...tables, fidelity] });
  });
  afterAll(() => demo?.close());

  it('text, JSON, booleans and NULL, through COPY', async () => {
    const scanned: Row[] = [];
    const request = { quals: [], columns: 'all' as const, limit: undefined };
    for await (const page of scan(fidelity, demo.connections.default, request)) scanned.push(...page);
    expect(scanned.map((row) => row.text)).toContain('\\u0000 as text');
    const rows = await demo.query('select * from jumpcloud_load_fidelity order by id');
    expect(rows).toEqual(scanned.map(held));
    // Lengths as Postgres counts them: nothing was added or taken by escaping.
    const lengths = await demo.query('select id, length(text) as n from jumpcloud_load_fidelity order by id');
    expect(lengths).toEqual(
      scanned.map((row) => ({ id: row.id, n: typeof row.text === 'string' ? [...row.text].length : null })),
    );
  });
});
