import { EXIT, UserError } from '../errors.js';
import { type Block, labelledBlocks, readAttribute } from './blocks.js';
import type { SpcFile } from './files.js';
import type { CacheLimits } from './types.js';
import { boolean, integerAtLeast } from './values.js';

export interface CacheDefaults {
  cache: boolean;
  cacheTtlSeconds: number;
}

export const BUILT_IN_DEFAULTS = { cache: true, cacheTtlSeconds: 300, maxConcurrency: 10 } as const;

const MB = 1024 * 1024;

/**
 * The scan cache's bounds: `cache_max_size_mb` as Steampipe spells it, from JCSQL_CACHE_MAX_SIZE_MB,
 * else STEAMPIPE_CACHE_MAX_SIZE_MB, else `options "database"` (the first file that sets it); the
 * number of results from JCSQL_CACHE_MAX_ENTRIES. What none sets is left to the cache's defaults.
 */
export function readCacheLimits(files: readonly SpcFile[], env: NodeJS.ProcessEnv): CacheLimits {
  const sizeMb =
    envInteger(env, 'JCSQL_CACHE_MAX_SIZE_MB') ??
    envInteger(env, 'STEAMPIPE_CACHE_MAX_SIZE_MB') ??
    firstSet(optionsBlocks(files, 'database'), (block) =>
      readAttribute(block, 'cache_max_size_mb', integerAtLeast(1)),
    );
  const maxEntries = envInteger(env, 'JCSQL_CACHE_MAX_ENTRIES');
  return {
    ...(maxEntries !== undefined && { maxEntries }),
    ...(sizeMb !== undefined && { maxBytes: sizeMb * MB }),
  };
}

function envInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UserError(`${name} must be a whole number of at least 1, not "${text.slice(0, 40)}"`, {
      hint: `Fix or unset ${name}`,
      exitCode: EXIT.badInput,
    });
  return Number(text);
}

/**
 * Steampipe's client-side cache settings, as defaults for every connection. Highest first:
 * `workspace "default"`, then `options "query"`, then the legacy `options "connection"`; the first file
 * (in name order) that sets a value wins. `options "database"` is server-side and is ignored.
 */
export function readCacheDefaults(files: readonly SpcFile[]): CacheDefaults {
  const sources = [
    ...files.flatMap((file) =>
      labelledBlocks(file, 'workspace').filter((block) => block.label === 'default'),
    ),
    ...optionsBlocks(files, 'query'),
    ...optionsBlocks(files, 'connection'),
  ];
  return {
    cache: firstSet(sources, (block) => readAttribute(block, 'cache', boolean)) ?? BUILT_IN_DEFAULTS.cache,
    cacheTtlSeconds:
      firstSet(sources, (block) => readAttribute(block, 'cache_ttl', integerAtLeast(0))) ??
      BUILT_IN_DEFAULTS.cacheTtlSeconds,
  };
}

const optionsBlocks = (files: readonly SpcFile[], label: string): Block[] =>
  files.flatMap((file) => labelledBlocks(file, 'options').filter((block) => block.label === label));

function firstSet<T>(blocks: readonly Block[], read: (block: Block) => T | undefined): T | undefined {
  for (const block of blocks) {
    const value = read(block);
    if (value !== undefined) return value;
  }
  return undefined;
}
