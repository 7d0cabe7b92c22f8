import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { makeTempDir } from '../helpers/engine.js';
import { BAD_INPUT, expectCleanError, jcsqlBytes } from './bad-input-expect.js';

/**
 * Malformed `.spc` configuration: HCL syntax errors, wrong types, bad regions and URLs, names
 * and duplicates, aggregators, binary garbage, other encodings, huge files. Each is refused with
 * one line naming the file (and the line, where the problem has one) and exit code 254 (bad input), and the
 * API key in the file never shows.
 */

const SECRET = 'SECRET-HCL-KEY-4f1d';
const block = (name: string, ...lines: string[]) =>
  `connection "${name}" {\n  plugin = "jumpcloud"\n${lines.map((line) => `  ${line}`).join('\n')}\n}\n`;
const jc = (...lines: string[]) => block('jc', `api_key = "${SECRET}"`, ...lines);
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

/** [name, the file's content, the line the error names (undefined: any or none)] */
const spcFiles: Array<[string, string | Buffer, number?]> = [
  // HCL syntax
  ['an unterminated string', `connection "jc" {\n  plugin = "jumpcloud"\n  api_key = "${SECRET}\n}\n`, 3],
  ['a block never closed', 'connection "jc" {\n  plugin = "jumpcloud"\n'],
  ['a stray closing brace', `${jc()}}\n`, 5],
  ['== for =', 'connection "jc" {\n  plugin == "jumpcloud"\n}\n', 2],
  ['a block without braces', 'connection "jc" plugin = "jumpcloud"\n', 1],
  ['two attributes on one line', 'connection "jc" {\n  plugin = "jumpcloud" org_id = "x"\n}\n', 2],
  ['an attribute without a value', jc('org_id ='), 4],
  ['an attribute given twice', jc('org_id = "a"', 'org_id = "b"'), 5],
  ['an unterminated heredoc', `connection "jc" {\n  plugin = "jumpcloud"\n  api_key = <<EOT\n${SECRET}\n}\n`],
  ['an invalid escape', jc('org_id = "a\\qb"'), 4],
  ['an unterminated block comment', `/* a comment\n${jc()}`],
  ['a stray = at the top level', `= "x"\n${jc()}`, 1],
  ['JSON instead of HCL', '{"connection": {"jc": {"plugin": "jumpcloud"}}}\n'],
  ['YAML instead of HCL', 'connection:\n  jc:\n    plugin: jumpcloud\n', 1],
  ['a connection block with two names', 'connection "jc" "second" {\n  plugin = "jumpcloud"\n}\n', 1],
  ['a connection block with no name', 'connection {\n  plugin = "jumpcloud"\n}\n', 1],
  [
    'a connection name of 64 characters (a schema name is at most 63)',
    block('a'.repeat(64), `api_key = "${SECRET}"`),
    1,
  ],
  ['a connection name of 100,000 characters', block('a'.repeat(100_000), `api_key = "${SECRET}"`), 1],
  ['a connection with no plugin', 'connection "jc" {\n  org_id = "x"\n}\n', 1],
  // wrong types and values
  ['max_concurrency as text', jc('max_concurrency = "x"'), 4],
  ['max_concurrency of 0', jc('max_concurrency = 0'), 4],
  ['a fractional max_concurrency', jc('max_concurrency = 1.5'), 4],
  ['a negative cache_ttl', jc('cache_ttl = -1'), 4],
  ['cache as a quoted word', jc('cache = "yes"'), 4],
  ['org_id as a number', jc('org_id = 123'), 4],
  ['org_id as a list', jc('org_id = ["a"]'), 4],
  ['org_id from a variable', jc('org_id = var.org'), 4],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL's own template syntax
  ['org_id as a template', jc('org_id = "${var.org}"'), 4],
  ['api_key from a function', block('jc', 'api_key = file("/etc/passwd")'), 3],
  ['type that is neither plugin nor aggregator', jc('type = "bogus"'), 4],
  ['api_url that is not a URL', jc('api_url = "not a url"'), 4],
  ['api_url over ftp', jc('api_url = "ftp://console.jumpcloud.com"'), 4],
  ['api_url over http to another host', jc('api_url = "http://console.jumpcloud.com"'), 4],
  ['api_url with a path', jc('api_url = "https://console.jumpcloud.com/api"'), 4],
  ['api_url with credentials', jc('api_url = "https://user:pw@console.jumpcloud.com"'), 4],
  // regions
  ['an unknown region', jc('region = "mars"'), 4],
  ['a region in capitals', jc('region = "EU"'), 4],
  ['an empty region', jc('region = ""'), 4],
  ['a region as a number', jc('region = 1'), 4],
  // names and duplicates
  ['a connection defined twice', `${jc()}${jc()}`, 5],
  ['a connection named public', block('public', `api_key = "${SECRET}"`), 1],
  ['a connection named steampipe_x', block('steampipe_x'), 1],
  ['a connection name with a dash', block('jc-prod'), 1],
  ['a connection name starting with a digit', block('1jc'), 1],
  ['a connection name in capitals', block('JC'), 1],
  ['an empty connection name', block(''), 1],
  // aggregators
  [
    'an aggregator without connections',
    `${jc()}connection "all" {\n  plugin = "jumpcloud"\n  type = "aggregator"\n}\n`,
    5,
  ],
  [
    'an aggregator with an empty list',
    `${jc()}${block('all', 'type = "aggregator"', 'connections = []')}`,
    8,
  ],
  [
    'an aggregator with a string for a list',
    `${jc()}${block('all', 'type = "aggregator"', 'connections = "jc*"')}`,
  ],
  ['an aggregator listing a number', `${jc()}${block('all', 'type = "aggregator"', 'connections = [1]')}`],
  [
    'an aggregator with the name of a connection',
    `${jc()}${block('jc', 'type = "aggregator"', 'connections = ["*"]')}`,
    5,
  ],
  // binary garbage and other encodings
  ['binary garbage', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151 + 7) % 256))],
  [
    'a PNG image',
    bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  ],
  ['NUL bytes in a block', bytes('connection "jc" {\n  plugin = "jumpcloud"\n', [0, 0, 0], '\n}\n')],
  ['a file in UTF-16', Buffer.from(`\ufeff${jc()}`, 'utf16le')],
  [
    'a Latin-1 byte in a connection name',
    bytes('connection "caf', [0xe9], '" {\n  plugin = "jumpcloud"\n}\n'),
    1,
  ],
  // huge files
  ['a 2 MB file with its error on the last line', `${'# padding\n'.repeat(200_000)}${jc()}oops\n`, 200_005],
  [
    'a 1 MB unterminated api_key',
    `connection "jc" {\n  plugin = "jumpcloud"\n  api_key = "${SECRET}${'k'.repeat(1 << 20)}\n}\n`,
    3,
  ],
];

describe('bad input: .spc files', () => {
  let simulator: RunningSimulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    simulator = await startSimulator();
    env = { JUMPCLOUD_API_URL: simulator.url, JUMPCLOUD_API_KEY: simulator.apiKey };
  });
  afterAll(() => simulator?.close());

  /** Writes the files into a new config directory and runs a query that needs it (SQLite: quick to open). */
  const runWith = async (files: Record<string, string | Buffer>) => {
    const dir = makeTempDir('jcsql-bad-hcl-');
    for (const [name, content] of Object.entries(files))
      writeFileSync(join(dir, name), content, { mode: 0o600 });
    const run = await jcsqlBytes(['query', '--engine', 'sqlite', 'select count(*) from jumpcloud_user'], {
      env: { ...env, JCSQL_CONFIG_DIR: dir },
    });
    return { dir, run };
  };

  for (const [name, content, line] of spcFiles) {
    it(name, async () => {
      const before = simulator.stats().total;
      const { dir, run } = await runWith({ 'jumpcloud.spc': content });
      const error = expectCleanError(run, BAD_INPUT);
      expect(error).toContain(join(dir, 'jumpcloud.spc'));
      if (line !== undefined) expect(error).toContain(`jumpcloud.spc line ${line}`);
      expect(run.stderr).not.toContain(SECRET);
      expect(simulator.stats().total).toBe(before); // refused before any API call
    });
  }

  it('a connection defined again in a second file', async () => {
    const { dir, run } = await runWith({ 'a.spc': jc(), 'b.spc': jc('org_id = "x"') });
    const error = expectCleanError(run, BAD_INPUT);
    expect(error).toContain(`${join(dir, 'b.spc')} line 1`);
    expect(error).toContain(join(dir, 'a.spc'));
  });

  it('a directory named like a .spc file', async () => {
    const dir = makeTempDir('jcsql-bad-hcl-');
    mkdirSync(join(dir, 'jumpcloud.spc'));
    writeFileSync(join(dir, 'other.spc'), 'connection "jc" {\n', { mode: 0o600 });
    const run = await jcsqlBytes(['query', '--engine', 'sqlite', 'select 1'], {
      env: { ...env, JCSQL_CONFIG_DIR: dir },
    });
    expect(expectCleanError(run, BAD_INPUT)).toContain('other.spc');
  });

  describe('unknown attributes: a warning naming file and line, and the command still runs', () => {
    for (const [name, attribute] of [
      ['a misspelt attribute', 'org_idd = "x"'],
      ['a Steampipe option jcsql does not know', 'ignore_error_codes = ["x"]'],
    ] as const) {
      it(name, async () => {
        const content = block('jc', `api_key = "${simulator.apiKey}"`, attribute);
        const { dir, run } = await runWith({ 'jumpcloud.spc': content });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toMatch(
          new RegExp(`^Warning: ${join(dir, 'jumpcloud.spc')} line 4: unknown attribute`),
        );
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stdout).toMatch(/count/);
      });
    }
  });
});
