import type { Benchmark, Catalog, CheckItem } from './model.js';

/** docs/check-controls.md: every built-in benchmark and control, from its file (what, why, how to fix, SQL). */
export function controlsMarkdown(catalog: Catalog, root: string): string {
  const out = [
    '# Built-in controls',
    '',
    '<!-- Generated from controls/jumpcloud/*.yaml by test/check/docs.test.ts (JCSQL_UPDATE_DOCS=1 rewrites it). -->',
    '',
    'The `jumpcloud` benchmark that `jcsql check` runs by default. Each control says what it checks and why',
    '(description), how to fix an alarm (remediation) and its SQL. See [check.md](check.md) for the format.',
    '',
  ];
  const seen = new Set<string>();
  const walk = (item: CheckItem, depth: number) => {
    if (seen.has(item.id)) return;
    seen.add(item.id);
    if (item.kind === 'benchmark') {
      out.push(`${'#'.repeat(Math.min(depth + 2, 4))} ${item.title} (\`${item.id}\`)`, '');
      if (item.description) out.push(item.description, '');
      for (const child of (item as Benchmark).children) walk(catalog.items.get(child)!, depth + 1);
      return;
    }
    const tags = Object.entries(item.tags)
      .map(([k, v]) => `\`${k}=${v}\``)
      .join(' ');
    out.push(
      `#### \`${item.id}\`: ${item.title}`,
      '',
      `Severity **${item.severity}**; tags ${tags || 'none'}; dialect \`${item.dialect}\`.`,
      '',
      `**What and why.** ${item.description}`,
      '',
      `**How to fix.** ${item.remediation}`,
      '',
      '```sql',
      item.sql,
      '```',
      '',
    );
  };
  walk(catalog.items.get(root)!, 0);
  return `${out.join('\n').trimEnd()}\n`;
}
