import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tables } from '../../src/tables/index.js';
import { jcsql } from '../helpers/cli.js';
import { testHome } from '../helpers/engine.js';

/** What `jcsql __complete` offers for the words after `jcsql` (the last one being typed). */
async function candidates(words: string[], env: Record<string, string> = {}): Promise<string[]> {
  const run = await jcsql(['__complete', '--', ...words], { env });
  expect(run.code).toBe(0);
  return run.stdout.split('\n').filter(Boolean);
}

describe('shell completion', () => {
  it('offers commands, options, option values and table names', async () => {
    expect(await candidates(['q'])).toEqual(['query']);
    expect(await candidates(['query', '--ou'])).toEqual(['--output']);
    expect(await candidates(['query', '--output', ''])).toEqual(['table', 'json', 'csv', 'line']);
    expect(await candidates(['query', '--engine', 's'])).toEqual(['sqlite']);
    expect(await candidates(['demo', ''])).toEqual(['serve']);
    expect(await candidates(['completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(await candidates(['export', '--demo', 'jumpcloud_user'])).toEqual(
      tables.map((table) => table.name).filter((name) => name.startsWith('jumpcloud_user')),
    );
    // A query's argument is SQL or a file: nothing, so the shell completes file names.
    expect(await candidates(['query', ''])).toEqual([]);
  });

  it('offers the configured connections and aggregators for --connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jcsql-completion-'));
    writeFileSync(
      join(dir, 'jumpcloud.spc'),
      'connection "jc_prod" {\n  plugin = "jumpcloud"\n}\nconnection "jc_all" {\n  type = "aggregator"\n  plugin = "jumpcloud"\n  connections = ["jc_*"]\n}\n',
      { mode: 0o600 },
    );
    expect(await candidates(['query', '--connection', 'jc'], { JCSQL_CONFIG_DIR: dir })).toEqual([
      'jc_prod',
      'jc_all',
    ]);
  });

  it('works in a real bash: the script asks jcsql, and bash offers what it answers', () => {
    // `jcsql` on the PATH, as an installed one is.
    const bin = mkdtempSync(join(tmpdir(), 'jcsql-bin-'));
    const main = resolve('dist/cli/main.js');
    writeFileSync(join(bin, 'jcsql'), `#!/bin/sh\nexec "${process.execPath}" "${main}" "$@"\n`);
    chmodSync(join(bin, 'jcsql'), 0o755);
    const offered = (line: string) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source <(jcsql completion bash); COMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _jcsql_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        {
          env: { PATH: `${bin}:${process.env.PATH}`, HOME: testHome(), JCSQL_HOME: testHome() },
          encoding: 'utf8',
        },
      )
        .split('\n')
        .filter(Boolean);
    expect(offered('jcsql query --output j')).toEqual(['json']);
    expect(offered('jcsql tables jumpcloud_organ')).toEqual(['jumpcloud_organization']);
    expect(offered('jcsql se')).toEqual(['serve']);
  });
});
