export { type Region, regionInsightsOrigin, regionOrigin } from '../client/regions.js';
export type { EnvSettings } from './connections.js';
export { BUILT_IN_DEFAULTS, readCacheLimits } from './defaults.js';
export { environmentConnection, loadConfig } from './load.js';
export { requireApiKey, type Selection, selectConnections } from './select.js';
export type {
  AggregatorConfig,
  CacheLimits,
  ConnectionConfig,
  JcsqlConfig,
  LoadConfigOptions,
} from './types.js';
