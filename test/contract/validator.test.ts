/**
 * The validator itself: it must reject broken bodies (so the contract suite cannot pass vacuously),
 * refuse routes and statuses the spec does not have, and stay fast enough to run on every response.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  ajvWarnings,
  describeTimings,
  timings,
  validateRequestBody,
  validateResponse,
  validateSchema,
} from '../helpers/openapi.js';
import { ALL_ROUTES, routeName } from './harness.js';

const validUser = {
  _id: '5f1b2c3d4e5f6a7b8c9d0e1f',
  username: 'jdoe',
  email: 'jdoe@example.com',
  unix_uid: 5001,
  admin: null,
  account_locked_date: null,
  mfa: { configured: true, exclusion: false },
  ssh_keys: [],
};

const graphObject = {
  id: '5f1b2c3d4e5f6a7b8c9d0e1f',
  type: 'user_group',
  paths: [[{ from: { id: 'a', type: 'user' }, to: { id: 'b', type: 'user_group' } }]],
};

describe('OpenAPI validator', () => {
  afterAll(() => {
    console.info(
      `[openapi timings]\n${describeTimings()}\nAjv warnings: ${[...ajvWarnings].join(' | ') || 'none'}`,
    );
  });

  it('accepts a valid v1 user (systemuserreturn) and v1 list envelope', () => {
    expect(validateResponse('v1', 'get', '/systemusers/{id}', 200, validUser).errors).toEqual([]);
    expect(
      validateResponse('v1', 'get', '/systemusers', 200, { totalCount: 1, results: [validUser] }).errors,
    ).toEqual([]);
  });

  it.each([
    ['wrong type (unix_uid as string)', { ...validUser, unix_uid: '5001' }, '/unix_uid'],
    ['integer below minimum (unix_uid 0)', { ...validUser, unix_uid: 0 }, '/unix_uid'],
    ['null where not nullable (email)', { ...validUser, email: null }, '/email'],
    ['wrong nested type (mfa.configured)', { ...validUser, mfa: { configured: 'yes' } }, '/mfa/configured'],
  ])('rejects a v1 user with %s', (_label, body, where) => {
    const result = validateResponse('v1', 'get', '/systemusers/{id}', 200, body);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.join('\n')).toContain(where);
  });

  it('checks formats (ajv-formats): a system lastContact that is not a date-time', () => {
    const route = '/systems/{id}';
    expect(
      validateResponse('v1', 'get', route, 200, { _id: 'x', lastContact: '2026-01-02T03:04:05.678Z' }).errors,
    ).toEqual([]);
    expect(validateResponse('v1', 'get', route, 200, { _id: 'x', lastContact: null }).errors).toEqual([]);
    const result = validateResponse('v1', 'get', route, 200, { _id: 'x', lastContact: 'yesterday' });
    expect(result.errors.join('\n')).toMatch(/\/lastContact must match format "date-time"/);
  });

  it('rejects a v1 list whose envelope is wrong', () => {
    expect(validateResponse('v1', 'get', '/systemusers', 200, [validUser]).errors.length).toBeGreaterThan(0);
    expect(
      validateResponse('v1', 'get', '/systemusers', 200, { totalCount: '1', results: [] }).errors,
    ).toEqual([expect.stringContaining('/totalCount must be integer')]);
  });

  it('rejects missing required fields (v1 application, v2 GraphObjectWithPaths)', () => {
    const app = { _id: 'a', name: 'Slack', ssoUrl: 'https://sso.example.com', config: {} };
    expect(validateResponse('v1', 'get', '/applications/{id}', 200, app).errors).toEqual([]);
    const { ssoUrl: _dropped, ...noSso } = app;
    expect(validateResponse('v1', 'get', '/applications/{id}', 200, noSso).errors.join('\n')).toContain(
      "must have required property 'ssoUrl'",
    );
    const route = '/users/{user_id}/memberof';
    expect(validateResponse('v2', 'get', route, 200, [graphObject]).errors).toEqual([]);
    const { paths: _paths, ...noPaths } = graphObject;
    expect(validateResponse('v2', 'get', route, 200, [noPaths]).errors.join('\n')).toContain(
      "must have required property 'paths'",
    );
  });

  it('rejects enum, const and null violations in v2 schemas', () => {
    const route = '/usergroups/{id}';
    expect(
      validateResponse('v2', 'get', route, 200, { id: 'g', type: 'user_group', name: 'x' }).errors,
    ).toEqual([]);
    expect(
      validateResponse('v2', 'get', route, 200, { id: 'g', type: 'system_group' }).errors.join('\n'),
    ).toContain('/type must be equal to constant');
    expect(
      validateResponse('v2', 'get', route, 200, { id: 'g', membershipMethod: 'SOMETIMES' }).errors.join('\n'),
    ).toContain('/membershipMethod must be equal to one of the allowed values');
    expect(validateResponse('v2', 'get', route, 200, { id: null }).errors.join('\n')).toContain(
      '/id must be string',
    );
    expect(
      validateResponse('v2', 'get', '/systeminsights/apps', 200, [{ system_id: 'x', collection_time: null }])
        .errors.length,
    ).toBeGreaterThan(0);
  });

  it('follows $ref into components/responses and validates error bodies', () => {
    // v2 GET /usergroups declares `default: Error`.
    expect(
      validateResponse('v2', 'get', '/usergroups', 400, { code: 400, message: 'bad', status: 'Bad Request' })
        .errors,
    ).toEqual([]);
    expect(validateResponse('v2', 'get', '/usergroups', 400, { code: '400' }).errors.length).toBeGreaterThan(
      0,
    );
    // DI declares 401 with ErrorMessage.
    expect(validateResponse('di', 'post', '/events', 401, { message: 'Unauthorized' }).errors).toEqual([]);
    expect(validateResponse('di', 'post', '/events', 401, { message: 401 }).errors.length).toBeGreaterThan(0);
  });

  it('fails clearly on a route, method or status the spec does not have', () => {
    expect(() => validateResponse('v1', 'get', '/nosuchthing', 200, {})).toThrow(/no path '\/nosuchthing'/);
    expect(() => validateResponse('v1', 'post', '/systems/{id}', 200, {})).toThrow(
      /no operation 'POST \/systems\/\{id\}'/,
    );
    expect(() => validateResponse('v1', 'get', '/systemusers/{id}', 404, {})).toThrow(
      /does not declare status 404/,
    );
    // v1 GET /systemusers declares 401 without a body: strict mode refuses, the error fallback uses Error.
    expect(() => validateResponse('v1', 'get', '/systemusers', 401, {})).toThrow(
      /declares no JSON body for status 401/,
    );
    const fallback = validateResponse(
      'v1',
      'get',
      '/systemusers',
      401,
      { code: 401, message: 'x', status: 'y' },
      {
        errorFallback: true,
      },
    );
    expect(fallback).toMatchObject({ source: 'declared-without-body', errors: [] });
    expect(fallback.schema).toBe('v1 #/components/schemas/Error');
    // A success status is never allowed to fall back.
    expect(() =>
      validateResponse('v1', 'get', '/systemusers/{id}', 201, {}, { errorFallback: true }),
    ).toThrow();
  });

  it('validates request bodies (DI EventQuery requires service and start_time)', () => {
    const query = { service: ['all'], start_time: '2026-01-01T00:00:00Z', sort: 'DESC', limit: 10 };
    expect(validateRequestBody('di', 'post', '/events', query).errors).toEqual([]);
    const { start_time: _s, ...missing } = query;
    expect(validateRequestBody('di', 'post', '/events', missing).errors.join('\n')).toContain('start_time');
    expect(
      validateRequestBody('di', 'post', '/events', { ...query, service: ['nope'] }).errors.length,
    ).toBeGreaterThan(0);
  });

  it.each(ALL_ROUTES.map((r) => [routeName(r), r] as const))(
    '%s: the declared 200 schema exists and rejects a body of the wrong type',
    (_name, route) => {
      const result = validateResponse(
        route.spec,
        route.method,
        route.template,
        200,
        'not a JSON object or array',
      );
      expect(result.source).toBe('declared');
      expect(result.errors.length).toBeGreaterThan(0);
    },
  );

  it('validates named component schemas', () => {
    expect(validateSchema('v2', 'Error', { code: 404, message: 'not found' }).errors).toEqual([]);
    expect(() => validateSchema('v2', 'NoSuchSchema', {})).toThrow(/no schema/);
  });

  it('compiles lazily and fast enough (each compiled schema is cached)', () => {
    const before = timings.compileMs.size;
    validateResponse('v2', 'get', '/usergroups/{id}', 200, { id: 'g' });
    expect(timings.compileMs.size).toBe(before);
    const slowest = Math.max(...timings.compileMs.values());
    expect(slowest).toBeLessThan(2_000);
  });
});
