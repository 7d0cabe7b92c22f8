import { openServeAdapter } from './adapters.js';
import { conformanceSuite } from './suite.js';

// Through a real node-postgres client: the wire protocol, types by OID, errors with their SQLSTATE.
conformanceSuite({
  name: 'serve',
  open: openServeAdapter,
  skips: {},
});
