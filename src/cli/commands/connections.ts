import type { Command } from 'commander';
import { type JcsqlConfig, loadConfig, selectConnections } from '../../config/index.js';
import { UserError } from '../../errors.js';
import type { CliIO } from '../io.js';
import {
  type OutputFormat,
  PAGER_ENVIRONMENT,
  Pager,
  printThrough,
  type QueryResult,
  writeResult,
} from '../output/index.js';
import { warnTo } from '../session.js';
import { addExamples, outputOption, pagerOption } from './options.js';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv', 'line'];

interface ConnectionsOptions {
  output: OutputFormat;
  pager: boolean;
  configDir?: string;
}

export function registerConnectionsCommand(program: Command, io: CliIO): void {
  const command = program
    .command('connections')
    .description(
      'List the configured connections and aggregators: where each is defined, its region and org, whether it has an API key (never the key)',
    )
    .option('--config-dir <dir>', 'read .spc config files from this directory (default ~/.jcsql/config)')
    .addOption(outputOption(FORMATS))
    .addOption(pagerOption());
  addExamples(
    command,
    ['jcsql connections', 'jcsql connections --config-dir ./spc --output json'],
    [
      'JUMPCLOUD_API_KEY',
      'JUMPCLOUD_ORG_ID',
      'JUMPCLOUD_API_URL',
      'JCSQL_CONFIG_DIR',
      'STEAMPIPE_INSTALL_DIR',
      ...PAGER_ENVIRONMENT,
    ],
  );
  command.action(async (options: ConnectionsOptions) => {
    const config = await loadConfig({ configDir: options.configDir, env: io.env });
    const warn = warnTo(io.stderr);
    for (const warning of config.warnings) warn(warning);
    const output = {
      format: options.output,
      header: true,
      separator: ',',
      terminal: io.stdout.isTTY === true,
    };
    const listing = connectionListing(config);
    const pager = options.pager ? new Pager(io) : undefined;
    await printThrough(pager, io.stdout, output.format, (sink) => writeResult(sink, listing, output));
    if (config.connections.length === 0)
      io.stderr.write(
        'No JumpCloud connection is configured: set JUMPCLOUD_API_KEY, or add connection "jumpcloud" { plugin = "jumpcloud" } to ~/.jcsql/config/jumpcloud.spc\n',
      );
  });
}

const text = (name: string) => ({ name, dataType: 'text' });
const FROM_ENVIRONMENT = 'environment (JUMPCLOUD_API_KEY)';

/**
 * One row per connection, then per aggregator: what a query with `--connection NAME` reads. The
 * default is the one a query without `--connection` reads. Keys are reported as set or not, never shown.
 */
export function connectionListing(config: JcsqlConfig): QueryResult {
  const chosen = defaultName(config);
  const connections = config.connections.map((connection) => [
    connection.name,
    'connection',
    connection.name === chosen,
    connection.region,
    connection.orgId ?? null,
    connection.apiUrl,
    connection.apiKey ? 'set' : 'missing',
    null,
    connection.source ?? FROM_ENVIRONMENT,
  ]);
  const aggregators = config.aggregators.map((aggregator) => [
    aggregator.name,
    'aggregator',
    false,
    null,
    null,
    null,
    null,
    membersOf(config, aggregator.name),
    aggregator.source,
  ]);
  return {
    columns: [
      text('name'),
      text('type'),
      { name: 'default', dataType: 'bool' },
      text('region'),
      text('org_id'),
      text('api_url'),
      text('api_key'),
      text('members'),
      text('source'),
    ],
    rows: [...connections, ...aggregators],
  };
}

function defaultName(config: JcsqlConfig): string | undefined {
  if (config.connections.length === 0) return undefined;
  return selectConnections(config).name;
}

/** An aggregator's members, comma-separated; the problem instead when it matches none. */
function membersOf(config: JcsqlConfig, name: string): string {
  try {
    return selectConnections(config, name)
      .members.map((member) => member.name)
      .join(', ');
  } catch (error) {
    if (error instanceof UserError) return '(matches no connection)';
    throw error;
  }
}
