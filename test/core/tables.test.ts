import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutputFormat, writeResult } from '../../src/cli/output/index.js';
import { allColumns } from '../../src/sdk/index.js';
import { tables } from '../../src/tables/index.js';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';
import { parseRendered } from '../helpers/rendered.js';

describe('every table of the registry over the demo org', () => {
  let demo: DemoEngine;
  beforeAll(async () => {
    demo = await openDemoEngine();
  });
  afterAll(() => demo?.close());

  // Names and types of every column: columns.test.ts and its checked-in snapshot.
  it('end with the three connection columns each', () => {
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      expect(
        allColumns(table)
          .slice(-3)
          .map((column) => column.name),
      ).toEqual(['sp_connection_name', 'sp_ctx', '_ctx']);
    }
  });

  // The plugin's columns that read a field the spec does not have: the simulator serves only the
  // spec's fields, so they are NULL on the demo org.
  const notInSpec: Record<string, string[]> = { jumpcloud_device: ['system_token', 'username_hashes'] };

  // The events table reads the last 24 hours unless asked for more: all it keeps, here.
  const whole: Record<string, string> = {
    jumpcloud_directory_event: "where timestamp > now() - interval '90 days'",
  };

  for (const table of tables) {
    it(`${table.name}: every column is non-null in at least one row`, async () => {
      const rows = await demo.query(`select * from ${table.name} ${whole[table.name] ?? ''}`);
      expect(rows.length).toBeGreaterThan(0);
      const alwaysNull = allColumns(table)
        .map((column) => column.name)
        .filter((name) => rows.every((row) => row[name] === null));
      expect(alwaysNull).toEqual(notInSpec[table.name] ?? []);
    });

    it(`${table.name}: the same rows in table, json, csv and line output`, async () => {
      const [plan] = demo.engine.plan(`select * from ${table.name} order by sp_ctx, 1, 2, 3`);
      const { result } = await demo.engine.runStatement(plan!);
      const rendered = (format: OutputFormat) => {
        let text = '';
        writeResult({ write: (chunk: string) => (text += chunk) }, result, {
          format,
          header: true,
          separator: ',',
        });
        return parseRendered(format, text, result.columns);
      };
      const json = rendered('json');
      expect(json).toHaveLength(result.rows.length);
      // CSV cannot tell an empty string from NULL (both are an empty field), as in Steampipe.
      const blankAsNull = (rows: unknown[][]) =>
        rows.map((row) => row.map((cell) => (cell === '' ? null : cell)));
      expect(rendered('csv')).toEqual(blankAsNull(json));
      expect(rendered('line')).toEqual(json);
      expect(rendered('table')).toEqual(json);
    });
  }
});
