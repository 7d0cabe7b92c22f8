import { openSqlEngineAdapter } from './adapters.js';
import { conformanceSuite } from './suite.js';

conformanceSuite({
  name: 'postgres',
  open: (org) => openSqlEngineAdapter('postgres', org),
  skips: {},
});
