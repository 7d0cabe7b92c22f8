import type { Region } from '../client/regions.js';

export type { Region };

export interface ConnectionConfig {
  name: string;
  apiKey: string | undefined;
  orgId: string | undefined;
  /** org_id came from the .spc file (not env): only then does `organization_id` match, as in the anchor. */
  orgIdFromConfig: boolean;
  region: Region;
  /** Resolved origin: api_url, else JUMPCLOUD_API_URL, else the region's console origin. */
  apiUrl: string;
  /**
   * The origin of Directory Insights: the region's API host (api.jumpcloud.com…) when no api_url
   * or JUMPCLOUD_API_URL is given; undefined when one is (then apiUrl serves it too).
   */
  insightsUrl?: string | undefined;
  maxConcurrency: number;
  cacheTtlSeconds: number;
  cache: boolean;
  /** The file that defines the connection, or undefined for the implicit env-only connection. */
  source: string | undefined;
}

export interface AggregatorConfig {
  name: string;
  patterns: string[];
  source: string;
}

/** What the scan caches of one session keep at most, together; unset: the cache's defaults. */
export interface CacheLimits {
  maxEntries?: number;
  maxBytes?: number;
}

export interface JcsqlConfig {
  /** In file order (files sorted by name, blocks in file order). */
  connections: ConnectionConfig[];
  aggregators: AggregatorConfig[];
  files: string[];
  warnings: string[];
  /** The scan cache's bounds; the built-in ones when absent. */
  cacheLimits?: CacheLimits;
}

export interface LoadConfigOptions {
  /** `--config-dir`. */
  configDir?: string;
  env: NodeJS.ProcessEnv;
  /** Defaults to os.homedir(); tests pass a temp dir. */
  homeDir?: string;
}
