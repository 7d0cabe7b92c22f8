import { describe, expect, it } from 'vitest';
import {
  type ConnectionConfig,
  type JcsqlConfig,
  loadConfig,
  regionOrigin,
  requireApiKey,
  selectConnections,
} from '../../src/config/index.js';
import { UserError } from '../../src/errors.js';
import { jcsqlDir, useTempHome, writeSpc } from './helpers.js';

const temp = useTempHome();

const AGGREGATED = `
connection "jc_prod" {
  plugin  = "jumpcloud"
  api_key = "k1"
}

connection "jc_dev" {
  plugin  = "jumpcloud"
  api_key = "k2"
}

connection "other" {
  plugin = "jumpcloud"
}

connection "jc_aws" {
  plugin = "aws"
}

connection "jc_all" {
  type        = "aggregator"
  plugin      = "jumpcloud"
  connections = ["jc_*"]
}

connection "nothing" {
  type        = "aggregator"
  plugin      = "jumpcloud"
  connections = ["prod*"]
}
`;

async function loaded(text: string): Promise<JcsqlConfig> {
  await writeSpc(jcsqlDir(temp.home), 'jumpcloud.spc', text);
  return loadConfig({ env: {}, homeDir: temp.home });
}

const names = (members: readonly ConnectionConfig[]) => members.map((member) => member.name);

function thrown(action: () => unknown): UserError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError');
}

describe('selectConnections', () => {
  it('expands an aggregator to its jumpcloud members, sorted by name', async () => {
    const config = await loaded(AGGREGATED);
    expect(config.aggregators.map((aggregator) => aggregator.patterns)).toEqual([['jc_*'], ['prod*']]);
    const selection = selectConnections(config, 'jc_all');
    expect(selection.name).toBe('jc_all');
    expect(names(selection.members)).toEqual(['jc_dev', 'jc_prod']);
  });

  it('selects one member by name', async () => {
    const selection = selectConnections(await loaded(AGGREGATED), 'jc_prod');
    expect(selection).toMatchObject({ name: 'jc_prod' });
    expect(selection.members.map((member) => member.apiKey)).toEqual(['k1']);
  });

  it('fails on an aggregator that matches nothing', async () => {
    const config = await loaded(AGGREGATED);
    const error = thrown(() => selectConnections(config, 'nothing'));
    expect(error.message).toContain("Aggregator 'nothing'");
    expect(error.message).toContain('matches no JumpCloud connection');
  });

  it('lists the known names, nearest first, for an unknown name', async () => {
    const config = await loaded(AGGREGATED);
    const error = thrown(() => selectConnections(config, 'jc_prd'));
    expect(error.message).toBe("Unknown connection 'jc_prd'");
    expect(error.hint).toBe('Known connections: jc_prod, jc_dev, jc_all, other, nothing');
  });

  it('defaults to the connection named jumpcloud, else the first in file order', async () => {
    const withJumpcloud = await loaded(
      'connection "b" {\n  plugin = "jumpcloud"\n}\nconnection "jumpcloud" {\n  plugin = "jumpcloud"\n}\n',
    );
    expect(selectConnections(withJumpcloud).name).toBe('jumpcloud');
    const without = await loaded(
      'connection "b" {\n  plugin = "jumpcloud"\n}\nconnection "a" {\n  plugin = "jumpcloud"\n}\n',
    );
    expect(selectConnections(without).name).toBe('b');
  });

  it('explains that nothing is configured', () => {
    const error = thrown(() =>
      selectConnections({ connections: [], aggregators: [], files: [], warnings: [] }),
    );
    expect(error.message).toBe('No JumpCloud connection is configured');
  });
});

describe('requireApiKey and regionOrigin', () => {
  const base: ConnectionConfig = {
    name: 'jc',
    apiKey: undefined,
    orgId: undefined,
    orgIdFromConfig: false,
    region: 'us',
    apiUrl: regionOrigin('us'),
    maxConcurrency: 10,
    cacheTtlSeconds: 300,
    cache: true,
    source: '/x/jc.spc',
  };

  it('returns the key, or says where to set one', () => {
    expect(requireApiKey({ ...base, apiKey: 'k' })).toBe('k');
    expect(thrown(() => requireApiKey(base)).message).toBe(
      "No JumpCloud API key for connection 'jc'. Set JUMPCLOUD_API_KEY or api_key in /x/jc.spc.",
    );
    expect(thrown(() => requireApiKey({ ...base, apiKey: '', source: undefined })).message).toContain(
      'api_key in ~/.jcsql/config/jumpcloud.spc.',
    );
  });

  it('maps regions to console origins', () => {
    expect([regionOrigin('us'), regionOrigin('eu'), regionOrigin('in')]).toEqual([
      'https://console.jumpcloud.com',
      'https://console.eu.jumpcloud.com',
      'https://console.in.jumpcloud.com',
    ]);
  });
});
