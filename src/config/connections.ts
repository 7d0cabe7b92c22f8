import { regionInsightsOrigin, regionOrigin } from '../client/regions.js';
import { nearest } from '../edit-distance.js';
import {
  type Block,
  connectionBlocks,
  describeBlock,
  hasAttribute,
  labelledBlocks,
  lineOf,
  readAttribute,
} from './blocks.js';
import { BUILT_IN_DEFAULTS, type CacheDefaults } from './defaults.js';
import { configError } from './diagnostics.js';
import type { SpcFile } from './files.js';
import type { AggregatorConfig, ConnectionConfig } from './types.js';
import { boolean, integerAtLeast, origin, region, secret, stringList, text } from './values.js';

/** JUMPCLOUD_* values from the environment, already checked; empty variables count as unset. */
export interface EnvSettings {
  apiKey: string | undefined;
  orgId: string | undefined;
  apiUrl: string | undefined;
}

export interface Interpretation {
  connections: ConnectionConfig[];
  aggregators: AggregatorConfig[];
  warnings: string[];
  /** Files in which some connection sets `api_key`. */
  filesWithKeys: Set<string>;
}

const CONNECTION_ATTRIBUTES = [
  'api_key',
  'org_id',
  'region',
  'api_url',
  'max_concurrency',
  'cache_ttl',
  'cache',
];
/** Steampipe's own connection arguments; `options` is the legacy per-connection cache block. */
const STEAMPIPE_ATTRIBUTES = ['plugin', 'type', 'import_schema', 'options'];
const AGGREGATOR_ATTRIBUTES = [...STEAMPIPE_ATTRIBUTES, 'connections'];

/** `jumpcloud`, `turbot/jumpcloud`, `turbot/jumpcloud@1.2`, `local/jumpcloud`, or the hub's full address. */
const JUMPCLOUD_SOURCE = /^(?:(?:hub\.steampipe\.io\/plugins\/)?turbot\/|local\/)?jumpcloud(?:@\S+)?$/;
/** `plugin = plugin.jc_low` (an unquoted reference) reaches us from hcl2json as `${plugin.jc_low}`. */
const PLUGIN_REFERENCE = /^\$\{plugin\.([\w-]+)\}$/;

const NAME = /^[a-z_][a-z0-9_]*$/;
/** Postgres's limit on a schema name, which each connection becomes. */
const MAX_NAME = 63;
const RESERVED = /^(?:public|steampipe_.*|jcsql_.*)$/;

export function interpretConnections(
  files: readonly SpcFile[],
  defaults: CacheDefaults,
  env: EnvSettings,
): Interpretation {
  const plugins = pluginSources(files);
  const blocks = files.flatMap(connectionBlocks);
  const result: Interpretation = { connections: [], aggregators: [], warnings: [], filesWithKeys: new Set() };
  const seen = new Map<string, Block>();
  for (const block of blocks) {
    if (hasAttribute(block, 'api_key')) result.filesWithKeys.add(block.file.path);
    if (!isJumpcloud(block, plugins)) continue;
    checkName(block, seen);
    if (isAggregator(block)) {
      result.warnings.push(...unknownAttributeWarnings(block, AGGREGATOR_ATTRIBUTES));
      result.aggregators.push(toAggregator(block));
    } else {
      result.warnings.push(
        ...unknownAttributeWarnings(block, [...STEAMPIPE_ATTRIBUTES, ...CONNECTION_ATTRIBUTES]),
      );
      result.connections.push(toConnection(block, defaults, env));
    }
  }
  result.warnings.push(...files.flatMap(unusedBlocksWarning));
  return result;
}

/**
 * One line for a file whose JumpCloud `plugin` blocks (and the `limiter` blocks in them) set what
 * jcsql has no use for: it runs no plugin process, and paces requests per connection instead.
 * Their `source` is still read, to resolve `plugin = plugin.<name>`.
 */
function unusedBlocksWarning(file: SpcFile): string[] {
  const plugins = labelledBlocks(file, 'plugin').filter((block) => {
    const source = block.body.source;
    return JUMPCLOUD_SOURCE.test(typeof source === 'string' ? source : block.label);
  });
  const limiters = [
    ...plugins.flatMap((block) => limiterNames(block.body.limiter)),
    ...labelledBlocks(file, 'limiter').map((block) => block.label),
  ];
  if (plugins.length === 0 && limiters.length === 0) return [];
  const first = [...plugins, ...labelledBlocks(file, 'limiter')].map((block) => lineOf(block))[0];
  const where = first === undefined ? file.path : `${file.path} line ${first}`;
  const names = [...plugins.map(describeBlock), ...limiters.map((name) => `limiter "${name}"`)].join(', ');
  return [
    `${where}: ${names} ${plugins.length + limiters.length > 1 ? 'are' : 'is'} not used: jcsql runs no plugin process and applies no rate limiters (set max_concurrency in a connection to bound its requests)`,
  ];
}

/** The labels of the `limiter "name" { … }` blocks inside a block body, as hcl2json gives them. */
function limiterNames(limiters: unknown): string[] {
  return typeof limiters === 'object' && limiters !== null && !Array.isArray(limiters)
    ? Object.keys(limiters)
    : [];
}

/** The plugin each `plugin "label" { source = … }` block stands for: its source, else its label. */
function pluginSources(files: readonly SpcFile[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const block of files.flatMap((file) => labelledBlocks(file, 'plugin'))) {
    const source = block.body.source;
    sources.set(block.label, typeof source === 'string' ? source : block.label);
  }
  return sources;
}

function isJumpcloud(block: Block, plugins: ReadonlyMap<string, string>): boolean {
  const plugin = block.body.plugin;
  if (plugin === undefined || plugin === null) {
    throw configError(
      block.file.path,
      lineOf(block),
      `${describeBlock(block)} has no plugin`,
      'Add plugin = "jumpcloud" to the block',
    );
  }
  if (typeof plugin !== 'string') return false;
  const reference = PLUGIN_REFERENCE.exec(plugin)?.[1];
  const source = reference === undefined ? plugin : plugins.get(reference);
  return source !== undefined && JUMPCLOUD_SOURCE.test(source);
}

function isAggregator(block: Block): boolean {
  const type = readAttribute(block, 'type', text);
  if (type === undefined || type === 'plugin') return false;
  if (type === 'aggregator') return true;
  throw configError(
    block.file.path,
    lineOf(block, 'type'),
    `type in ${describeBlock(block)} must be "aggregator" or omitted (got ${JSON.stringify(type)})`,
  );
}

function checkName(block: Block, seen: Map<string, Block>): void {
  const { label: name } = block;
  const fail = (problem: string, hint: string) => configError(block.file.path, lineOf(block), problem, hint);
  if (!NAME.test(name)) {
    throw fail(
      `connection name "${name}" must use only lowercase letters, digits and underscores, and not start with a digit`,
      'Rename the connection, e.g. "jumpcloud_prod"',
    );
  }
  if (name.length > MAX_NAME) {
    throw fail(
      `connection name "${name.slice(0, 40)}…" is ${name.length} characters long; at most ${MAX_NAME} (it names a schema)`,
      'Rename the connection, e.g. "jumpcloud_prod"',
    );
  }
  if (RESERVED.test(name)) {
    throw fail(
      `connection name "${name}" is reserved (public, steampipe_*, jcsql_*)`,
      'Rename the connection',
    );
  }
  const first = seen.get(name);
  if (first !== undefined) {
    const firstLine = lineOf(first);
    const where = firstLine === undefined ? first.file.path : `${first.file.path} line ${firstLine}`;
    throw fail(`connection "${name}" is also defined in ${where}`, 'Rename or remove one of the two');
  }
  seen.set(name, block);
}

function unknownAttributeWarnings(block: Block, known: readonly string[]): string[] {
  return Object.keys(block.body)
    .filter((attribute) => !known.includes(attribute))
    .map((attribute) => {
      const line = lineOf(block, attribute);
      const where = line === undefined ? block.file.path : `${block.file.path} line ${line}`;
      const near = nearest(attribute, [...known]);
      const suggestion = near.length > 0 ? `did you mean ${near.join(', ')}? ` : '';
      return `${where}: unknown attribute "${attribute}" in ${describeBlock(block)} is ignored (${suggestion}known: ${known.join(', ')})`;
    });
}

/** Config wins over env field by field; an attribute that is present, even as "", wins. */
function toConnection(block: Block, defaults: CacheDefaults, env: EnvSettings): ConnectionConfig {
  const orgId = readAttribute(block, 'org_id', text);
  const connectionRegion = readAttribute(block, 'region', region) ?? 'us';
  const apiUrl = readAttribute(block, 'api_url', origin) ?? env.apiUrl;
  return {
    name: block.label,
    apiKey: readAttribute(block, 'api_key', secret) ?? env.apiKey,
    orgId: orgId ?? env.orgId,
    orgIdFromConfig: orgId !== undefined,
    region: connectionRegion,
    apiUrl: apiUrl ?? regionOrigin(connectionRegion),
    insightsUrl: apiUrl === undefined ? regionInsightsOrigin(connectionRegion) : undefined,
    maxConcurrency:
      readAttribute(block, 'max_concurrency', integerAtLeast(1)) ?? BUILT_IN_DEFAULTS.maxConcurrency,
    cacheTtlSeconds: readAttribute(block, 'cache_ttl', integerAtLeast(0)) ?? defaults.cacheTtlSeconds,
    cache: readAttribute(block, 'cache', boolean) ?? defaults.cache,
    source: block.file.path,
  };
}

/** The connection made from JUMPCLOUD_* alone, when no file defines one. */
export function envConnection(defaults: CacheDefaults, env: EnvSettings): ConnectionConfig {
  return {
    name: 'jumpcloud',
    apiKey: env.apiKey,
    orgId: env.orgId,
    orgIdFromConfig: false,
    region: 'us',
    apiUrl: env.apiUrl ?? regionOrigin('us'),
    insightsUrl: env.apiUrl === undefined ? regionInsightsOrigin('us') : undefined,
    maxConcurrency: BUILT_IN_DEFAULTS.maxConcurrency,
    ...defaults,
    source: undefined,
  };
}

function toAggregator(block: Block): AggregatorConfig {
  const patterns = readAttribute(block, 'connections', stringList);
  if (patterns === undefined) {
    throw configError(
      block.file.path,
      lineOf(block),
      `aggregator ${describeBlock(block)} has no connections`,
      'Add connections = ["jumpcloud_*"] (the names or * patterns of its member connections)',
    );
  }
  return { name: block.label, patterns, source: block.file.path };
}
