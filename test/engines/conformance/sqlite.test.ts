import { openSqlEngineAdapter } from './adapters.js';
import { conformanceSuite } from './suite.js';

conformanceSuite({
  name: 'sqlite',
  open: (org) => openSqlEngineAdapter('sqlite', org),
  skips: {
    jsonb: 'SQLite has no jsonb operators; its JSON functions answer the other JSON cases',
    'zoned-timestamps':
      'SQLite compares timestamps as ISO-8601 text, so only a UTC literal compares as an instant (docs/sqlite.md)',
  },
});
