import { hostname } from 'node:os';
import { JCSQL_VERSION } from '../version.js';
import {
  type CheckItem,
  type CheckRun,
  type Control,
  type ControlOutcome,
  STATUSES,
  type Status,
  summarise,
} from './model.js';

export const CHECK_FORMATS = ['text', 'json', 'csv', 'junit', 'html'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** The version of the JSON shape (docs/check.schema.json); raised on any incompatible change. */
export const JSON_SCHEMA_VERSION = 1;

export function render(run: CheckRun, format: CheckFormat, options: { colour?: boolean } = {}): string {
  switch (format) {
    case 'text':
      return renderText(run, options.colour === true);
    case 'json':
      return `${JSON.stringify(toJson(run), null, 2)}\n`;
    case 'csv':
      return renderCsv(run);
    case 'junit':
      return renderJunit(run);
    case 'html':
      return renderHtml(run);
  }
}

/** The format an `--export` file gets from its extension. */
export function formatOfFile(path: string): CheckFormat | undefined {
  const ext = path.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  return ext === 'json'
    ? 'json'
    : ext === 'csv'
      ? 'csv'
      : ext === 'xml'
        ? 'junit'
        : ext === 'html' || ext === 'htm'
          ? 'html'
          : ext === 'txt'
            ? 'text'
            : undefined;
}

const outcomeById = (run: CheckRun) => new Map(run.outcomes.map((o) => [o.control.id, o]));

// ---------- text ----------
const COLOURS: Record<Status, string> = { ok: '32', alarm: '31', info: '36', skip: '90', error: '35' };

function renderText(run: CheckRun, colour: boolean): string {
  const paint = (status: Status, text: string) => (colour ? `\x1b[${COLOURS[status]}m${text}\x1b[0m` : text);
  const counts = (outcomes: ControlOutcome[]) => {
    const s = summarise(outcomes);
    return (
      STATUSES.filter((st) => s[st] > 0)
        .map((st) => paint(st, `${st} ${s[st]}`))
        .join(', ') || 'no rows'
    );
  };
  const byId = outcomeById(run);
  const lines: string[] = [];
  const under = (item: CheckItem): ControlOutcome[] => {
    if (item.kind === 'control') return byId.has(item.id) ? [byId.get(item.id)!] : [];
    return item.children.flatMap((child) => under(run.catalog.items.get(child)!));
  };
  const walk = (item: CheckItem, depth: number, seen: Set<string>) => {
    const outcomes = under(item);
    if (outcomes.length === 0) return;
    const pad = '  '.repeat(depth);
    if (item.kind === 'benchmark') {
      lines.push(`${pad}${item.title} [${item.id}]: ${counts(outcomes)}`);
      for (const child of item.children) walk(run.catalog.items.get(child)!, depth + 1, seen);
      return;
    }
    if (seen.has(item.id)) return;
    seen.add(item.id);
    const outcome = outcomes[0]!;
    lines.push(`${pad}${item.title} [${item.id}, ${item.severity}]: ${counts(outcomes)}`);
    for (const error of outcome.errors)
      lines.push(`${pad}  ${paint('error', 'ERROR')} ${error.connection}: ${error.message}`);
    for (const row of outcome.rows)
      if (row.status === 'alarm')
        lines.push(
          `${pad}  ${paint('alarm', 'ALARM')} ${run.connections.length > 1 ? `${row.connection}: ` : ''}${row.reason}`,
        );
  };
  const seen = new Set<string>();
  for (const root of run.roots) walk(run.catalog.items.get(root)!, 0, seen);
  const s = summarise(run.outcomes);
  lines.push('');
  lines.push(
    `Summary: ${run.outcomes.length} control${run.outcomes.length === 1 ? '' : 's'} on ${run.connections.join(', ')}; ${STATUSES.map((st) => paint(st, `${st} ${s[st]}`)).join(', ')}; ${run.apiCalls} API calls`,
  );
  return `${lines.join('\n')}\n`;
}

// ---------- json ----------
export function toJson(run: CheckRun) {
  const ids = new Set(run.outcomes.map((o) => o.control.id));
  const benchmarks: Array<Record<string, unknown>> = [];
  const visit = (id: string) => {
    const item = run.catalog.items.get(id)!;
    if (item.kind !== 'benchmark' || benchmarks.some((b) => b.id === id)) return;
    benchmarks.push({
      id,
      title: item.title,
      description: item.description,
      tags: item.tags,
      children: item.children.filter((c) => ids.has(c) || run.catalog.items.get(c)?.kind === 'benchmark'),
    });
    item.children.forEach(visit);
  };
  run.roots.forEach(visit);
  return {
    schema_version: JSON_SCHEMA_VERSION,
    tool: { name: 'jcsql', version: JCSQL_VERSION },
    started_at: run.startedAt.toISOString(),
    duration_ms: Math.round(run.durationMs),
    connections: run.connections,
    api_calls: run.apiCalls,
    roots: run.roots,
    summary: summarise(run.outcomes),
    benchmarks,
    controls: run.outcomes.map((o) => ({
      id: o.control.id,
      title: o.control.title,
      description: o.control.description,
      severity: o.control.severity,
      tags: o.control.tags,
      remediation: o.control.remediation,
      dialect: o.control.dialect,
      summary: summarise([o]),
      results: o.rows.map((r) => ({
        connection: r.connection,
        resource: r.resource,
        status: r.status,
        reason: r.reason,
        dimensions: r.dimensions,
      })),
      errors: o.errors,
    })),
  };
}

// ---------- csv ----------
const csvField = (value: string | null | undefined) => {
  const text = value ?? '';
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

function renderCsv(run: CheckRun): string {
  const header = [
    'control_id',
    'control_title',
    'severity',
    'connection',
    'resource',
    'status',
    'reason',
    'dimensions',
  ];
  const lines = [header.join(',')];
  for (const o of run.outcomes) {
    const base = [o.control.id, o.control.title, o.control.severity];
    for (const r of o.rows)
      lines.push(
        [...base, r.connection, r.resource, r.status, r.reason, JSON.stringify(r.dimensions)]
          .map(csvField)
          .join(','),
      );
    for (const e of o.errors)
      lines.push([...base, e.connection, '', 'error', e.message, '{}'].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

// ---------- junit ----------
const xml = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(
      /[<>&"']/g,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
    );

/**
 * JUnit XML in the Apache Ant schema: one testsuite per control, one testcase per resource
 * (alarm → failure, skip → skipped, info/ok → passed) and one errored testcase per failed run.
 */
function renderJunit(run: CheckRun): string {
  const timestamp = run.startedAt.toISOString().slice(0, 19);
  const host = xml(hostname() || 'localhost');
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>'];
  run.outcomes.forEach((o, index) => {
    const s = summarise([o]);
    const tests = o.rows.length + o.errors.length;
    const time = (o.durationMs / 1000).toFixed(3);
    out.push(
      `  <testsuite package="jcsql.check" id="${index}" name="${xml(o.control.id)}" timestamp="${timestamp}" hostname="${host}" tests="${tests}" failures="${s.alarm}" errors="${s.error}" skipped="${s.skip}" time="${time}">`,
    );
    out.push('    <properties>');
    out.push(`      <property name="title" value="${xml(o.control.title)}"/>`);
    out.push(`      <property name="severity" value="${o.control.severity}"/>`);
    for (const [k, v] of Object.entries(o.control.tags))
      out.push(`      <property name="tag.${xml(k)}" value="${xml(v)}"/>`);
    out.push('    </properties>');
    for (const r of o.rows) {
      const name = xml(`${r.resource} (${r.connection})`);
      const open = `    <testcase classname="${xml(o.control.id)}" name="${name}" time="0"`;
      if (r.status === 'alarm')
        out.push(
          `${open}>`,
          `      <failure type="alarm" message="${xml(r.reason)}">${xml(r.reason)}</failure>`,
          '    </testcase>',
        );
      else if (r.status === 'skip') out.push(`${open}>`, '      <skipped/>', '    </testcase>');
      else out.push(`${open}/>`);
    }
    for (const e of o.errors)
      out.push(
        `    <testcase classname="${xml(o.control.id)}" name="${xml(`error (${e.connection})`)}" time="0">`,
        `      <error type="error" message="${xml(e.message)}">${xml(e.message)}</error>`,
        '    </testcase>',
      );
    const info = o.rows
      .filter((r) => r.status === 'info')
      .map((r) => `info: ${r.resource} (${r.connection}): ${r.reason}`);
    out.push(
      `    <system-out>${xml(info.join('\n'))}</system-out>`,
      '    <system-err></system-err>',
      '  </testsuite>',
    );
  });
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

// ---------- html ----------
const html = (text: string | null | undefined) =>
  (text ?? '').replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const CSS = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}
.summary{display:flex;gap:12px;margin:12px 0}.count{padding:8px 14px;border-radius:6px;color:#fff;min-width:70px;text-align:center}
.count b{display:block;font-size:22px}.ok{background:#2e7d32}.alarm{background:#c62828}.info{background:#0277bd}.skip{background:#757575}.error{background:#6a1b9a}
.bar{display:flex;height:14px;border-radius:4px;overflow:hidden;margin-bottom:16px}
.controls-filter{margin:12px 0}section.control{border:1px solid #ddd;border-radius:6px;padding:8px 12px;margin:12px 0}
section.control h2{font-size:16px;margin:4px 0}.meta{color:#555;font-size:12px}
table{border-collapse:collapse;width:100%;margin-top:6px}td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;font-size:13px;vertical-align:top}
td.status{font-weight:bold}td.status.ok{color:#2e7d32;background:none}td.status.alarm{color:#c62828;background:none}td.status.info{color:#0277bd;background:none}td.status.skip{color:#757575;background:none}
input.filter{width:320px;padding:3px}`;

/** Filters each control's table by its text box and status menu, and hides rows of unticked statuses everywhere. */
const SCRIPT = `(function(){
function apply(section){var box=section.querySelector('input.filter');var sel=section.querySelector('select.status');
var text=box.value.toLowerCase();var status=sel.value;var shown=0;
section.querySelectorAll('tbody tr').forEach(function(tr){var ok=(status===''||tr.dataset.status===status)&&tr.textContent.toLowerCase().indexOf(text)>=0;tr.hidden=!ok;if(ok)shown++;});
section.querySelector('.shown').textContent=String(shown);}
document.querySelectorAll('section.control').forEach(function(section){
section.querySelector('input.filter').addEventListener('input',function(){apply(section);});
section.querySelector('select.status').addEventListener('change',function(){apply(section);});apply(section);});
var all=document.getElementById('control-filter');all.addEventListener('input',function(){var t=all.value.toLowerCase();
document.querySelectorAll('section.control').forEach(function(s){s.hidden=s.dataset.search.indexOf(t)<0;});});
})();`;

function renderHtml(run: CheckRun): string {
  const s = summarise(run.outcomes);
  const total = STATUSES.reduce((n, st) => n + s[st], 0) || 1;
  const counts = STATUSES.map(
    (st) => `<div class="count ${st}" data-status="${st}"><b>${s[st]}</b>${st}</div>`,
  ).join('');
  const bar = STATUSES.filter((st) => s[st] > 0)
    .map(
      (st) =>
        `<div class="${st}" style="width:${((100 * s[st]) / total).toFixed(2)}%" title="${st} ${s[st]}"></div>`,
    )
    .join('');
  const sections = run.outcomes.map((o) => controlSection(o.control, o)).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>jcsql check: ${html(run.roots.join(', '))}</title><style>${CSS}</style></head>
<body><h1>jcsql check: ${html(run.roots.join(', '))}</h1>
<p class="meta">${run.outcomes.length} controls on ${html(run.connections.join(', '))}, ${html(run.startedAt.toISOString())}, jcsql ${JCSQL_VERSION}</p>
<div class="summary" id="summary">${counts}</div><div class="bar">${bar}</div>
<div class="controls-filter">Find a control: <input id="control-filter" class="filter" type="search" placeholder="id, title or tag"></div>
${sections}
<script>${SCRIPT}</script></body></html>
`;
}

function controlSection(control: Control, o: ControlOutcome): string {
  const s = summarise([o]);
  const dims = [...new Set(o.rows.flatMap((r) => Object.keys(r.dimensions)))];
  const head = ['status', 'resource', 'reason', 'connection', ...dims]
    .map((h) => `<th>${html(h)}</th>`)
    .join('');
  const rows = o.rows
    .map(
      (r) =>
        `<tr data-status="${r.status}"><td class="status ${r.status}">${r.status}</td><td>${html(r.resource)}</td><td>${html(r.reason)}</td><td>${html(r.connection)}</td>${dims.map((d) => `<td>${html(r.dimensions[d])}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const errors = o.errors
    .map((e) => `<p class="error-line">error on ${html(e.connection)}: ${html(e.message)}</p>`)
    .join('');
  const tags = Object.entries(control.tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const search = `${control.id} ${control.title} ${tags} severity=${control.severity}`.toLowerCase();
  const options = ['', ...STATUSES.filter((st) => st !== 'error')]
    .map((st) => `<option value="${st}">${st || 'all statuses'}</option>`)
    .join('');
  return `<section class="control" id="control-${html(control.id)}" data-search="${html(search)}">
<h2>${html(control.title)} <span class="meta">[${html(control.id)}, ${control.severity}]</span></h2>
<p class="meta">${html(control.description)}<br>Fix: ${html(control.remediation)}<br>${html(tags)}</p>
<p class="meta">${STATUSES.map((st) => `${st} ${s[st]}`).join(', ')}; showing <span class="shown">${o.rows.length}</span></p>${errors}
<div><input class="filter" type="search" placeholder="filter rows"> <select class="status">${options}</select></div>
<table><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table></section>`;
}
