import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { postgresType } from '../../engines/postgres/postgres-types.js';
import {
  allColumns,
  CONNECTION_COLUMNS,
  type HydrateDef,
  type KeyedRequests,
  type ListRequests,
  pathQualColumn,
  type TableDef,
} from '../../sdk/index.js';

/** Where the tables' docs pages are: docs/tables/<name>.md beside src/ (and dist/) in the package. */
const DOCS_DIR = join(import.meta.dirname, '..', '..', '..', 'docs', 'tables');

/** A table's docs page (markdown), or undefined when this install has none. */
export function docsPage(table: TableDef): string | undefined {
  const file = join(DOCS_DIR, `${table.name}.md`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** The URI of a table's docs page as an MCP resource. */
export const docsUri = (table: TableDef): string => `jcsql://tables/${table.name}`;

export interface Example {
  title: string;
  sql: string;
}

/** The Postgres examples of a docs page: its ```sql and ```sql+postgres blocks, under their headings. */
export function examples(page: string): Example[] {
  const found: Example[] = [];
  let heading = '';
  let block: { keep: boolean; lines: string[] } | undefined;
  for (const line of page.split('\n')) {
    if (block) {
      if (!/^```\s*$/.test(line)) block.lines.push(line);
      else {
        if (block.keep) found.push({ title: heading, sql: block.lines.join('\n').trim() });
        block = undefined;
      }
      continue;
    }
    const fence = /^```\s*(\S*)\s*$/.exec(line);
    if (fence) {
      const info = fence[1]!.toLowerCase();
      block = { keep: info === 'sql' || info === 'sql+postgres', lines: [] };
      continue;
    }
    const title = /^#{2,6}\s+(.*)$/.exec(line);
    if (title) heading = title[1]!.trim();
  }
  return found;
}

/** What a condition on a column does for the API requests (pushdown), in plain words. */
export interface Pushdown {
  column: string;
  operators: string;
  effect: string;
}

/** Which conditions a table's scans push to the API, read from its definition. */
export function pushdowns(table: TableDef): Pushdown[] {
  const found: Pushdown[] = [];
  const getKey = table.get?.keyColumn;
  if (getKey)
    found.push({
      column: getKey,
      operators: '= / IN',
      effect: `read by key: one request per value (${table.get?.requests?.endpoint ?? 'a get'}) instead of listing`,
    });
  const requests = table.list.requests;
  for (const column of table.list.keyColumns ?? []) {
    if (column === getKey) continue;
    const key = keyOf(requests, column);
    found.push({
      column,
      operators: '= / IN',
      effect: key
        ? `reads only those parents' sub-lists: one ${key.endpoint} per value, instead of every parent's`
        : requests?.kind === 'union' && requests.column === column
          ? `reads only those values' lists (one per ${column}) instead of all ${Object.keys(requests.parts).length}`
          : 'the list reads only the matching rows',
    });
  }
  for (const column of table.columns) {
    if (column.filter)
      found.push({
        column: column.name,
        operators: '= / IN',
        effect: `sent to the API as a filter on ${column.filter}: only matching rows are listed`,
      });
    if (column.rangeQuals)
      found.push({
        column: column.name,
        operators: '> / >= / < / <= / BETWEEN',
        effect:
          'constants (now() - interval …, dates) are evaluated before the call: only that time window is read',
      });
    for (const key of column.pathQuals ?? [])
      found.push({
        column: pathQualColumn(column.name, key),
        operators: '= / IN',
        effect: 'narrows what the API returns; the database still applies the condition',
      });
    if (column.connectionValue)
      found.push({
        column: column.name,
        operators: '= / IN / <> / LIKE',
        effect: "picks the connections read by each connection's own value",
      });
  }
  found.push({
    column: CONNECTION_COLUMNS[0]!.name,
    operators: '= / IN / <> / LIKE',
    effect: 'picks the connections read by name',
  });
  return found;
}

/** The sub-list a key column's values read, if the list has one. */
function keyOf(requests: ListRequests | undefined, column: string): KeyedRequests | undefined {
  if (requests?.kind === 'union') return keyOf(Object.values(requests.parts)[0], column);
  return requests?.keys?.find((key) => key.column === column);
}

/** The endpoints a hydrate calls, in words. */
const hydrateEndpoints = (target: HydrateDef<unknown, unknown>['requests']): string | undefined =>
  target && ('length' in target ? target.map((one) => one.endpoint).join(' or ') : target.endpoint);

/** Everything `describe_table` tells of a table. */
export function describeTable(table: TableDef) {
  const page = docsPage(table);
  const hydrates = table.hydrates ?? {};
  return {
    table: table.name,
    description: table.description,
    columns: allColumns(table).map((column) => {
      const own = table.columns.find((candidate) => candidate.name === column.name);
      const hydrate = own?.hydrate;
      return {
        name: column.name,
        type: postgresType[column.type],
        description: column.description,
        ...(hydrate && {
          cost: `selecting it costs extra requests (${hydrateEndpoints(hydrates[hydrate]?.requests) ?? hydrate}), per row or one listing`,
        }),
      };
    }),
    key_columns: {
      get: table.get?.keyColumn ?? null,
      list: table.list.keyColumns ?? [],
    },
    pushdown: pushdowns(table),
    limit:
      'A LIMIT on a query of this table alone, whose every condition is pushed, stops the listing early.',
    examples: page ? examples(page) : [],
    docs: docsUri(table),
  };
}
