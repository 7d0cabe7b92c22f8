/** A constant condition on one column that the planner found in a query. */
export interface Qual {
  column: string;
  /** `=` covers IN lists too: the column equals one of `values`. */
  operator: '=' | '<>' | '<' | '<=' | '>' | '>=' | '~~' | '~~*' | '!~~' | '!~~*';
  values: unknown[];
}

/** The qual column of a JSON column's key (declared in its `pathQuals`): `initiated_by->>'username'`. */
export const pathQualColumn = (column: string, key: string): string => `${column}->>'${key}'`;

/** A stable text form, for cache keys and `--timing verbose`. */
export function qualsKey(quals: readonly Qual[]): string {
  return quals
    .map((qual) => `${qual.column} ${qual.operator} ${JSON.stringify([...qual.values].map(String).sort())}`)
    .sort()
    .join(' and ');
}

/** The values allowed by every `=` qual on a column (their intersection), or undefined if none. */
export function equalValues(quals: readonly Qual[], column: string): unknown[] | undefined {
  let values: unknown[] | undefined;
  for (const qual of quals) {
    if (qual.column !== column || qual.operator !== '=') continue;
    const these = qual.values.map(String);
    values =
      values === undefined ? [...new Set(these)] : values.filter((value) => these.includes(String(value)));
  }
  return values;
}

/** SQL LIKE / ILIKE on a string, for the connection key columns. */
export function like(value: string, pattern: string, caseInsensitive: boolean): boolean {
  return likeMatcher(pattern, caseInsensitive)(value);
}

/** A LIKE / ILIKE pattern compiled once, for testing many values against it. */
export function likeMatcher(pattern: string, caseInsensitive: boolean): (value: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += escapeRegExp(char);
  }
  const regex = new RegExp(`^${source}$`, caseInsensitive ? 'si' : 's');
  return (value) => regex.test(value);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a string value passes a qual (used to prune connections by sp_connection_name / organization_id). */
export function matchesQual(value: string | undefined, qual: Qual): boolean {
  if (value === undefined) return true; // unknown: keep the connection, the engine filters the rows
  const candidates = qual.values.map(String);
  switch (qual.operator) {
    case '=':
      return candidates.includes(value);
    case '<>':
      return !candidates.includes(value);
    case '~~':
      return candidates.some((pattern) => like(value, pattern, false));
    case '~~*':
      return candidates.some((pattern) => like(value, pattern, true));
    case '!~~':
      return !candidates.some((pattern) => like(value, pattern, false));
    case '!~~*':
      return !candidates.some((pattern) => like(value, pattern, true));
    default:
      return true;
  }
}

/**
 * The narrowest range the `>`, `>=`, `<`, `<=` quals on a timestamp column allow (ms since epoch):
 * the latest lower bound and the earliest upper bound, each with whether it is inclusive.
 */
export function timeRange(
  quals: readonly Qual[],
  column: string,
): { from?: { ms: number; inclusive: boolean }; to?: { ms: number; inclusive: boolean } } {
  const range: ReturnType<typeof timeRange> = {};
  for (const qual of quals) {
    if (qual.column !== column || qual.values.length !== 1) continue;
    const ms = Date.parse(String(qual.values[0]));
    if (Number.isNaN(ms)) continue;
    if (qual.operator === '>' || qual.operator === '>=') {
      const inclusive = qual.operator === '>=';
      if (!range.from || ms > range.from.ms || (ms === range.from.ms && !inclusive))
        range.from = { ms, inclusive };
    } else if (qual.operator === '<' || qual.operator === '<=') {
      const inclusive = qual.operator === '<=';
      if (!range.to || ms < range.to.ms || (ms === range.to.ms && !inclusive)) range.to = { ms, inclusive };
    }
  }
  return range;
}
