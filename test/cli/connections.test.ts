import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JCSQL_VERSION } from '../../src/version.js';
import { jcsql } from '../helpers/cli.js';

const KEY = 'jc-test-key-never-shown-0123456789';

/** A config directory with two connections and an aggregator of both, mode 0600. */
function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jcsql-connections-'));
  writeFileSync(
    join(dir, 'jumpcloud.spc'),
    `connection "jc_prod" {
  plugin  = "jumpcloud"
  api_key = "${KEY}"
  org_id  = "5f0000000000000000000001"
}

connection "jc_eu" {
  plugin = "jumpcloud"
  region = "eu"
}

connection "jc_all" {
  type        = "aggregator"
  plugin      = "jumpcloud"
  connections = ["jc_*"]
}
`,
    { mode: 0o600 },
  );
  return dir;
}

describe('jcsql connections', () => {
  it('lists connections and aggregators with their source, region and whether a key is set, never the key', async () => {
    const dir = configDir();
    const run = await jcsql(['connections', '--config-dir', dir, '--output', 'json']);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(KEY);
    const source = join(dir, 'jumpcloud.spc');
    expect(JSON.parse(run.stdout).rows).toEqual([
      {
        name: 'jc_prod',
        type: 'connection',
        default: true,
        region: 'us',
        org_id: '5f0000000000000000000001',
        api_url: 'https://console.jumpcloud.com',
        api_key: 'set',
        members: null,
        source,
      },
      {
        name: 'jc_eu',
        type: 'connection',
        default: false,
        region: 'eu',
        org_id: null,
        api_url: 'https://console.eu.jumpcloud.com',
        api_key: 'missing',
        members: null,
        source,
      },
      {
        name: 'jc_all',
        type: 'aggregator',
        default: false,
        region: null,
        org_id: null,
        api_url: null,
        api_key: null,
        members: 'jc_eu, jc_prod',
        source,
      },
    ]);
  });

  it('names the implicit connection that JUMPCLOUD_API_KEY alone makes, and says how to add one when there is none', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'jcsql-connections-'));
    const fromEnv = await jcsql(['connections', '--config-dir', empty, '--output', 'csv'], {
      env: { JUMPCLOUD_API_KEY: KEY },
    });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toBe(
      'name,type,default,region,org_id,api_url,api_key,members,source\n' +
        'jumpcloud,connection,true,us,,https://console.jumpcloud.com,set,,environment (JUMPCLOUD_API_KEY)\n',
    );
    const none = await jcsql(['connections', '--config-dir', empty, '--output', 'csv']);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(
      /^No JumpCloud connection is configured: set JUMPCLOUD_API_KEY, or add .*\n$/,
    );
  });
});

describe('jcsql -v', () => {
  it('prints the version, as --version does', async () => {
    for (const flag of ['-v', '--version']) {
      const run = await jcsql([flag]);
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: `${JCSQL_VERSION}\n` });
    }
  });
});

describe('every command’s --help', () => {
  it('shows examples, and the environment variables of the commands that read an org', async () => {
    for (const command of ['query', 'export', 'serve', 'snapshot', 'tables', 'connections']) {
      const run = await jcsql([command, '--help']);
      expect(run.code, command).toBe(0);
      expect(run.stdout, command).toMatch(new RegExp(`\\nExamples:\\n {2}\\$ jcsql ${command}\\b`));
      if (command !== 'tables')
        expect(run.stdout, command).toMatch(/\nEnvironment:\n {2}JUMPCLOUD_API_KEY +\S/);
    }
  });
});
