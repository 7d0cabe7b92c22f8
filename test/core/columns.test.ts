/**
 * Every table's name and its columns' names and types, against the checked-in
 * test/core/columns.snapshot.json: a column renamed, retyped, dropped or added by accident fails
 * here. When the change is intended (a new table, a new column), update the snapshot with
 * `npx vitest run test/core/columns.test.ts -u` and commit it with the change.
 */
import { describe, expect, it } from 'vitest';
import { allColumns } from '../../src/sdk/index.js';
import { tables } from '../../src/tables/index.js';

describe('the registry', () => {
  it('declares the tables and columns of the checked-in snapshot (update it with -u when intended)', async () => {
    const snapshot = Object.fromEntries(
      tables.map((table) => [
        table.name,
        Object.fromEntries(allColumns(table).map((column) => [column.name, column.type])),
      ]),
    );
    await expect(`${JSON.stringify(snapshot, null, 2)}\n`).toMatchFileSnapshot('./columns.snapshot.json');
  });
});
