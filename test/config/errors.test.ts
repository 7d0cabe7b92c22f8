import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { describeError } from '../../src/errors.js';
import { errorText, jcsqlDir, userErrorFrom, useTempHome, writeSpc } from './helpers.js';

const temp = useTempHome();
const SENTINEL = 'SENTINEL_KEY_9f8e7d6c5b4a';

async function failure(text: string, env: NodeJS.ProcessEnv = {}) {
  const path = await writeSpc(jcsqlDir(temp.home), 'jumpcloud.spc', text);
  const error = await userErrorFrom(loadConfig({ env, homeDir: temp.home }));
  return { path, error, text: errorText(error) };
}

const connection = (...lines: string[]) =>
  `connection "jc" {\n  plugin = "jumpcloud"\n${lines.join('\n')}\n}\n`;

describe('HCL syntax errors', () => {
  it('name the file, line and column with the parser message', async () => {
    const { path, error } = await failure('connection "jc" {\n  plugin = "jumpcloud"\n  org_id =\n}\n');
    expect(error.message).toBe(
      `Error in ${path} line 3, column 11: Invalid expression; Expected the start of an expression, but found an invalid expression token`,
    );
  });

  it('never show the API key, even when the error is on the api_key line', async () => {
    const broken = [
      connection(`  api_key = "${SENTINEL}`),
      connection(`  api_key = "${SENTINEL}" "x"`),
      connection(`  api_key = "${SENTINEL.slice(0, 8)}\\q${SENTINEL.slice(8)}"`),
      connection(`  api_key == "${SENTINEL}"`),
      connection(`  api_key = "${SENTINEL}"`, `  api_key = "${SENTINEL}"`),
    ];
    for (const text of broken) {
      const { path, error, text: shown } = await failure(text);
      expect(error.message).toContain(`Error in ${path} line `);
      expect(shown).not.toContain(SENTINEL);
      expect(shown).not.toContain(SENTINEL.slice(0, 8));
      expect(describeError(error)).not.toContain(SENTINEL.slice(8));
    }
  });
});

describe('wrong values name the file and the line', () => {
  const cases: [string, string][] = [
    [
      '  max_concurrency = "x"',
      'max_concurrency in connection "jc" must be a whole number of at least 1 (got "x")',
    ],
    [
      '  max_concurrency = 0',
      'max_concurrency in connection "jc" must be a whole number of at least 1 (got 0)',
    ],
    ['  cache_ttl = 1.5', 'cache_ttl in connection "jc" must be a whole number of at least 0 (got 1.5)'],
    ['  cache = "yes"', 'cache in connection "jc" must be true or false'],
    ['  region = "mars"', 'region in connection "jc" must be one of us, eu, in'],
    ['  org_id = 42', 'org_id in connection "jc" must be a quoted string (got 42)'],
    ['  api_url = "ftp://x"', 'api_url in connection "jc" must use https'],
    ['  api_url = "https://console.jumpcloud.com/api"', 'api_url in connection "jc" must be an origin only'],
    ['  api_url = "http://console.jumpcloud.com"', 'api_url in connection "jc" must use https'],
    ['  api_url = "not a url"', 'api_url in connection "jc" must be a URL'],
  ];
  for (const [line, problem] of cases) {
    it(line.trim(), async () => {
      const { path, error } = await failure(connection('  # a comment', line));
      expect(error.message).toContain(`Error in ${path} line 4: ${problem}`);
    });
  }

  it('finds the line of the failing block when several blocks set the same attribute', async () => {
    const text = `${connection('  region = "eu"')}\n${connection('  region = "eu"').replace('"jc"', '"jc2"').replace('eu', 'xx')}`;
    const { path, error } = await failure(text);
    expect(error.message).toContain(`Error in ${path} line 8: region in connection "jc2"`);
  });

  it('reads values in options and workspace blocks too', async () => {
    const { path, error } = await failure(
      'options "query" {\n  cache = true\n}\nworkspace "default" {\n  cache_ttl = -1\n}\n',
    );
    expect(error.message).toContain(`Error in ${path} line 5: cache_ttl in workspace "default"`);
  });

  it('does not echo a wrongly typed api_key', async () => {
    const { path, error, text } = await failure(connection('  api_key = 123456789'));
    expect(error.message).toContain(
      `Error in ${path} line 3: api_key in connection "jc" must be a quoted string`,
    );
    expect(text).not.toContain('123456789');
  });

  it('rejects an expression as api_key without showing it', async () => {
    const { text } = await failure(connection(`  api_key = ${SENTINEL}`));
    expect(text).toContain('must be a literal string');
    expect(text).not.toContain(SENTINEL);
  });

  it('rejects a JUMPCLOUD_API_URL with a path', async () => {
    const error = await userErrorFrom(
      loadConfig({ env: { JUMPCLOUD_API_URL: 'https://x.example.com/api' }, homeDir: temp.home }),
    );
    expect(error.message).toContain('JUMPCLOUD_API_URL must be an origin only');
  });
});

describe('connection blocks', () => {
  it('rejects bad names', async () => {
    for (const name of ['Prod', '1jc', 'jc-prod', 'public', 'steampipe_x', 'jcsql_x']) {
      const { path, error } = await failure(`\nconnection "${name}" {\n  plugin = "jumpcloud"\n}\n`);
      expect(error.message).toContain(`Error in ${path} line 2: connection name "${name}"`);
    }
  });

  it('rejects a name defined in two files, naming both', async () => {
    const first = await writeSpc(jcsqlDir(temp.home), 'a.spc', connection());
    const { path, error } = await failure(connection());
    expect(error.message).toBe(`Error in ${path} line 1: connection "jc" is also defined in ${first} line 1`);
  });

  it('rejects a name defined twice in one file', async () => {
    const { path, error } = await failure(`${connection()}${connection()}`);
    expect(error.message).toBe(`Error in ${path} line 5: connection "jc" is also defined in ${path} line 1`);
  });

  it('rejects a connection without plugin, and an unknown type', async () => {
    const noPlugin = await failure('connection "jc" {\n  api_key = "k"\n}\n');
    expect(noPlugin.error.message).toBe(`Error in ${noPlugin.path} line 1: connection "jc" has no plugin`);
    const badType = await failure(connection('  type = "plugins"'));
    expect(badType.error.message).toContain(`Error in ${badType.path} line 3: type in connection "jc"`);
  });

  it('rejects a connection block without exactly one name', async () => {
    const { path, error } = await failure('\nconnection {\n  plugin = "jumpcloud"\n}\n');
    expect(error.message).toBe(`Error in ${path} line 2: a connection block needs exactly one name`);
  });

  it('rejects an aggregator without connections', async () => {
    const { path, error } = await failure(
      'connection "all" {\n  type = "aggregator"\n  plugin = "jumpcloud"\n}\n',
    );
    expect(error.message).toContain(
      `Error in ${path} line 1: aggregator connection "all" has no connections`,
    );
  });
});
