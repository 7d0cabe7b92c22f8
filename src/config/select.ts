import { editDistance } from '../edit-distance.js';
import { EXIT, UserError } from '../errors.js';
import type { ConnectionConfig, JcsqlConfig } from './types.js';

export interface Selection {
  name: string;
  members: ConnectionConfig[];
}

/**
 * The connections a query runs on: one connection, or an aggregator's members sorted by name.
 * Without a name: the connection named `jumpcloud` if there is one, else the first in file order.
 */
export function selectConnections(config: JcsqlConfig, name?: string): Selection {
  if (name === undefined) {
    const connection = defaultConnection(config);
    return { name: connection.name, members: [connection] };
  }
  const connection = config.connections.find((candidate) => candidate.name === name);
  if (connection !== undefined) return { name, members: [connection] };
  const aggregator = config.aggregators.find((candidate) => candidate.name === name);
  if (aggregator === undefined) throw unknownConnection(config, name);
  const members = config.connections
    .filter((candidate) => aggregator.patterns.some((pattern) => matchesPattern(pattern, candidate.name)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (members.length === 0) {
    throw new UserError(
      `Aggregator '${name}' (${aggregator.source}) matches no JumpCloud connection: connections = ${JSON.stringify(aggregator.patterns)}`,
      {
        hint: `JumpCloud connections: ${listOrNone(config.connections.map((member) => member.name))}`,
        exitCode: EXIT.badInput,
      },
    );
  }
  return { name, members };
}

function defaultConnection(config: JcsqlConfig): ConnectionConfig {
  const connection =
    config.connections.find((candidate) => candidate.name === 'jumpcloud') ?? config.connections[0];
  if (connection !== undefined) return connection;
  throw new UserError('No JumpCloud connection is configured', {
    hint: 'Set JUMPCLOUD_API_KEY, or add connection "jumpcloud" { plugin = "jumpcloud" } to ~/.jcsql/config/jumpcloud.spc',
    exitCode: EXIT.badInput,
  });
}

/** Steampipe's aggregator patterns: names with `*` as the only wildcard. */
export function matchesPattern(pattern: string, name: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(name);
}

function unknownConnection(config: JcsqlConfig, name: string): UserError {
  const known = [...config.connections, ...config.aggregators].map((candidate) => candidate.name);
  const nearestFirst = [...known].sort((a, b) => editDistance(name, a) - editDistance(name, b));
  return new UserError(`Unknown connection '${name}'`, {
    hint: `Known connections: ${listOrNone(nearestFirst)}`,
    exitCode: EXIT.badInput,
  });
}

const listOrNone = (names: readonly string[]): string => (names.length === 0 ? '(none)' : names.join(', '));

/** The API key, or a UserError that says where to put one. The key itself is never part of a message. */
export function requireApiKey(connection: ConnectionConfig): string {
  if (connection.apiKey) return connection.apiKey;
  const where = connection.source ?? '~/.jcsql/config/jumpcloud.spc';
  throw new UserError(
    `No JumpCloud API key for connection '${connection.name}'. Set JUMPCLOUD_API_KEY or api_key in ${where}.`,
    { exitCode: EXIT.badInput },
  );
}
