import { nearest } from '../edit-distance.js';
import { EXIT, UserError } from '../errors.js';
import type { Benchmark, Catalog, CheckItem, Control } from './model.js';

/**
 * `--where`: conditions on a control's fields and tags, joined with `and`:
 *   field = value | field != value | field in (value, …) | field not in (value, …)
 * Fields: id, title, severity, dialect, tags.NAME (a control's severity is also its tag
 * `tags.severity` unless it sets one). Values: 'quoted' or bare words. A missing tag equals no value.
 */
export type Predicate = (control: Control) => boolean;

const TOKEN = /\s*(?:('(?:[^']|'')*')|(!=|=|\(|\)|,)|([^\s=!(),']+))/y;

export function parseWhere(text: string): Predicate {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let rest = text;
  while (rest.trim() !== '') {
    TOKEN.lastIndex = 0;
    const match = TOKEN.exec(rest);
    if (!match) throw bad(text, `cannot read '${rest.trim()}'`);
    tokens.push(match[0].trim());
    rest = rest.slice(match[0].length);
  }
  const conditions: Predicate[] = [];
  let i = 0;
  const value = (): string => {
    const token = tokens[i++];
    if (token === undefined || ['=', '!=', '(', ')', ','].includes(token))
      throw bad(text, 'a value is missing');
    return token.startsWith("'") ? token.slice(1, -1).replaceAll("''", "'") : token;
  };
  while (i < tokens.length) {
    const field = tokens[i++]!;
    const read = fieldReader(field, text);
    let op = tokens[i++]?.toLowerCase();
    let negate = false;
    if (op === 'not' && tokens[i]?.toLowerCase() === 'in') {
      negate = true;
      op = tokens[i++]?.toLowerCase();
    }
    let values: string[];
    if (op === '=' || op === '!=') {
      values = [value()];
      negate = op === '!=';
    } else if (op === 'in') {
      if (tokens[i++] !== '(') throw bad(text, `'in' takes a list: ${field} in (a, b)`);
      values = [value()];
      while (tokens[i] === ',') {
        i++;
        values.push(value());
      }
      if (tokens[i++] !== ')') throw bad(text, "a list ends with ')'");
    } else throw bad(text, `after '${field}' comes =, !=, in or not in`);
    conditions.push((control) => values.includes(read(control) ?? '\u0000') !== negate);
    if (i < tokens.length) {
      if (tokens[i]?.toLowerCase() !== 'and')
        throw bad(text, `conditions are joined with 'and', got '${tokens[i]}'`);
      i++;
      if (i === tokens.length) throw bad(text, "a condition is missing after 'and'");
    }
  }
  if (conditions.length === 0) throw bad(text, 'it is empty');
  return (control) => conditions.every((condition) => condition(control));
}

const FIELDS = ['id', 'title', 'severity', 'dialect'] as const;

function fieldReader(field: string, text: string): (control: Control) => string | undefined {
  if ((FIELDS as readonly string[]).includes(field))
    return (control) => control[field as (typeof FIELDS)[number]];
  if (field.startsWith('tags.') && field.length > 5) {
    const name = field.slice(5);
    return (control) => control.tags[name] ?? (name === 'severity' ? control.severity : undefined);
  }
  const near = nearest(field, [...FIELDS, 'tags'])[0];
  throw bad(
    text,
    `unknown field '${field}'${near ? ` (did you mean '${near}'?)` : ''}; fields: ${FIELDS.join(', ')}, tags.NAME`,
  );
}

const bad = (text: string, problem: string) =>
  new UserError(`--where '${text}': ${problem}`, {
    hint: 'Write conditions like tags.category = identity and severity in (high, critical)',
    exitCode: EXIT.badInput,
  });

/** The root benchmarks: those no other benchmark names as a child. */
export function rootIds(catalog: Catalog): string[] {
  const children = new Set<string>();
  for (const item of catalog.items.values())
    if (item.kind === 'benchmark') for (const c of item.children) children.add(c);
  return [...catalog.items.values()].filter((item) => !children.has(item.id)).map((item) => item.id);
}

/**
 * The targets named on the command line (all roots when none), checked to exist; an unknown one
 * names the nearest ids and `listedBy`, where the ids are listed.
 */
export function resolveTargets(
  catalog: Catalog,
  names: readonly string[],
  listedBy = 'jcsql check list',
): string[] {
  if (names.length === 0) return rootIds(catalog);
  return names.map((name) => {
    if (catalog.items.has(name)) return name;
    const near = nearest(name, [...catalog.items.keys()]);
    throw new UserError(`no control or benchmark '${name}'`, {
      hint:
        near.length > 0
          ? `Did you mean ${near.map((n) => `'${n}'`).join(' or ')}? See ${listedBy}`
          : `See ${listedBy}`,
      exitCode: EXIT.badInput,
    });
  });
}

/**
 * What `jcsql check [names] --where …` selects: the targets (every root benchmark when none),
 * and the controls under them that match.
 */
export function selectControls(
  catalog: Catalog,
  names: readonly string[],
  where: string | undefined,
  listedBy?: string,
): { roots: string[]; controls: Control[] } {
  const roots = resolveTargets(catalog, names, listedBy);
  return { roots, controls: controlsOf(catalog, roots, where === undefined ? undefined : parseWhere(where)) };
}

/** The controls under these targets, each once, in tree order, kept only when the predicate holds. */
export function controlsOf(catalog: Catalog, targets: readonly string[], predicate?: Predicate): Control[] {
  const seen = new Set<string>();
  const out: Control[] = [];
  const walk = (item: CheckItem) => {
    if (item.kind === 'control') {
      if (!seen.has(item.id) && (!predicate || predicate(item))) out.push(item);
      seen.add(item.id);
      return;
    }
    for (const child of (item as Benchmark).children) walk(catalog.items.get(child)!);
  };
  for (const target of targets) walk(catalog.items.get(target)!);
  return out;
}
