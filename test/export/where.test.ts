import { describe, expect, it } from 'vitest';
import { canonicalInet, parseTimestamp } from '../../src/engines/export/typed-values.js';
import { compileWhere } from '../../src/engines/export/where.js';
import { parseCondition } from '../../src/engines/export/where-grammar.js';
import { EXIT, UserError } from '../../src/errors.js';
import { tablesByName } from '../../src/tables/index.js';

const users = tablesByName.get('jumpcloud_user')!;
const devices = tablesByName.get('jumpcloud_device')!;

/** The one-line message (with its hint) a bad --where gives. */
function errorOf(source: string, table = users): string {
  try {
    compileWhere(source, table);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(EXIT.badInput);
    return `${(error as UserError).message}. ${(error as UserError).hint ?? ''}`;
  }
  throw new Error(`no error for ${source}`);
}

describe('--where grammar', () => {
  it.each([
    ["username = 'alice'", { column: 'username', operator: '=', values: ['alice'] }],
    ['username="it\'s"', { column: 'username', operator: '=', values: ["it's"] }],
    ["username = 'it''s'", { column: 'username', operator: '=', values: ["it's"] }],
    ['system_timezone>=-5', { column: 'system_timezone', operator: '>=', values: ['-5'] }],
    ['created > 2024-01-02 10:00:00', { column: 'created', operator: '>', values: ['2024-01-02 10:00:00'] }],
    ["email NOT  ILIKE '%@x.com'", { column: 'email', operator: 'not ilike', values: ['%@x.com'] }],
    [
      'department in (\'Sales\', "R&D", IT)',
      { column: 'department', operator: 'in', values: ['Sales', 'R&D', 'IT'] },
    ],
    ["department in ('a, b')", { column: 'department', operator: 'in', values: ['a, b'] }],
    ['middle_name is not null', { column: 'middle_name', operator: 'is not null', values: [] }],
    ['username != x', { column: 'username', operator: '!=', values: ['x'] }],
  ])('parses %s', (source, expected) => {
    expect(parseCondition(source)).toEqual(expected);
  });

  it.each([
    ["username ~ 'a'", /expected an operator after username, found '~'.*Operators: =, !=, <>, <, <=/],
    ['= 1', /expected a column name first/],
    ['username =', /expected a value after the operator/],
    ["username = 'abc", /no closing quote/],
    ["username = 'a' and email = 'b'", /one --where takes one comparison.*Repeat --where/],
    ["username = a or email = 'b'", /one --where takes one comparison/],
    ["username in 'a'", /in needs a parenthesised list/],
    ["username in ('a',,'b')", /unexpected/],
    ["username = 'a' 'b'", /unexpected ''b''/],
    ['username is null please', /unexpected 'please'/],
  ])('rejects %s', (source, message) => {
    expect(errorOf(source)).toMatch(message);
  });
});

describe('--where against a table', () => {
  it('names the nearest columns for an unknown one', () => {
    expect(errorOf("usernme = 'a'")).toBe(
      `--where "usernme = 'a'": jumpcloud_user has no column 'usernme'. Did you mean username?`,
    );
  });

  it('names the operators a column allows', () => {
    expect(errorOf("activated like 't%'")).toMatch(
      /like does not apply to activated, a bool column\. Operators for activated: =, !=, <>, in, is null, is not null$/,
    );
    expect(errorOf("mfa = '{}'")).toMatch(/Operators for mfa: is null, is not null$/);
    expect(errorOf("remote_ip < '10.0.0.1'", devices)).toMatch(
      /Operators for remote_ip: =, !=, <>, in, is null/,
    );
  });

  it('says what a value of the type looks like', () => {
    expect(errorOf("created > 'last week'")).toMatch(
      /'last week' is not a timestamp value\. Write a timestamp: RFC 3339/,
    );
    expect(errorOf('activated = maybe')).toMatch(/'maybe' is not a bool value\. Write true or false/);
    expect(errorOf("system_timezone = 'x'", devices)).toMatch(/'x' is not a int value\. Write a number/);
    expect(errorOf("remote_ip = '300.1.1.1'", devices)).toMatch(/is not a inet value\. Write an IP address/);
  });

  const test = (source: string, value: unknown, table = users) => compileWhere(source, table).matches(value);

  it('compares each type as Postgres does, and NULL never matches', () => {
    expect(test("username = 'alice'", 'alice')).toBe(true);
    expect(test("username = 'alice'", 'Alice')).toBe(false);
    expect(test("username < 'b'", 'alice')).toBe(true);
    expect(test("username < 'B'", 'alice')).toBe(false); // C collation: upper case sorts first
    expect(test("username like 'al%'", 'alice')).toBe(true);
    expect(test("username ilike 'AL_CE'", 'alice')).toBe(true);
    expect(test("username not like 'al%'", 'alice')).toBe(false);
    expect(test("username in ('bob', 'alice')", 'alice')).toBe(true);
    expect(test("username <> 'bob'", 'alice')).toBe(true);
    expect(test('system_timezone > 9', 10, devices)).toBe(true); // numeric, not text, order
    expect(test('system_timezone in (1, 10)', 10, devices)).toBe(true);
    expect(test('activated = t', true)).toBe(true);
    expect(test('activated = no', true)).toBe(false);
    expect(test("created > '2024-01-01'", '2024-01-01T00:00:00.001Z')).toBe(true);
    expect(test("created = '2024-01-01 02:00:00+02'", '2024-01-01T00:00:00.000Z')).toBe(true);
    expect(test('created < 1704067200', '2023-12-31T23:59:59.999Z')).toBe(true);
    expect(test("remote_ip = '10.0.0.1/32'", '10.0.0.1', devices)).toBe(true);
    expect(test("remote_ip = '2001:DB8::1'", '2001:db8:0:0:0:0:0:1', devices)).toBe(true);
    for (const source of [
      "username <> 'x'",
      "username not like 'x'",
      "username < 'zzz'",
      'activated <> true',
    ])
      expect(test(source, null)).toBe(false);
    expect(test('middle_name is null', null)).toBe(true);
    expect(test('mfa is not null', { configured: false })).toBe(true);
  });

  it('pushes quals the SDK understands, and knows which the API applies exactly', () => {
    const where = (source: string) => compileWhere(source, users);
    expect(where("username in ('a','b')").qual).toEqual({
      column: 'username',
      operator: '=',
      values: ['a', 'b'],
    });
    expect(where('activated = yes').qual).toEqual({ column: 'activated', operator: '=', values: [true] });
    expect(where("username != 'a'").qual).toEqual({ column: 'username', operator: '<>', values: ['a'] });
    expect(where("username like 'a%'").qual?.operator).toBe('~~');
    // A timestamp's range goes to the table as a time (a window it may send), never as exact.
    expect(where("created > '2024-01-01'").qual).toEqual({
      column: 'created',
      operator: '>',
      values: ['2024-01-01T00:00:00.000Z'],
    });
    expect(where("created > '2024-01-01'").exact).toBe(false);
    expect(where("created = '2024-01-01'").qual).toBeUndefined();
    expect(where('middle_name is null').qual).toBeUndefined();
    expect(where('activated = yes').exact).toBe(true); // an API filter on a flag
    // An API filter on text may compare otherwise than Postgres (case, wildcards): not exact.
    expect(where("username = 'a'").exact).toBe(false);
    expect(where("first_name = 'a'").exact).toBe(false);
    expect(where("username like 'a'").exact).toBe(false);
  });
});

describe('typed literals', () => {
  it('reads the timestamp forms steampipe_export reads, without a zone as UTC', () => {
    const at = Date.UTC(2024, 0, 2, 3, 4, 5);
    expect(parseTimestamp('2024-01-02T03:04:05Z')).toBe(at);
    expect(parseTimestamp('2024-01-02T03:04:05')).toBe(at);
    expect(parseTimestamp('2024-01-02 03:04:05')).toBe(at);
    expect(parseTimestamp('2024-01-02T05:04:05+02:00')).toBe(at);
    expect(parseTimestamp('2024-01-02T05:04:05+0200')).toBe(at);
    expect(parseTimestamp(String(at / 1000))).toBe(at);
    expect(parseTimestamp('Tue, 02 Jan 2024 03:04:05 GMT')).toBe(at);
    expect(parseTimestamp('2024-01-02')).toBe(Date.UTC(2024, 0, 2));
    expect(parseTimestamp('yesterday')).toBeUndefined();
    expect(parseTimestamp('2024-13-45')).toBeUndefined();
  });

  it('gives inet values one canonical form', () => {
    expect(canonicalInet('10.0.0.1')).toBe('10.0.0.1/32');
    expect(canonicalInet('2001:DB8:0:0::1/64')).toBe('2001:db8::1/64');
    expect(canonicalInet('10.0.0.1/33')).toBeUndefined();
    expect(canonicalInet('nope')).toBeUndefined();
  });
});
