import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { jcsqlDir, steampipeDir, userErrorFrom, useTempHome, writeSpc } from './helpers.js';

/** The anchor plugin's `config/jumpcloud.spc`, verbatim. */
const ANCHOR_SAMPLE = `connection "jumpcloud" {
  plugin = "jumpcloud"

  # The admin API key to access JumpCloud resources.
  # This can also be set via the \`JUMPCLOUD_API_KEY\` environment variable.
  # api_key = "1b234ac9de5f5gh67i89j10k9l366mnop6q965r6"

  # The JumpCloud organization ID to which you would like to make the request.
  # It is required for all multi-tenant admins when making API requests to JumpCloud.
  # This can also be set via the \`JUMPCLOUD_ORG_ID\` environment variable.
  # org_id = "123a45b6c78d8e9f6gh0769i"
}
`;

const temp = useTempHome();
const load = (env: NodeJS.ProcessEnv = {}, configDir?: string) =>
  loadConfig({ env, homeDir: temp.home, ...(configDir === undefined ? {} : { configDir }) });

describe('loadConfig: sources', () => {
  it('reads the anchor sample, with credentials from env and the documented defaults', async () => {
    const path = await writeSpc(jcsqlDir(temp.home), 'jumpcloud.spc', ANCHOR_SAMPLE);
    const config = await load({ JUMPCLOUD_API_KEY: 'env-key', JUMPCLOUD_ORG_ID: 'env-org' });
    expect(config.files).toEqual([path]);
    expect(config.warnings).toEqual([]);
    expect(config.connections).toEqual([
      {
        name: 'jumpcloud',
        apiKey: 'env-key',
        orgId: 'env-org',
        orgIdFromConfig: false,
        region: 'us',
        apiUrl: 'https://console.jumpcloud.com',
        insightsUrl: 'https://api.jumpcloud.com',
        maxConcurrency: 10,
        cacheTtlSeconds: 300,
        cache: true,
        source: path,
      },
    ]);
  });

  it('makes one implicit connection from env alone when there is no file', async () => {
    const config = await load({ JUMPCLOUD_API_KEY: 'env-key', JUMPCLOUD_API_URL: 'http://127.0.0.1:4010' });
    expect(config.files).toEqual([]);
    expect(config.connections).toHaveLength(1);
    expect(config.connections[0]).toMatchObject({
      name: 'jumpcloud',
      apiKey: 'env-key',
      orgId: undefined,
      apiUrl: 'http://127.0.0.1:4010',
      source: undefined,
    });
  });

  it('has no connection at all without files and without JUMPCLOUD_API_KEY', async () => {
    const config = await load({ JUMPCLOUD_ORG_ID: 'org' });
    expect(config.connections).toEqual([]);
  });

  it('reads several files in name order, several connections each', async () => {
    const dir = jcsqlDir(temp.home);
    const b = await writeSpc(dir, 'b.spc', 'connection "jc_b" {\n  plugin = "jumpcloud"\n}\n');
    const a = await writeSpc(
      dir,
      'a.spc',
      'connection "jc_z" {\n  plugin = "jumpcloud"\n}\nconnection "jc_a" {\n  plugin = "turbot/jumpcloud"\n}\n',
    );
    await writeSpc(dir, 'notes.txt', 'connection "ignored" { plugin = "jumpcloud" }\n');
    const config = await load();
    expect(config.files).toEqual([a, b]);
    expect(config.connections.map((connection) => [connection.name, connection.source])).toEqual([
      ['jc_z', a],
      ['jc_a', a],
      ['jc_b', b],
    ]);
  });

  it('prefers --config-dir over JCSQL_CONFIG_DIR over ~/.jcsql/config', async () => {
    const flagDir = join(temp.home, 'flag');
    const envDir = join(temp.home, 'env');
    await writeSpc(flagDir, 'x.spc', 'connection "from_flag" {\n  plugin = "jumpcloud"\n}\n');
    await writeSpc(envDir, 'x.spc', 'connection "from_env" {\n  plugin = "jumpcloud"\n}\n');
    await writeSpc(jcsqlDir(temp.home), 'x.spc', 'connection "from_home" {\n  plugin = "jumpcloud"\n}\n');
    const names = async (env: NodeJS.ProcessEnv, configDir?: string) =>
      (await load(env, configDir)).connections.map((connection) => connection.name);
    expect(await names({ JCSQL_CONFIG_DIR: envDir }, flagDir)).toEqual(['from_flag']);
    expect(await names({ JCSQL_CONFIG_DIR: envDir })).toEqual(['from_env']);
    expect(await names({})).toEqual(['from_home']);
  });

  it('rejects a --config-dir or JCSQL_CONFIG_DIR that does not exist', async () => {
    const missing = join(temp.home, 'nope');
    expect((await userErrorFrom(load({}, missing))).message).toContain(`${missing} (from --config-dir)`);
    expect((await userErrorFrom(load({ JCSQL_CONFIG_DIR: missing }))).message).toContain(
      `${missing} (from JCSQL_CONFIG_DIR)`,
    );
  });

  it('falls back to ~/.steampipe/config when ~/.jcsql/config has no jumpcloud connection', async () => {
    await writeSpc(jcsqlDir(temp.home), 'other.spc', 'connection "aws" {\n  plugin = "aws"\n}\n');
    const steampipe = await writeSpc(
      steampipeDir(temp.home),
      'jumpcloud.spc',
      'connection "jumpcloud" {\n  plugin = "jumpcloud"\n  org_id = "sp-org"\n}\n',
    );
    const config = await load();
    expect(config.connections.map((connection) => [connection.name, connection.source])).toEqual([
      ['jumpcloud', steampipe],
    ]);
  });

  it('does not read ~/.steampipe/config when ~/.jcsql/config has a connection, nor under an explicit dir', async () => {
    await writeSpc(
      steampipeDir(temp.home),
      'jumpcloud.spc',
      'connection "steampipe_one" {\n  plugin = "x"\n}\n',
    );
    await writeSpc(steampipeDir(temp.home), 'jc.spc', 'connection "sp" {\n  plugin = "jumpcloud"\n}\n');
    await writeSpc(jcsqlDir(temp.home), 'jc.spc', 'connection "mine" {\n  plugin = "jumpcloud"\n}\n');
    expect((await load()).connections.map((connection) => connection.name)).toEqual(['mine']);
    const empty = join(temp.home, 'empty');
    await writeSpc(empty, 'none.spc', '');
    expect((await load({ JUMPCLOUD_API_KEY: 'k' }, empty)).connections.map((c) => c.source)).toEqual([
      undefined,
    ]);
  });

  it('uses $STEAMPIPE_INSTALL_DIR/config for the Steampipe fallback', async () => {
    const install = join(temp.home, 'sp-install');
    await writeSpc(
      join(install, 'config'),
      'jc.spc',
      'connection "installed" {\n  plugin = "jumpcloud"\n}\n',
    );
    const config = await load({ STEAMPIPE_INSTALL_DIR: install });
    expect(config.connections.map((connection) => connection.name)).toEqual(['installed']);
  });
});

describe('loadConfig: values', () => {
  const one = async (body: string, env: NodeJS.ProcessEnv = {}) => {
    await writeSpc(jcsqlDir(temp.home), 'jc.spc', `connection "jc" {\n  plugin = "jumpcloud"\n${body}\n}\n`);
    const config = await load(env);
    expect(config.connections).toHaveLength(1);
    return config.connections[0]!;
  };

  it('takes each field from config when present and from env otherwise', async () => {
    const connection = await one('  org_id = "cfg-org"', {
      JUMPCLOUD_API_KEY: 'env-key',
      JUMPCLOUD_ORG_ID: 'env-org',
    });
    expect(connection).toMatchObject({ apiKey: 'env-key', orgId: 'cfg-org', orgIdFromConfig: true });
  });

  it('lets an empty attribute in config override env', async () => {
    const connection = await one('  api_key = ""\n  org_id = ""', {
      JUMPCLOUD_API_KEY: 'env-key',
      JUMPCLOUD_ORG_ID: 'env-org',
    });
    expect(connection).toMatchObject({ apiKey: '', orgId: '', orgIdFromConfig: true });
  });

  it('resolves apiUrl: api_url, else JUMPCLOUD_API_URL, else the region origin', async () => {
    expect((await one('  region = "eu"')).apiUrl).toBe('https://console.eu.jumpcloud.com');
    expect((await one('  region = "in"')).apiUrl).toBe('https://console.in.jumpcloud.com');
    expect((await one('  region = "eu"', { JUMPCLOUD_API_URL: 'http://localhost:9000' })).apiUrl).toBe(
      'http://localhost:9000',
    );
    const explicit = await one('  region = "eu"\n  api_url = "https://jc.example.com/"', {
      JUMPCLOUD_API_URL: 'http://localhost:9000',
    });
    expect(explicit).toMatchObject({ region: 'eu', apiUrl: 'https://jc.example.com' });
  });

  it("resolves each region's Directory Insights URL to its API host, and api_url to one origin for both", async () => {
    const { connectOne } = await import('../../src/connect/index.js');
    const { DIRECTORY_EVENTS_PATH } = await import('../../src/client/index.js');
    const eventsUrl = async (body: string, env: NodeJS.ProcessEnv = {}) => {
      const [handle] = connectOne(await one(`  api_key = "k"\n${body}`, env)).default;
      const client = handle!.client as import('../../src/client/index.js').JumpCloudClient;
      return { api: client.http.origin, events: client.insights.origin + DIRECTORY_EVENTS_PATH };
    };
    expect(await eventsUrl('')).toEqual({
      api: 'https://console.jumpcloud.com',
      events: 'https://api.jumpcloud.com/insights/directory/v1/events',
    });
    expect(await eventsUrl('  region = "eu"')).toEqual({
      api: 'https://console.eu.jumpcloud.com',
      events: 'https://api.eu.jumpcloud.com/insights/directory/v1/events',
    });
    expect(await eventsUrl('  region = "in"')).toEqual({
      api: 'https://console.in.jumpcloud.com',
      events: 'https://api.in.jumpcloud.com/insights/directory/v1/events',
    });
    expect(await eventsUrl('  region = "eu"\n  api_url = "http://127.0.0.1:4010"')).toEqual({
      api: 'http://127.0.0.1:4010',
      events: 'http://127.0.0.1:4010/insights/directory/v1/events',
    });
    expect(await eventsUrl('  region = "in"', { JUMPCLOUD_API_URL: 'http://127.0.0.1:4011' })).toEqual({
      api: 'http://127.0.0.1:4011',
      events: 'http://127.0.0.1:4011/insights/directory/v1/events',
    });
  });

  it('reads max_concurrency, cache_ttl and cache', async () => {
    const connection = await one('  max_concurrency = 3\n  cache_ttl = 0\n  cache = false');
    expect(connection).toMatchObject({ maxConcurrency: 3, cacheTtlSeconds: 0, cache: false });
  });

  it('takes cache defaults from workspace "default" over options "query", and the connection over both', async () => {
    await writeSpc(
      jcsqlDir(temp.home),
      'a_options.spc',
      'options "query" {\n  cache = false\n  cache_ttl = 10\n}\noptions "database" {\n  cache = true\n  cache_max_ttl = 5\n}\n',
    );
    await writeSpc(jcsqlDir(temp.home), 'b_workspace.spc', 'workspace "default" {\n  cache_ttl = 20\n}\n');
    const inherited = await one('');
    expect(inherited).toMatchObject({ cache: false, cacheTtlSeconds: 20 });
    const own = await one('  cache = true\n  cache_ttl = 30');
    expect(own).toMatchObject({ cache: true, cacheTtlSeconds: 30 });
  });

  it('reads the scan cache bounds: JCSQL_ over STEAMPIPE_CACHE_MAX_SIZE_MB over options "database"', async () => {
    await writeSpc(jcsqlDir(temp.home), 'options.spc', 'options "database" {\n  cache_max_size_mb = 64\n}\n');
    const env = { JUMPCLOUD_API_KEY: 'k' };
    expect((await load(env)).cacheLimits).toEqual({ maxBytes: 64 * 1024 * 1024 });
    expect((await load({ ...env, STEAMPIPE_CACHE_MAX_SIZE_MB: '32' })).cacheLimits).toEqual({
      maxBytes: 32 * 1024 * 1024,
    });
    const both = { ...env, STEAMPIPE_CACHE_MAX_SIZE_MB: '32', JCSQL_CACHE_MAX_SIZE_MB: '16' };
    expect((await load({ ...both, JCSQL_CACHE_MAX_ENTRIES: '5' })).cacheLimits).toEqual({
      maxBytes: 16 * 1024 * 1024,
      maxEntries: 5,
    });
    const error = await userErrorFrom(load({ ...env, JCSQL_CACHE_MAX_ENTRIES: 'lots' }));
    expect(error.message).toBe('JCSQL_CACHE_MAX_ENTRIES must be a whole number of at least 1, not "lots"');
  });

  it('applies cache defaults to the implicit env connection too', async () => {
    await writeSpc(jcsqlDir(temp.home), 'workspaces.spc', 'workspace "default" {\n  cache = false\n}\n');
    const config = await load({ JUMPCLOUD_API_KEY: 'k' });
    expect(config.connections[0]).toMatchObject({ name: 'jumpcloud', cache: false, cacheTtlSeconds: 300 });
  });
});

describe('loadConfig: what is ignored and what is warned about', () => {
  it('ignores non-jumpcloud connections and unknown blocks, knows every jumpcloud plugin form, and warns of its plugin block', async () => {
    const text = [
      'connection "aws" {\n  plugin = "aws"\n  regions = ["*"]\n}',
      'connection "aws_all" {\n  type = "aggregator"\n  plugin = "aws"\n  connections = ["aws*"]\n}',
      'connection "c1" {\n  plugin = "turbot/jumpcloud@latest"\n}',
      'connection "c2" {\n  plugin = "local/jumpcloud"\n}',
      'connection "c3" {\n  plugin = plugin.jc_low\n}',
      'connection "c4" {\n  plugin = plugin.other\n}',
      'connection "c5" {\n  plugin = "hub.steampipe.io/plugins/turbot/jumpcloud@latest"\n}',
      'plugin "jc_low" {\n  source = "turbot/jumpcloud@1"\n  limiter "l" {\n    max_concurrency = 1\n  }\n}',
      'plugin "other" {\n  source = "turbot/github"\n}',
      'options "general" {\n  update_check = false\n}',
      'dashboard "x" {\n  title = "y"\n}',
    ].join('\n');
    const path = await writeSpc(jcsqlDir(temp.home), 'mixed.spc', text);
    const config = await load();
    expect(config.connections.map((connection) => connection.name)).toEqual(['c1', 'c2', 'c3', 'c5']);
    expect(config.aggregators).toEqual([]);
    // The JumpCloud plugin block's source names c3's plugin; the rest of it jcsql does not use.
    expect(config.warnings).toEqual([
      `${path} line 25: plugin "jc_low", limiter "l" are not used: jcsql runs no plugin process and applies no rate limiters (set max_concurrency in a connection to bound its requests)`,
    ]);
  });

  it('warns once per file of JumpCloud plugin and limiter blocks it does not use, never of other plugins', async () => {
    const dir = jcsqlDir(temp.home);
    const limited = await writeSpc(
      dir,
      'a.spc',
      [
        'connection "jumpcloud" {\n  plugin = "jumpcloud"\n}',
        'plugin "jumpcloud" {\n  memory_max_mb = 512\n  limiter "burst" {\n    bucket_size = 10\n    fill_rate = 5\n  }\n  limiter "slow" {\n    max_concurrency = 2\n  }\n}',
        'plugin "jumpcloud_eu" {\n  source = "turbot/jumpcloud"\n}',
      ].join('\n'),
    );
    const bare = await writeSpc(dir, 'b.spc', 'plugin "jumpcloud" {\n  start_timeout = 30\n}\n');
    await writeSpc(dir, 'c.spc', 'plugin "aws" {\n  limiter "x" {\n    max_concurrency = 1\n  }\n}\n');
    const config = await load();
    const unused =
      'not used: jcsql runs no plugin process and applies no rate limiters (set max_concurrency in a connection to bound its requests)';
    expect(config.warnings).toEqual([
      `${limited} line 4: plugin "jumpcloud", plugin "jumpcloud_eu", limiter "burst", limiter "slow" are ${unused}`,
      `${bare} line 1: plugin "jumpcloud" is ${unused}`,
    ]);
  });

  it('warns about unknown attributes in a jumpcloud connection, naming file and line', async () => {
    const path = await writeSpc(
      jcsqlDir(temp.home),
      'jc.spc',
      'connection "jc" {\n  plugin = "jumpcloud"\n  import_schema = "enabled"\n  org = "typo"\n}\n',
    );
    const config = await load();
    expect(config.connections).toHaveLength(1);
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toContain(`${path} line 4: unknown attribute "org" in connection "jc"`);
  });

  it('warns when a file holding an api_key is readable by others, and only then', async () => {
    const dir = jcsqlDir(temp.home);
    const open = await writeSpc(
      dir,
      'open.spc',
      'connection "a" {\n  plugin = "jumpcloud"\n  api_key = "k"\n}\n',
      0o644,
    );
    await writeSpc(
      dir,
      'closed.spc',
      'connection "b" {\n  plugin = "jumpcloud"\n  api_key = "k"\n}\n',
      0o600,
    );
    await writeSpc(dir, 'keyless.spc', 'connection "c" {\n  plugin = "jumpcloud"\n}\n', 0o644);
    const config = await load();
    expect(config.warnings).toEqual([
      `${open} holds an API key and other users can read it (mode 0644); run chmod 600 ${open}`,
    ]);
  });

  it('takes every known key out of a config error, even one pasted into another value', async () => {
    const key = 'pasted-key-0123456789abcdef';
    await writeSpc(
      jcsqlDir(temp.home),
      'jc.spc',
      `connection "jc" {\n  plugin = "jumpcloud"\n  api_key = "${key}"\n  api_url = "http://example.com/?key=${key}"\n}\n`,
    );
    const error = await userErrorFrom(load());
    expect(error.message).toContain('api_url in connection "jc" must use https');
    expect(error.message).toContain('<redacted>');
    expect(`${error.message} ${error.hint ?? ''}`).not.toContain(key);
    const envKey = 'env-key-0123456789abcdef';
    const fromEnv = await userErrorFrom(
      load({ JUMPCLOUD_API_KEY: envKey, JUMPCLOUD_API_URL: `http://example.com/${envKey}` }),
    );
    expect(`${fromEnv.message} ${fromEnv.hint ?? ''}`).not.toContain(envKey);
  });

  it('judges modes as ssh does its keys: any group or other bit warns, owner-only bits do not', async () => {
    const dir = jcsqlDir(temp.home);
    const text = (name: string) => `connection "${name}" {\n  plugin = "jumpcloud"\n  api_key = "k"\n}\n`;
    const modes = {
      a: 0o640,
      b: 0o604,
      c: 0o620,
      d: 0o602,
      e: 0o666,
      f: 0o610,
      g: 0o600,
      h: 0o400,
      i: 0o700,
    };
    const paths = new Map<string, string>();
    for (const [name, mode] of Object.entries(modes))
      paths.set(name, await writeSpc(dir, `${name}.spc`, text(name), mode));
    const config = await load();
    const fix = (name: string) => `run chmod 600 ${paths.get(name)}`;
    expect(config.warnings).toEqual([
      `${paths.get('a')} holds an API key and other users can read it (mode 0640); ${fix('a')}`,
      `${paths.get('b')} holds an API key and other users can read it (mode 0604); ${fix('b')}`,
      `${paths.get('c')} holds an API key and other users can change it (mode 0620); ${fix('c')}`,
      `${paths.get('d')} holds an API key and other users can change it (mode 0602); ${fix('d')}`,
      `${paths.get('e')} holds an API key and other users can read and change it (mode 0666); ${fix('e')}`,
      `${paths.get('f')} holds an API key and other users have permissions on it (mode 0610); ${fix('f')}`,
    ]);
  });
});
