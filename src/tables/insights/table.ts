import type { JumpCloudClient } from '../../client/index.js';
import { type ColumnDef, col, epochSecondsToTimestamp, type TableDef } from '../../sdk/index.js';
import { apiTable, organizationIdColumn } from '../common.js';

/** One System Insights table as data (generated from the spec into ./generated.ts). */
export interface InsightTable {
  name: string;
  /** The list's path: `/api/v2/systeminsights/<api>`. */
  api: string;
  description: string;
  columns: readonly InsightColumn[];
}

export interface InsightColumn {
  name: string;
  type: 'string' | 'int' | 'double' | 'bool' | 'timestamp';
  description: string;
  /** The API field, when the column's name differs. */
  from?: string;
  /** A timestamp the API sends as seconds since 1970 (`epoch`) or as a date (`iso`). */
  time?: 'epoch' | 'iso';
  /** The API field an `=`/IN qual on the column is sent as (`filter=<field>:eq:…`). */
  filter?: string;
}

type Item = Record<string, unknown>;

function column(spec: InsightColumn): ColumnDef<Item> {
  const field = spec.from ?? spec.name;
  const options: Parameters<typeof col.string<Item>>[2] = {
    ...(spec.from !== undefined && { from: spec.from }),
    ...(spec.filter !== undefined && { filter: spec.filter }),
    // osquery's 0 is a value (a firewall that is off), and the agent's device id is never empty.
    ...((spec.type === 'int' ||
      spec.type === 'double' ||
      spec.type === 'bool' ||
      spec.name === 'device_id') && {
      keepEmpty: true,
    }),
    ...(spec.time === 'epoch' && { from: (item: Item) => epochSecondsToTimestamp(item[field]) }),
  };
  return col[spec.type](spec.name, spec.description, options);
}

/** The SDK table of a System Insights table: one org-wide listing, `device_id` sent as `system_id`. */
export const insightTable = (spec: InsightTable): TableDef<Item, JumpCloudClient> =>
  apiTable<Item>({
    name: spec.name,
    description: spec.description,
    list: { path: `/api/v2/systeminsights/${spec.api}`, paging: 'insights', keyColumns: ['device_id'] },
    columns: [...spec.columns.map(column), organizationIdColumn()],
  });
