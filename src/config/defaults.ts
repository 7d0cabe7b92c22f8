import { type Block, labelledBlocks, readAttribute } from './blocks.js';
import type { SpcFile } from './files.js';
import { boolean, integerAtLeast } from './values.js';

export interface CacheDefaults {
  cache: boolean;
  cacheTtlSeconds: number;
}

export const BUILT_IN_DEFAULTS = { cache: true, cacheTtlSeconds: 300, maxConcurrency: 10 } as const;

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
