import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { jcsql } from '../helpers/cli.js';
import { testHome } from '../helpers/engine.js';
import { col, render } from './capture.js';

const MAIN = join(import.meta.dirname, '../../dist/cli/main.js');
const BIG = '9007199254740993'; // 2^53 + 1: a double reads it as …992
const LONG_DECIMAL = '3.14159265358979323846264338327950288';

describe('exact numbers', () => {
  it('keeps every digit of jsonb numbers on Postgres, in json and csv', async () => {
    const sql = `select '{"n": ${BIG}, "d": ${LONG_DECIMAL}, "small": 1.5}'::jsonb as j, ${BIG}::bigint as b`;
    const json = await jcsql(['query', '--demo', '--output', 'json', sql]);
    expect(json.stderr).toBe('');
    expect(json.stdout).toContain(`"n": ${BIG}`);
    expect(json.stdout).toContain(`"d": ${LONG_DECIMAL}`);
    expect(json.stdout).toContain('"small": 1.5');
    expect(json.stdout).toContain(`"b": ${BIG}`);
    const csv = await jcsql(['query', '--demo', '--output', 'csv', sql]);
    expect(csv.stdout).toContain(`""n"":${BIG}`);
    expect(csv.stdout).toContain(`,${BIG}\n`);
  });

  it('keeps every digit of integers past 2^53 on SQLite, in every format', async () => {
    const sql = `select ${BIG} as b, cast('-${BIG}' as integer) as negative, 7 as small`;
    const csv = await jcsql(['query', '--demo', '--engine', 'sqlite', '--output', 'csv', sql]);
    expect(csv.stdout).toBe(`b,negative,small\n${BIG},-${BIG},7\n`);
    const json = await jcsql(['query', '--demo', '--engine', 'sqlite', '--output', 'json', sql]);
    expect(json.stdout).toContain(`"b": ${BIG}`);
    expect(json.stdout).toContain(`"negative": -${BIG}`);
    const line = await jcsql(['query', '--demo', '--engine', 'sqlite', '--output', 'line', sql]);
    expect(line.stdout).toContain('9,007,199,254,740,993');
  });
});

describe('infinite dates', () => {
  it("prints Postgres's infinity and -infinity, not Invalid Date", async () => {
    const sql =
      "select 'infinity'::timestamptz as a, '-infinity'::timestamptz as b, 'infinity'::timestamp as c, '-infinity'::date as d";
    for (const format of ['csv', 'json', 'table', 'line']) {
      const run = await jcsql(['query', '--demo', '--output', format, sql]);
      expect(run.stdout, format).not.toContain('Invalid');
      expect(run.stdout, format).toContain('-infinity');
    }
    const csv = await jcsql(['query', '--demo', '--output', 'csv', sql]);
    expect(csv.stdout).toBe('a,b,c,d\ninfinity,-infinity,infinity,-infinity\n');
  });
});

describe('control characters', () => {
  const hostile = { columns: [col('name', 'text')], rows: [['a\x1b]0;owned\x07b\x9bc\td\ne']] };

  it('are escaped in csv, line and json on a terminal', () => {
    expect(render(hostile, 'csv', { terminal: true })).toBe('name\n"a\\x1b]0;owned\\x07b\\x9bc\td\ne"\n');
    const line = render(hostile, 'line', { terminal: true });
    expect(line).toContain('a\\x1b]0;owned\\x07b\\x9bc\td');
    expect(line).not.toMatch(/[\x1b\x07\x9b]/);
    const json = render(hostile, 'json', { terminal: true });
    expect(json).toContain('"name": "a\\u001b]0;owned\\u0007b\\u009bc\\td\\ne"');
    expect(JSON.parse(json).rows[0].name).toBe(hostile.rows[0]![0]);
  });

  it('are kept byte for byte in a pipe or a file', () => {
    expect(render(hostile, 'csv')).toBe('name\n"a\x1b]0;owned\x07b\x9bc\td\ne"\n');
    expect(render(hostile, 'line')).toContain('a\x1b]0;owned\x07b\x9bc\td');
  });

  it('reach a terminal escaped from jcsql query', async () => {
    const sql = "select 'x' || chr(27) || '[2J' || chr(7) as v";
    const tty = await jcsql(['query', '--demo', '--output', 'line', sql], { stdoutIsTTY: true });
    expect(tty.stdout).toContain('x\\x1b[2J\\x07');
    const piped = await jcsql(['query', '--demo', '--output', 'line', sql]);
    expect(piped.stdout).toContain('x\x1b[2J\x07');
  });
});

describe('output that cannot be written', () => {
  const env = { ...process.env, JCSQL_HOME: testHome() };

  it('to a full disk: one line, exit 1', () => {
    for (const args of [['tables'], ['--help'], ['query', '--demo', '--output', 'csv', 'select 1 as one']]) {
      const run = spawnSync(
        'sh',
        ['-c', `exec node "${MAIN}" ${args.map((arg) => `'${arg}'`).join(' ')} > /dev/full`],
        { env, encoding: 'utf8' },
      );
      expect(run.stderr, args.join(' ')).toBe(
        'Error: cannot write to stdout: no space left on device (ENOSPC)\n',
      );
      expect(run.status, args.join(' ')).toBe(EXIT.failed);
    }
  });

  it('to a closed pipe: quietly, with the exit code of a process SIGPIPE ends', () => {
    const run = spawnSync(
      'bash',
      [
        '-c',
        `node "${MAIN}" query --demo --output csv 'select * from generate_series(1, 300000)' | head -1; echo "status=\${PIPESTATUS[0]}"`,
      ],
      { env, encoding: 'utf8' },
    );
    expect(run.stdout).toBe('generate_series\nstatus=141\n');
    expect(run.stderr).toBe('');
  });
});
