import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseWhere } from '../../src/check/select.js';
import { CHECK_EXIT } from '../../src/cli/commands/check.js';
import { EXIT } from '../../src/errors.js';
import { jcsql } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/engine.js';

const addFormats = addFormatsModule.default;
const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';

describe('jcsql check --demo', () => {
  const dir = makeTempDir('jcsql-check-');
  let run: Awaited<ReturnType<typeof jcsql>>;
  beforeAll(async () => {
    run = await jcsql([
      'check',
      '--demo',
      '--output',
      'json',
      '--export',
      join(dir, 'report.xml'),
      '--export',
      join(dir, 'report.html'),
      '--export',
      join(dir, 'report.csv'),
      '--export',
      join(dir, 'report.txt'),
    ]);
  }, 120_000);

  it('exits with the alarm code, prints JSON valid against the documented schema', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(CHECK_EXIT.alarm);
    const report = JSON.parse(run.stdout);
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'check.schema.json'), 'utf8'),
    );
    const valid = ajv.validate(schema, report);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(report.controls.length).toBeGreaterThanOrEqual(40);
    expect(report.summary.alarm).toBeGreaterThan(0);
    expect(report.summary.error).toBe(0);
  });

  it('writes CSV with one row per control and resource', () => {
    const report = JSON.parse(run.stdout);
    const rows = report.controls.reduce((n: number, c: { results: unknown[] }) => n + c.results.length, 0);
    const lines = readFileSync(join(dir, 'report.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('control_id,control_title,severity,connection,resource,status,reason,dimensions');
    expect(lines).toHaveLength(rows + 1);
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toContain('Summary: ');
  });

  it('writes JUnit XML valid against the Apache Ant JUnit schema', () => {
    const file = join(dir, 'report.xml');
    // xmllint (libxml2-utils, installed by scripts/system-deps.sh) validates against the XSD; it exits non-zero on any error.
    const out = execFileSync(
      'xmllint',
      ['--noout', '--schema', join(import.meta.dirname, 'JUnit.xsd'), file],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(out).toBe('');
    const xml = readFileSync(file, 'utf8');
    const report = JSON.parse(run.stdout);
    expect(xml.match(/<failure /g)?.length).toBe(report.summary.alarm);
    expect(xml.match(/<testsuite /g)?.length).toBe(report.controls.length);
  });

  it('writes an HTML report that Chromium renders with no network and no console error, and filters', async () => {
    const file = join(dir, 'report.html');
    const report = JSON.parse(run.stdout);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`file://${file}`);
      expect(requests).toEqual([`file://${file}`]); // the document itself, nothing else
      for (const status of ['ok', 'alarm', 'info', 'skip', 'error'])
        expect(await page.textContent(`#summary .count.${status} b`)).toBe(String(report.summary[status]));
      const section = page.locator('#control-device_fde_disabled');
      const rows = section.locator('tbody tr');
      const fde = report.controls.find((c: { id: string }) => c.id === 'device_fde_disabled');
      expect(await rows.count()).toBe(fde.results.length);
      await section.locator('select.status').selectOption('alarm');
      expect(await section.locator('tbody tr:not([hidden])').count()).toBe(fde.summary.alarm);
      expect(await section.locator('.shown').textContent()).toBe(String(fde.summary.alarm));
      await page.fill('#control-filter', 'radius');
      expect(await page.locator('section.control:not([hidden])').count()).toBe(
        report.controls.filter((c: { id: string; tags: Record<string, string> }) =>
          `${c.id} ${Object.values(c.tags).join(' ')}`.includes('radius'),
        ).length,
      );
      await page.fill('#control-filter', '');
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'check-report.png'), fullPage: false });
      expect(existsSync(join(ARTIFACTS, 'check-report.png'))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('user-defined controls', () => {
  const write = (dir: string, name: string, text: string) => writeFileSync(join(dir, name), text);

  it('reports a bad file in one line naming the file, line and problem, with exit code 254 (bad input)', async () => {
    const dir = makeTempDir('jcsql-mod-');
    write(
      dir,
      'mine.yaml',
      'controls:\n  - id: my_check\n    title: Mine\n    severty: high\n    description: d\n    remediation: r\n    sql: select 1\n',
    );
    const run = await jcsql(['check', '--mod', dir, 'list']);
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toBe(
      `Error: ${join(dir, 'mine.yaml')}:4:5: unknown key 'severty' in a control (did you mean 'severity'?); known keys: id, title, description, severity, tags, remediation, dialect, sql\n`,
    );
  });

  it('reports YAML syntax errors and unknown children with their line', async () => {
    const dir = makeTempDir('jcsql-mod-');
    write(dir, 'a.yaml', 'controls:\n  - id: x\n    title: [unclosed\n');
    const syntax = await jcsql(['check', '--mod', dir, 'list']);
    expect(syntax.code).toBe(EXIT.badInput);
    expect(syntax.stderr).toMatch(new RegExp(`^Error: ${join(dir, 'a.yaml')}:\\d+:\\d+: .+\\n$`));
    write(
      dir,
      'a.yaml',
      'benchmarks:\n  - id: mine\n    title: Mine\n    children:\n      - user_mfa_not_configurd\n',
    );
    const child = await jcsql(['check', '--mod', dir, 'list']);
    expect(child.stderr).toBe(
      `Error: ${join(dir, 'a.yaml')}:5:9: benchmark 'mine' names 'user_mfa_not_configurd', which is no control or benchmark (did you mean 'user_mfa_not_configured'?)\n`,
    );
  });

  it('runs a user benchmark: an erroring control gets the error exit code and hides no other result', async () => {
    const dir = makeTempDir('jcsql-mod-');
    write(
      dir,
      'mine.yaml',
      `benchmarks:
  - id: mine
    title: My checks
    children: [my_broken, my_radius, radius_mfa_disabled]
controls:
  - id: my_broken
    title: Broken
    description: Reads a column that does not exist.
    severity: low
    remediation: none
    sql: select id as resource, 'ok' as status, nosuch as reason from jumpcloud_radius_server
  - id: my_radius
    title: RADIUS servers in SQLite
    description: Every server, as info.
    severity: low
    tags: { team: network }
    remediation: none
    dialect: sqlite
    sql: select id as resource, 'info' as status, 'server ' || name as reason, name from jumpcloud_radius_server
`,
    );
    const run = await jcsql(['check', '--demo', '--mod', dir, 'mine', '--output', 'json']);
    expect(run.code).toBe(CHECK_EXIT.error);
    expect(run.stderr).toBe('Error: 1 control run failed\n');
    const report = JSON.parse(run.stdout);
    const byId = Object.fromEntries(report.controls.map((c: { id: string }) => [c.id, c]));
    expect(byId.my_broken.errors).toEqual([
      { connection: 'demo', message: expect.stringContaining('nosuch') },
    ]);
    expect(byId.my_radius.summary.info).toBe(3);
    expect(byId.my_radius.results[0].dimensions).toEqual({ name: expect.any(String) });
    expect(byId.radius_mfa_disabled.summary.alarm).toBe(1);
  }, 60_000);

  it('lists controls filtered with --where', async () => {
    const run = await jcsql([
      'check',
      'list',
      '--where',
      "tags.category = access and severity in (high, 'critical')",
    ]);
    expect(run.code).toBe(0);
    const ids = run.stdout
      .split('\n')
      .slice(1, -3)
      .map((line) => line.split(' ')[0]);
    expect(ids).toEqual(['radius_mfa_disabled', 'radius_shared_secret_short']);
  });
});

describe('--where', () => {
  const control = {
    id: 'c',
    title: 't',
    severity: 'high',
    dialect: 'any',
    tags: { category: 'identity' },
  } as never;
  it.each([
    ['tags.severity = high', true],
    ['severity != high', false],
    ['tags.category in (devices, identity)', true],
    ['tags.category not in (identity)', false],
    ["tags.cis = 'x'", false],
    ['tags.category = identity and id = c', true],
  ])('%s → %s', (text, expected) => {
    expect(parseWhere(text)(control)).toBe(expected);
  });
  it.each([
    ['severity', "--where 'severity': after 'severity' comes =, !=, in or not in"],
    ['severty = high', "--where 'severty = high': unknown field 'severty' (did you mean 'severity'?)"],
    ['id = a or id = b', "--where 'id = a or id = b': conditions are joined with 'and', got 'or'"],
  ])('refuses %s in one line', (text, message) => {
    expect(() => parseWhere(text)).toThrow(message);
  });
});
