import { openExportAdapter } from './adapters.js';
import { conformanceSuite } from './suite.js';

// `jcsql export` streams one table, with conditions, to JSON lines: no SQL engine behind it.
conformanceSuite({
  name: 'export',
  open: openExportAdapter,
  skips: {
    join: 'an export reads one table',
    sql: 'an export writes columns as they are: no expressions, aggregates, ORDER BY or subqueries',
    jsonb: 'an export has no SQL, so no jsonb operators',
    write: 'an export only reads: it has no statement that could write',
    types: 'JSON lines carry no column types (each value keeps its JSON kind, compared with the rows)',
  },
});
