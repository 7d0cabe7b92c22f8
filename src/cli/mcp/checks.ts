import type { Catalog, CheckRun, Control, RowStatus } from '../../check/model.js';
import { toJson } from '../../check/report.js';
import { selectControls } from '../../check/select.js';

/** The arguments `list_checks` and `run_check` share: what `jcsql check [ids] --where …` selects, then a word. */
export interface CheckSelection {
  ids?: string[] | undefined;
  where?: string | undefined;
  filter?: string | undefined;
}

/** Where an unknown id's message sends the assistant. */
const LISTED_BY = 'list_checks';

/** The selected roots and controls; `filter` keeps the controls whose id, title, description or a tag holds the word. */
export function selectChecks(catalog: Catalog, selection: CheckSelection) {
  const { roots, controls } = selectControls(catalog, selection.ids ?? [], selection.where, LISTED_BY);
  const word = selection.filter?.trim().toLowerCase() ?? '';
  const holdsWord = (control: Control) =>
    [control.id, control.title, control.description, ...Object.values(control.tags)].some((text) =>
      text.toLowerCase().includes(word),
    );
  return { roots, controls: word === '' ? controls : controls.filter(holdsWord) };
}

/** What `list_checks` answers: the selected controls, and the benchmarks that hold them. */
export function listChecks(catalog: Catalog, selection: CheckSelection, includeSql: boolean) {
  const { roots, controls } = selectChecks(catalog, selection);
  const selected = new Set(controls.map((control) => control.id));
  const holds = new Map<string, boolean>();
  const holdsSelected = (id: string): boolean => {
    const item = catalog.items.get(id)!;
    if (item.kind === 'control') return selected.has(id);
    let answer = holds.get(id);
    if (answer === undefined) {
      answer = item.children.map(holdsSelected).some(Boolean);
      holds.set(id, answer);
    }
    return answer;
  };
  const benchmarks: Array<Record<string, unknown>> = [];
  const visit = (id: string) => {
    const item = catalog.items.get(id)!;
    if (item.kind !== 'benchmark' || !holdsSelected(id) || benchmarks.some((b) => b.id === id)) return;
    benchmarks.push({
      id,
      title: item.title,
      description: item.description,
      tags: item.tags,
      children: item.children.filter(holdsSelected),
    });
    item.children.forEach(visit);
  };
  roots.forEach(visit);
  return {
    roots: roots.filter(holdsSelected),
    benchmarks,
    controls: controls.map((control) => ({
      id: control.id,
      title: control.title,
      severity: control.severity,
      tags: control.tags,
      dialect: control.dialect,
      description: control.description,
      ...(includeSql && { sql: control.sql }),
    })),
    count: controls.length,
  };
}

/**
 * A run as `jcsql check --output json` reports it, its result rows cut to `maxResults`: of the
 * rows of the statuses asked for (all by default), alarms are kept first, then the others, each
 * control's rows in their order. Summaries and errors are always whole.
 */
export function cappedReport(run: CheckRun, maxResults: number, statuses: readonly RowStatus[] | undefined) {
  const report = toJson(run);
  const wanted = (status: RowStatus) => !statuses || statuses.includes(status);
  const rows = report.controls.flatMap((control) => control.results);
  const asked = rows.filter((row) => wanted(row.status));
  const alarmsFirst = [
    ...asked.filter((row) => row.status === 'alarm'),
    ...asked.filter((row) => row.status !== 'alarm'),
  ];
  const returned = new Set(alarmsFirst.slice(0, maxResults));
  for (const control of report.controls) control.results = control.results.filter((row) => returned.has(row));
  const truncated = returned.size < asked.length;
  return {
    truncated,
    results_total: rows.length,
    results_returned: returned.size,
    ...(truncated && {
      note: `Only ${returned.size} of the ${asked.length} result rows${statuses ? ` of status ${statuses.join(', ')}` : ''} are returned (max_results), alarms first; each summary counts every row. ${statuses ? 'Raise max_results' : 'Ask for statuses ["alarm"]'}, or run fewer controls (ids, where, filter).`,
    }),
    report,
  };
}
