import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { nearest } from '../edit-distance.js';
import { EXIT, UserError } from '../errors.js';
import {
  type Benchmark,
  type Catalog,
  type CheckItem,
  type Control,
  DIALECTS,
  type Dialect,
  SEVERITIES,
  type Severity,
} from './model.js';

/** The built-in benchmark's files: `controls/` at the package root (beside src/ and dist/). */
export const BUILT_IN_DIR = fileURLToPath(new URL('../../controls/', import.meta.url));

/** Where user-defined controls are read from when `--mod` is not given. */
export const userControlsDir = (env: NodeJS.ProcessEnv): string =>
  join(env.HOME || homedir(), '.jcsql', 'controls');

/** The exit code of a control file that cannot be read (bad input). */
export const BAD_FILE_EXIT = EXIT.badInput;

const ID = /^[a-z][a-z0-9_]*$/;
const CONTROL_KEYS = [
  'id',
  'title',
  'description',
  'severity',
  'tags',
  'remediation',
  'dialect',
  'sql',
] as const;
const BENCHMARK_KEYS = ['id', 'title', 'description', 'tags', 'children'] as const;
const FILE_KEYS = ['benchmarks', 'controls'] as const;

class FileError extends UserError {
  constructor(file: string, line: number, column: number, problem: string) {
    super(`${file}:${line}:${column}: ${problem}`, { exitCode: BAD_FILE_EXIT });
  }
}

/** The `.yaml`/`.yml` files of a directory and its subdirectories, sorted. */
function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out;
}

export interface LoadOptions {
  /** `--mod DIR`: must exist. */
  mod?: string | undefined;
  env: NodeJS.ProcessEnv;
}

/** The built-in benchmark, plus the user's controls (`--mod DIR`, else ~/.jcsql/controls when it exists). */
export function loadCatalog(options: LoadOptions): Catalog {
  const files = yamlFiles(BUILT_IN_DIR).map((path) => ({
    path,
    shown: `controls/${relative(BUILT_IN_DIR, path)}`,
  }));
  let userDir: string | undefined;
  if (options.mod !== undefined) {
    userDir = resolve(options.mod);
    if (!existsSync(userDir) || !statSync(userDir).isDirectory())
      throw new UserError(`--mod: '${userDir}' is not a directory`, { exitCode: BAD_FILE_EXIT });
  } else {
    const dir = userControlsDir(options.env);
    if (existsSync(dir) && statSync(dir).isDirectory()) userDir = dir;
  }
  if (userDir) for (const path of yamlFiles(userDir)) files.push({ path, shown: path });
  const catalog: Catalog = { items: new Map() };
  const pending: Array<{ benchmark: Benchmark; nodes: Node[] }> = [];
  for (const file of files) {
    for (const parsed of parseFile(readFileSync(file.path, 'utf8'), file.shown)) {
      const existing = catalog.items.get(parsed.item.id);
      if (existing)
        throw new FileError(
          file.shown,
          parsed.item.origin.line,
          1,
          `'${parsed.item.id}' is already defined in ${existing.origin.file}:${existing.origin.line}`,
        );
      catalog.items.set(parsed.item.id, parsed.item);
      if (parsed.item.kind === 'benchmark')
        pending.push({ benchmark: parsed.item, nodes: parsed.childNodes });
    }
  }
  // Children are checked once every file is read: a benchmark may name controls of another file.
  for (const { benchmark, nodes } of pending) {
    benchmark.children.forEach((child, index) => {
      if (catalog.items.has(child)) return;
      const [line, column] = parsedPositions.get(nodes[index]!) ?? [benchmark.origin.line, 1];
      const near = nearest(child, [...catalog.items.keys()])[0];
      throw new FileError(
        benchmark.origin.file,
        line,
        column,
        `benchmark '${benchmark.id}' names '${child}', which is no control or benchmark${near ? ` (did you mean '${near}'?)` : ''}`,
      );
    });
  }
  for (const { benchmark } of pending) checkNoCycle(catalog, benchmark, []);
  return catalog;
}

function checkNoCycle(catalog: Catalog, item: CheckItem, path: string[]): void {
  if (item.kind !== 'benchmark') return;
  if (path.includes(item.id))
    throw new FileError(
      item.origin.file,
      item.origin.line,
      1,
      `benchmark '${item.id}' contains itself (${[...path, item.id].join(' → ')})`,
    );
  for (const child of item.children) checkNoCycle(catalog, catalog.items.get(child)!, [...path, item.id]);
}

/** Line and column of each child node, kept for messages written after the file was read. */
const parsedPositions = new WeakMap<Node, [number, number]>();

interface Parsed {
  item: CheckItem;
  childNodes: Node[];
}

/** Reads one control file; throws one line naming the file, line and column of the first problem. */
export function parseFile(text: string, file: string): Parsed[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = firstError.linePos?.[0] ?? { line: 1, col: 1 };
    throw new FileError(
      file,
      pos.line,
      pos.col,
      firstError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
    );
  }
  const at = (node: Node | null | undefined): [number, number] => {
    const offset = node?.range?.[0] ?? 0;
    const pos = lines.linePos(offset);
    return [pos.line, pos.col];
  };
  const fail = (node: Node | null | undefined, problem: string): never => {
    const [line, column] = at(node);
    throw new FileError(file, line, column, problem);
  };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return [];
  if (!isMap(root)) return fail(root, 'a control file is a mapping with `controls:` and/or `benchmarks:`');
  const top = entries(root, FILE_KEYS, 'a control file', fail);
  const out: Parsed[] = [];
  for (const [section, node] of top) {
    if (!isSeq(node)) fail(node, `\`${section}\` must be a list`);
    for (const itemNode of (node as unknown as { items: Node[] }).items) {
      if (!isMap(itemNode)) fail(itemNode, `each entry of \`${section}\` must be a mapping`);
      const fields = new Map(
        entries(
          itemNode as YAMLMap,
          section === 'controls' ? CONTROL_KEYS : BENCHMARK_KEYS,
          section === 'controls' ? 'a control' : 'a benchmark',
          fail,
        ),
      );
      const text = (key: string, required: boolean): string => {
        const value = (fields as Map<string, Node>).get(key);
        if (value === undefined) {
          if (required)
            fail(itemNode, `${section === 'controls' ? 'control' : 'benchmark'} has no \`${key}\``);
          return '';
        }
        if (!isScalar(value) || typeof value.value !== 'string' || value.value.trim() === '')
          fail(value, `\`${key}\` must be a non-empty string`);
        return (value as { value: string }).value.trim();
      };
      const id = text('id', true);
      if (!ID.test(id))
        fail(fields.get('id'), `id '${id}' must be snake_case: lower-case letters, digits and _`);
      const tags: Record<string, string> = {};
      const tagsNode = fields.get('tags');
      if (tagsNode !== undefined) {
        if (!isMap(tagsNode)) fail(tagsNode, '`tags` must be a mapping of names to values');
        for (const pair of (tagsNode as YAMLMap).items) {
          const key = pair.key as Node;
          const value = pair.value as Node;
          if (!isScalar(key) || typeof key.value !== 'string' || !ID.test(key.value))
            fail(key, 'a tag name must be snake_case');
          if (!isScalar(value) || value.value === null || typeof value.value === 'object')
            fail(
              value ?? key,
              `tag '${String((key as { value: unknown }).value)}' must have a text, number or boolean value`,
            );
          tags[(key as { value: string }).value] = String((value as { value: unknown }).value);
        }
      }
      const [line] = at(itemNode);
      const origin = { file, line };
      if (section === 'controls') {
        const severity = text('severity', true);
        if (!(SEVERITIES as readonly string[]).includes(severity))
          fail(fields.get('severity'), `severity '${severity}' must be one of ${SEVERITIES.join(', ')}`);
        const dialect = fields.has('dialect') ? text('dialect', true) : 'postgres';
        if (!(DIALECTS as readonly string[]).includes(dialect))
          fail(fields.get('dialect'), `dialect '${dialect}' must be one of ${DIALECTS.join(', ')}`);
        const control: Control = {
          kind: 'control',
          id,
          title: text('title', true),
          description: text('description', true),
          severity: severity as Severity,
          tags,
          remediation: text('remediation', true),
          dialect: dialect as Dialect,
          sql: text('sql', true),
          origin,
        };
        out.push({ item: control, childNodes: [] });
      } else {
        const childrenNode = fields.get('children');
        if (childrenNode === undefined) fail(itemNode, 'benchmark has no `children`');
        if (!isSeq(childrenNode) || childrenNode.items.length === 0)
          fail(childrenNode, '`children` must be a non-empty list of control and benchmark ids');
        const childNodes = (childrenNode as unknown as { items: Node[] }).items;
        const children = childNodes.map((child) => {
          if (!isScalar(child) || typeof child.value !== 'string')
            return fail(child, 'a child must be an id');
          parsedPositions.set(child, at(child));
          return child.value as string;
        });
        const benchmark: Benchmark = {
          kind: 'benchmark',
          id,
          title: text('title', true),
          description: text('description', false),
          tags,
          children,
          origin,
        };
        out.push({ item: benchmark, childNodes });
      }
    }
  }
  return out;
}

/** A mapping's entries, every key one of `allowed` (an unknown key is an error, with the nearest known one). */
function entries<K extends string>(
  map: YAMLMap,
  allowed: readonly K[],
  what: string,
  fail: (node: Node | null | undefined, problem: string) => never,
): Array<[K, Node]> {
  return map.items.map((pair) => {
    const key = pair.key as Node;
    const name = isScalar(key) ? String(key.value) : '';
    if (!(allowed as readonly string[]).includes(name)) {
      const near = nearest(name, [...allowed])[0];
      fail(
        key,
        `unknown key '${name}' in ${what}${near ? ` (did you mean '${near}'?)` : ''}; known keys: ${allowed.join(', ')}`,
      );
    }
    return [name as K, pair.value as Node];
  });
}
