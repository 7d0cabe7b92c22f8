export {
  type CacheBounds,
  CacheBudget,
  type CacheLookup,
  DEFAULT_CACHE_BOUNDS,
  estimateBytes,
  type Row,
  ScanCache,
} from './cache.js';
export { col } from './column.js';
export { ColumnType, steampipeTypeName } from './column-type.js';
export { mapConcurrent } from './concurrency.js';
export { ASSUMED_COLLECTION_SIZE, joinKeysQual, keyLimit } from './join-keys.js';
export {
  type PlannedRequests,
  planRequests,
  type ScanRequestPlan,
  type StatementRequestPlan,
  undescribed,
} from './plan-requests.js';
export {
  isExact,
  type JoinDependency,
  loadParser,
  onlyStatementKind,
  type PlannedScan,
  type PlannerOptions,
  type ProductWording,
  planScript,
  planStatement,
  readOnlyError,
  SqlSyntaxError,
  type StatementPlan,
  shadowError,
} from './planner.js';
export {
  equalValues,
  like,
  likeMatcher,
  matchesQual,
  pathQualColumn,
  type Qual,
  qualsKey,
  timeRange,
} from './quals.js';
export {
  type ConnectionHandle,
  type ScanRecord,
  type ScanRequest,
  ScanStats,
  type SessionConnections,
  scan,
} from './scan.js';
export { largerEffect, type SessionEffect, sessionEffect } from './session-effect.js';
export {
  allColumns,
  CONNECTION_COLUMNS,
  type ColumnDef,
  type ConnectionInfo,
  defineTable,
  type HydrateDef,
  type KeyedRequests,
  type ListRequests,
  type PagedIterable,
  type RequestTarget,
  type ScanContext,
  type TableDef,
  TableDefinitionError,
} from './table.js';
export { epochSecondsToTimestamp, readPath, toColumnValue, toTimestamp } from './values.js';
