import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invalidUtf8Argument } from '../../src/cli/raw-arguments.js';
import { describeError, EXIT, UserError } from '../../src/errors.js';
import { jcsql } from '../helpers/cli.js';
import { makeTempDir, testHome } from '../helpers/engine.js';
import { writeConfig } from '../helpers/spc.js';

/** The built CLI, for what only a real process shows (its raw arguments, a cache on disk). */
const MAIN = join(import.meta.dirname, '../../dist/cli/main.js');

describe('long messages', () => {
  it('are cut at a word boundary, with an ellipsis and the count of what was left out', () => {
    const words = Array.from({ length: 400 }, (_, index) => `word${index}`);
    const line = describeError(new UserError(words.join(' ')));
    const match = /^(.*)… \(([\d,]+) more characters\)$/.exec(line);
    expect(match, line).not.toBeNull();
    const kept = match![1]!;
    expect(kept.length).toBeLessThanOrEqual(1_000);
    // Every word kept is whole, and the last one is followed by the rest of the text.
    const keptWords = kept.split(' ');
    expect(keptWords).toEqual(words.slice(0, keptWords.length));
    expect(kept.length + Number(match![2]!.replace(/,/g, ''))).toBe(words.join(' ').length);
  });

  it('cut a quoted fragment at a word boundary too', () => {
    const quoted = Array(40).fill('abcdefg').join(' ');
    const line = describeError(new UserError(`syntax error at "${quoted}"`));
    expect(line).toMatch(/^syntax error at "(abcdefg )+abcdefg… \(\d+ more characters\)"$/);
  });

  it('cut one token without spaces where they must', () => {
    const line = describeError(new UserError(`x${'a'.repeat(5_000)}`));
    expect(line).toMatch(/^xa{979}… \(4,021 more characters\)$/);
  });
});

describe('SQL that starts with a -- comment', () => {
  const COUNT = '-- count users\nselect count(*) as n from jumpcloud_user';

  it('runs as SQL, before or after the flags, and among other statements', async () => {
    const before = await jcsql(['query', COUNT, '--demo', '--output', 'csv']);
    expect(before.stderr).toBe('');
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/^n\n[1-9]\d*\n$/);
    const among = await jcsql(['query', '--demo', '--output', 'csv', 'select 1 as one;', COUNT]);
    expect(among.stdout).toBe(`one\n1\n\n${before.stdout}`);
    const alone = await jcsql(['query', '--demo', '--output', 'csv', '--just a comment;']);
    expect(alone.stderr).toBe('');
    expect(alone.code).toBe(0);
  });

  it('reports an error at the same line and column as the same SQL on stdin', async () => {
    const bad = '-- typo\nselect nme from jumpcloud_user';
    const argument = await jcsql(['query', '--demo', bad]);
    const stdin = await jcsql(['query', '--demo'], { stdin: bad });
    expect(argument.code).toBe(EXIT.queryFailed);
    expect(argument.stderr).toMatch(/column "nme" does not exist \(line \d+, column 8\)/);
    expect(argument.stderr).toBe(stdin.stderr);
  });

  it('still takes a mistyped flag for one, and a flag value for a value', async () => {
    const typo = await jcsql(['query', '--demo', '--outptu', 'csv', 'select 1']);
    expect(typo.code).toBe(EXIT.badInput);
    expect(typo.stderr).toMatch(/^error: unknown option '--outptu'/);
    const where = await jcsql(['export', 'jumpcloud_user', '--demo', '--where', '-- x']);
    expect(where.code).toBe(EXIT.badInput);
    expect(where.stderr).toMatch(/--where/);
  });
});

describe('--separator', () => {
  it('refuses more than one character with one line, instead of keeping only the first', async () => {
    for (const separator of [',,', '||', ';;']) {
      const run = await jcsql([
        'query',
        '--demo',
        '--output',
        'csv',
        '--separator',
        separator,
        'select 1 a, 2 b',
      ]);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'Error: the csv separator must be one character, got 2. Pass a single character, e.g. --separator ";" or --separator "|"\n',
      );
      expect(run.code).toBe(EXIT.badInput);
    }
  });
});

describe('API keys that cannot be right', () => {
  const KEY = 'SENTINEL_KEY_0a1b2c3d4e5f';
  const spc = (lines: string) =>
    writeConfig(
      `connection "jumpcloud" {\n  plugin  = "jumpcloud"\n${lines}\n  api_url = "http://127.0.0.1:9"\n}\n`,
    );

  it('refuses a key with a line break or a control character at once, saying where it came from', async () => {
    for (const [broken, problem] of [
      [`${KEY}\nsecond line`, 'contains a line break'],
      [`${KEY}\tx`, 'contains a control character'],
    ] as const) {
      const fromEnv = await jcsql(['query', 'select 1'], { env: { JUMPCLOUD_API_KEY: broken } });
      expect(fromEnv.stderr).toBe(
        `Error: The API key in JUMPCLOUD_API_KEY ${problem}. Set JUMPCLOUD_API_KEY to the key alone, on one line\n`,
      );
      expect(fromEnv.code).toBe(EXIT.badInput);
      const escaped = broken.replace('\n', '\\n').replace('\t', '\\t');
      const dir = spc(`  api_key = "${escaped}"`);
      const fromFile = await jcsql(['query', '--config-dir', dir, 'select 1']);
      expect(fromFile.stderr).toBe(
        `Error: Error in ${join(dir, 'jumpcloud.spc')} line 3: api_key in connection "jumpcloud" ${problem}\n`,
      );
      expect(fromFile.code).toBe(EXIT.badInput);
    }
  });

  it('never echoes a key pasted into region, and names the regions instead', async () => {
    const run = await jcsql(['query', '--config-dir', spc(`  region = "${KEY}"`), 'select 1']);
    expect(run.stderr).toMatch(/region in connection "jumpcloud" must be one of us, eu, in\n$/);
    expect(run.stderr).not.toContain(KEY.slice(0, 12));
    expect(run.code).toBe(EXIT.badInput);
  });
});

describe('an unknown .spc attribute', () => {
  it('is warned about with the nearest known name, before the error for the missing key', async () => {
    const dir = writeConfig('connection "jumpcloud" {\n  plugin = "jumpcloud"\n  apikey = "k-0123"\n}\n');
    const run = await jcsql(['query', '--config-dir', dir, 'select 1 from jumpcloud_user']);
    const spc = join(dir, 'jumpcloud.spc');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^Warning: ${spc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 3: unknown attribute "apikey" in connection "jumpcloud" is ignored \\(did you mean api_key\\? known: `,
      ),
    );
    expect(lines[1]).toBe(
      `Error: No JumpCloud API key for connection 'jumpcloud'. Set JUMPCLOUD_API_KEY or api_key in ${spc}.`,
    );
    expect(run.stderr).not.toContain('k-0123');
    expect(run.code).toBe(EXIT.badInput);
  });
});

describe('invalid UTF-8 in an argument', () => {
  /** The built CLI with these arguments, each given to bash's printf so raw bytes reach jcsql. */
  const run = (...printfArgs: string[]) =>
    spawnSync(
      'bash',
      [
        '-c',
        `exec node "$0" ${printfArgs.map((_, index) => `"$(printf '%b' "\${${index + 1}}")"`).join(' ')}`,
        MAIN,
        ...printfArgs,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, JCSQL_HOME: testHome(), HOME: testHome() },
        timeout: 60_000,
      },
    );

  it('is refused with one line naming the argument, before anything runs', () => {
    const bad = run('query', '--demo', '--output', 'csv', "select 'caf\\xe9' as x");
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(
      'Error: argument 5 is not valid UTF-8. Give it in UTF-8 (e.g. convert a Latin-1 value with iconv -f latin1 -t utf-8), or put the SQL in a UTF-8 .sql file\n',
    );
    expect(bad.status).toBe(EXIT.badInput);
    const flag = run('query', '--demo', '--output', '\\xffcsv', 'select 1');
    expect(flag.stderr).toMatch(/^Error: argument 4 is not valid UTF-8\./);
  });

  it('lets valid UTF-8 through, a real U+FFFD included', () => {
    const good = run('query', '--demo', '--output', 'csv', "select 'caf\\xc3\\xa9 \\xef\\xbf\\xbd' as x");
    expect(good.stderr).toBe('');
    expect(good.stdout).toBe('x\ncaf\u00e9 \ufffd\n');
    expect(good.status).toBe(0);
  });

  it('is taken to be any argument holding U+FFFD where there is no /proc to read', () => {
    expect(invalidUtf8Argument(['query', 'select 1'], undefined)).toBeUndefined();
    expect(invalidUtf8Argument(['query', '--demo', 'select \ufffd'], undefined)?.message).toBe(
      'argument 3 is not valid UTF-8',
    );
  });
});

describe('a damaged cached Postgres cluster', () => {
  it('is rebuilt once, with one line saying so, and the query answers', () => {
    const home = makeTempDir('jcsql-damaged-cache-');
    const query = () =>
      spawnSync(
        'node',
        [MAIN, 'query', '--demo', '--output', 'csv', 'select count(*) as n from jumpcloud_user'],
        {
          encoding: 'utf8',
          env: { ...process.env, JCSQL_HOME: home, HOME: home },
          timeout: 120_000,
        },
      );
    // An earlier jcsql's template (another layout): removed once this one builds its own.
    const outdated = join(home, 'cache', 'pglite-0.5.14-3', 'template');
    mkdirSync(outdated, { recursive: true });
    const first = query();
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^n\n[1-9]\d*\n$/);
    expect(existsSync(outdated)).toBe(false);
    // What a crash while a template was written leaves: a cut tar, which PGlite cannot open.
    // Every template is cut (--demo's extends public's): the one the engine opens is rebuilt.
    const caches = readdirSync(join(home, 'cache')).filter((name) => name.startsWith('pglite-'));
    expect(caches).toHaveLength(2);
    for (const cache of caches) {
      const tar = join(home, 'cache', cache, 'template.tar');
      truncateSync(tar, statSync(tar).size / 2);
    }

    const repaired = query();
    const rebuilt = /^Warning: the cached Postgres engine in (.+) was damaged and has been rebuilt\n$/.exec(
      repaired.stderr,
    )?.[1];
    expect(caches.map((cache) => join(home, 'cache', cache))).toContain(rebuilt);
    expect(repaired.stdout).toBe(first.stdout);
    expect(repaired.status).toBe(0);
    const next = query();
    expect(next.stderr).toBe('');
    expect(next.stdout).toBe(first.stdout);
    expect(next.status).toBe(0);
  }, 300_000);
});
