import { describe, expect, it } from 'vitest';
import { redact, secretsIn, syntaxError } from '../../src/config/diagnostics.js';
import { findAttributeLine, findBlock, scanText } from '../../src/config/positions.js';

const SENTINEL = 'SENTINEL_KEY_9f8e7d6c5b4a';

describe('redaction of parser messages', () => {
  it('collects api_key values, their quoted pieces and heredoc bodies', () => {
    const text = `connection "a" {\n  api_key = "${SENTINEL}" "tail"\n}\nconnection "b" { api_key = <<EOT\nHEREDOC_SECRET\nEOT\n}\n# org_id = "not-a-secret"`;
    const secrets = secretsIn(text);
    expect(secrets).toContain(SENTINEL);
    expect(secrets).toContain('tail');
    expect(secrets).toContain('HEREDOC_SECRET');
    expect(secrets.join(' ')).not.toContain('not-a-secret');
  });

  it('removes a secret quoted whole or in part, and keeps other quotes', () => {
    const secrets = [`"${SENTINEL}"`, SENTINEL];
    const message = `Bad line: api_key = "${SENTINEL}"; The symbol "${SENTINEL.slice(3, 9)}" is odd; argument "plugin"`;
    const cleaned = redact(message, secrets);
    expect(cleaned).not.toContain(SENTINEL.slice(3, 9));
    expect(cleaned).toContain('"plugin"');
  });

  it('turns an hcl2json error into file, line and column, redacted', () => {
    const file = '/x/jumpcloud.spc';
    const thrown = new Error(
      `parse config: [${file}:2,13-3,1: Invalid thing; The value "${SENTINEL}" is bad. ${file}:4,1-2: Second; other.]`,
    );
    const error = syntaxError(file, thrown, [SENTINEL]);
    expect(error.message).toBe(
      `Error in ${file} line 2, column 13: Invalid thing; The value "<redacted>" is bad`,
    );
    expect(error.cause).toBeUndefined();
  });

  it('falls back to the file alone for a message it cannot read', () => {
    const error = syntaxError('/x/a.spc', `boom ${SENTINEL}`, [SENTINEL]);
    expect(error.message).toBe('Error in /x/a.spc: boom <redacted>');
  });
});

describe('line finding', () => {
  const text = [
    'workspace "default" {', // 1
    '  options "query" {', // 2
    '    cache = true', // 3
    '  }', // 4
    '  cache = false', // 5
    '}', // 6
    '# options "query" {', // 7
    'options "query" {', // 8
    '  # cache = 1', // 9
    '  description = "a { brace" # }', // 10
    '  cache = 2', // 11
    '}', // 12
    'connection "x" { cache = 3 }', // 13
  ].join('\n');
  const scanned = scanText(text);

  it('finds top-level blocks only, past comments and braces in strings', () => {
    expect(findBlock(scanned, 'options', 'query')).toEqual({ start: 8, end: 12 });
    expect(findBlock(scanned, 'options', 'query', 1)).toBeUndefined();
    expect(findBlock(scanned, 'connection', 'x')).toEqual({ start: 13, end: 13 });
  });

  it('prefers direct attributes over nested ones and skips comments', () => {
    expect(findAttributeLine(scanned, { start: 1, end: 6 }, 'cache')).toBe(5);
    expect(findAttributeLine(scanned, { start: 8, end: 12 }, 'cache')).toBe(11);
    expect(findAttributeLine(scanned, { start: 13, end: 13 }, 'cache')).toBe(13);
  });
});

describe('redaction of short values', () => {
  it('leaves a message readable when the key is a single letter', () => {
    expect(redact('Unexpected token "k"', ['k'])).toBe('Unexpected token "<redacted>"');
  });
});
