/**
 * Validates HTTP bodies against the official JumpCloud OpenAPI 3.1 documents in
 * `<repo>/../shared/jumpcloud-api/`, with Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1).
 *
 * Each document is parsed once per process and registered whole in Ajv under a synthetic `$id`
 * (`https://jcsql.test/openapi/<spec>.json`). A schema is then compiled lazily, the first time it is
 * needed, from `<$id>#<JSON pointer to the schema inside the document>`, so every internal
 * `$ref: '#/components/schemas/…'` resolves inside the same document and no schema is rewritten.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

export type SpecName = 'v1' | 'v2' | 'di';
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The shared folder is a sibling of the repository; the repo root is two levels above this file. */
export const SPEC_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'shared',
  'jumpcloud-api',
);

const SPEC_FILES: Record<SpecName, string> = {
  v1: 'jumpcloud-api-v1.yaml',
  v2: 'jumpcloud-api-v2.yaml',
  di: 'jumpcloud-directory-insights-v1.yaml',
};

/** The schema each API uses for error bodies, used when a route declares a status without a body. */
export const ERROR_SCHEMA: Record<SpecName, string> = { v1: 'Error', v2: 'Error', di: 'ErrorMessage' };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OpenApiTimings {
  /** YAML parse time per document. */
  parseMs: Partial<Record<SpecName, number>>;
  /** `ajv.addSchema` time per document (indexes the document, compiles nothing). */
  registerMs: Partial<Record<SpecName, number>>;
  /** Compile time per schema reference, in first-use order. */
  compileMs: Map<string, number>;
  validations: number;
  validateMs: number;
}

export const timings: OpenApiTimings = {
  parseMs: {},
  registerMs: {},
  compileMs: new Map(),
  validations: 0,
  validateMs: 0,
};

/** Warnings Ajv logged while compiling (e.g. unknown formats, which are then ignored). */
export const ajvWarnings = new Set<string>();

const ajv = new Ajv2020({
  strict: false,
  allErrors: true,
  logger: {
    log: () => {},
    warn: (...args: unknown[]) => void ajvWarnings.add(args.map(String).join(' ')),
    error: (...args: unknown[]) => void ajvWarnings.add(`error: ${args.map(String).join(' ')}`),
  },
});
addFormats(ajv);

const documents = new Map<SpecName, JsonObject>();
const validators = new Map<string, ValidateFunction>();

export const specId = (spec: SpecName): string => `https://jcsql.test/openapi/${spec}.json`;

/** The parsed document, registered in Ajv on first use. */
export function loadSpec(spec: SpecName): JsonObject {
  const cached = documents.get(spec);
  if (cached) return cached;
  let start = performance.now();
  const parsed = parse(readFileSync(join(SPEC_DIR, SPEC_FILES[spec]), 'utf8'), {
    maxAliasCount: -1,
  }) as JsonObject;
  timings.parseMs[spec] = performance.now() - start;
  const doc: JsonObject = { ...parsed, $id: specId(spec) };
  start = performance.now();
  ajv.addSchema(doc);
  timings.registerMs[spec] = performance.now() - start;
  documents.set(spec, doc);
  return doc;
}

/** JSON pointer → URI fragment (RFC 6901 escaping, then percent-encoding for `{id}` etc.). */
export const pointer = (segments: readonly string[]): string =>
  `#/${segments.map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/')}`;

const isObject = (value: Json | undefined): value is JsonObject =>
  value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);

/** Follows a chain of local `$ref`s (e.g. into `components/responses`); returns the target and its path. */
function deref(doc: JsonObject, path: string[]): { node: JsonObject; path: string[] } {
  let current = path;
  for (let hops = 0; hops < 10; hops++) {
    const node = at(doc, current);
    if (!isObject(node)) throw new Error(`OpenAPI: nothing at ${pointer(current)}`);
    const ref = node.$ref;
    if (typeof ref !== 'string') return { node, path: current };
    if (!ref.startsWith('#/')) throw new Error(`OpenAPI: non-local $ref ${ref} at ${pointer(current)}`);
    current = ref
      .slice(2)
      .split('/')
      .map((s) => decodeURIComponent(s).replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  throw new Error(`OpenAPI: $ref chain too long at ${pointer(path)}`);
}

function at(doc: JsonObject, path: readonly string[]): Json | undefined {
  let node: Json | undefined = doc;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return node;
}

function compile(spec: SpecName, path: readonly string[]): ValidateFunction {
  const ref = specId(spec) + pointer(path);
  const cached = validators.get(ref);
  if (cached) return cached;
  const start = performance.now();
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`OpenAPI: Ajv cannot resolve ${ref}`);
  timings.compileMs.set(`${spec} ${pointer(path)}`, performance.now() - start);
  validators.set(ref, validate);
  return validate;
}

export interface ValidationResult {
  /** Where the schema came from, e.g. `v1 #/components/schemas/systemuserslist` or a path pointer. */
  schema: string;
  /** How the response was found: declared with a body, declared without one, or not declared. */
  source: 'declared' | 'declared-without-body' | 'undeclared' | 'request-body';
  /** Human-readable Ajv errors (empty when valid). */
  errors: string[];
}

export const formatErrors = (errors: readonly ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map(
    (e) =>
      `${e.instancePath || '(root)'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)} [schema ${e.schemaPath}]`,
  );

function run(
  spec: SpecName,
  path: readonly string[],
  body: unknown,
  source: ValidationResult['source'],
): ValidationResult {
  const validate = compile(spec, path);
  const start = performance.now();
  const valid = validate(body);
  timings.validateMs += performance.now() - start;
  timings.validations += 1;
  return { schema: `${spec} ${pointer(path)}`, source, errors: valid ? [] : formatErrors(validate.errors) };
}

/** The operation object; throws a clear error when the spec has no such route. */
function operation(spec: SpecName, method: HttpMethod, template: string): { path: string[] } {
  const doc = loadSpec(spec);
  const paths = doc.paths;
  if (!isObject(paths) || !isObject(paths[template])) {
    throw new Error(`OpenAPI ${spec}: no path '${template}' in ${SPEC_FILES[spec]}`);
  }
  const { path } = deref(doc, ['paths', template]);
  if (!isObject(at(doc, [...path, method]))) {
    throw new Error(
      `OpenAPI ${spec}: no operation '${method.toUpperCase()} ${template}' in ${SPEC_FILES[spec]}`,
    );
  }
  return { path: [...path, method] };
}

export interface ResponseOptions {
  /**
   * For error statuses only. When the route declares the status without a body, or does not declare
   * it at all, validate against this component schema (the API's `Error` schema) instead of failing.
   */
  errorFallback?: boolean;
}

/**
 * Validates `body` against `paths[template][method].responses[status]` (falling back to `default`),
 * following `$ref`s into `components/responses`. An unknown route, or a status the operation does
 * not declare, throws (unless `errorFallback` is set for an error status).
 */
export function validateResponse(
  spec: SpecName,
  method: HttpMethod,
  template: string,
  status: number,
  body: unknown,
  options: ResponseOptions = {},
): ValidationResult {
  const doc = loadSpec(spec);
  const op = operation(spec, method, template);
  const responses = at(doc, [...op.path, 'responses']);
  const declared = isObject(responses)
    ? [String(status), `${String(status)[0]}XX`, 'default'].find((k) => isObject(responses[k]))
    : undefined;
  const fallback = (source: ValidationResult['source']): ValidationResult => {
    if (!options.errorFallback || status < 400) {
      const list = isObject(responses) ? Object.keys(responses).join(', ') : 'none';
      throw new Error(
        `OpenAPI ${spec}: ${method.toUpperCase()} ${template} ${source === 'undeclared' ? 'does not declare' : 'declares no JSON body for'} status ${status} (declared: ${list})`,
      );
    }
    return run(spec, ['components', 'schemas', ERROR_SCHEMA[spec]], body, source);
  };
  if (declared === undefined) return fallback('undeclared');
  const response = deref(doc, [...op.path, 'responses', declared]);
  const content = response.node.content;
  // The spec declares one JSON list (/systeminsights/tpm_info) under text/html alone; the API, as
  // every System Insights list, answers JSON: its one declared schema is the one to hold it to.
  const types = isObject(content) ? Object.keys(content) : [];
  const type = types.includes('application/json')
    ? 'application/json'
    : types.length === 1
      ? types[0]!
      : undefined;
  if (!isObject(content) || type === undefined || !isObject(content[type]) || !('schema' in content[type])) {
    return fallback('declared-without-body');
  }
  return run(spec, [...response.path, 'content', type, 'schema'], body, 'declared');
}

/** Validates a request body against the operation's `requestBody` (following `components/requestBodies`). */
export function validateRequestBody(
  spec: SpecName,
  method: HttpMethod,
  template: string,
  body: unknown,
): ValidationResult {
  const doc = loadSpec(spec);
  const op = operation(spec, method, template);
  if (!isObject(at(doc, [...op.path, 'requestBody']))) {
    throw new Error(`OpenAPI ${spec}: ${method.toUpperCase()} ${template} declares no request body`);
  }
  const requestBody = deref(doc, [...op.path, 'requestBody']);
  return run(spec, [...requestBody.path, 'content', 'application/json', 'schema'], body, 'request-body');
}

/** Validates against a named component schema (`#/components/schemas/<name>`). */
export function validateSchema(spec: SpecName, name: string, body: unknown): ValidationResult {
  const doc = loadSpec(spec);
  if (!isObject(at(doc, ['components', 'schemas', name]))) {
    throw new Error(`OpenAPI ${spec}: no schema #/components/schemas/${name}`);
  }
  return run(spec, ['components', 'schemas', name], body, 'declared');
}

/** Property names a component schema declares (through `allOf`), for checks of undeclared fields. */
export function declaredProperties(spec: SpecName, name: string): Set<string> {
  const doc = loadSpec(spec);
  const names = new Set<string>();
  const visit = (path: string[], depth: number): void => {
    if (depth > 10) return;
    const { node, path: resolved } = deref(doc, path);
    if (isObject(node.properties)) for (const key of Object.keys(node.properties)) names.add(key);
    for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
      const parts = node[combinator];
      if (!Array.isArray(parts)) continue;
      for (let i = 0; i < parts.length; i++) visit([...resolved, combinator, String(i)], depth + 1);
    }
  };
  visit(['components', 'schemas', name], 0);
  return names;
}

/** A one-line summary of the timings, for the test log. */
export function describeTimings(): string {
  const fmt = (n: number | undefined) => (n === undefined ? '-' : `${n.toFixed(0)} ms`);
  const compiles = [...timings.compileMs.values()];
  const total = compiles.reduce((a, b) => a + b, 0);
  const slowest = [...timings.compileMs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return [
    `parse v1 ${fmt(timings.parseMs.v1)}, v2 ${fmt(timings.parseMs.v2)}, di ${fmt(timings.parseMs.di)}`,
    `register v1 ${fmt(timings.registerMs.v1)}, v2 ${fmt(timings.registerMs.v2)}, di ${fmt(timings.registerMs.di)}`,
    `compiled ${compiles.length} schemas in ${total.toFixed(0)} ms (slowest: ${slowest.map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join('; ')})`,
    `${timings.validations} validations in ${timings.validateMs.toFixed(1)} ms`,
  ].join('\n');
}

/** The values a component parameter's array items may take (`components.parameters[name]`). */
export function parameterEnum(spec: SpecName, name: string): string[] {
  const parameter = (loadSpec(spec).components as JsonObject | undefined)?.parameters as
    | JsonObject
    | undefined;
  const schema = (parameter?.[name] as JsonObject | undefined)?.schema as JsonObject | undefined;
  const values = (schema?.items as JsonObject | undefined)?.enum;
  if (!Array.isArray(values)) throw new Error(`${spec}: parameter ${name} has no enum of items`);
  return values.map(String);
}
