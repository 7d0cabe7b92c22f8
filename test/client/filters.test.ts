import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { v1FilterQuery, v2FilterQuery } from '../../src/client/filters.js';
import { v2Filters } from '../../src/simulator/query.js';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';

// The filter grammar of the spec (`trait_filter_filter`, v1 and v2): the simulator applies it as
// written, so a value the client escapes wrongly finds nothing (or is refused) and these tests fail.
describe('API filters as the spec writes them', () => {
  it('v1: `$eq` sends its value as is; `$in` escapes `|` as `\\|`', () => {
    expect(v1FilterQuery([{ field: 'department', values: ['R|D'] }])).toEqual({
      filter: 'department:$eq:R|D',
    });
    expect(v1FilterQuery([{ field: 'department', values: ['R|D', 'IT'] }])).toEqual({
      filter: 'department:$in:R\\|D|IT',
    });
  });

  it('v1: leaves out an `$in` whose term has a backslash (no documented way to write one)', () => {
    expect(v1FilterQuery([{ field: 'department', values: ['a\\b', 'IT'] }])).toEqual({});
    expect(v1FilterQuery([{ field: 'department', values: ['a\\b'] }])).toEqual({
      filter: 'department:$eq:a\\b',
    });
  });

  it('v2: leaves out a value with a comma (form, explode: false) and an `in` term with `|`', () => {
    expect(v2FilterQuery([{ field: 'name', values: ['Sales, EMEA'] }])).toEqual({});
    expect(v2FilterQuery([{ field: 'name', values: ['a|b', 'c'] }])).toEqual({});
    expect(v2FilterQuery([{ field: 'name', values: ['a|b'] }])).toEqual({ filter: ['name:eq:a|b'] });
    expect(v2FilterQuery([{ field: 'name', values: ['a', 'b'] }])).toEqual({ filter: ['name:in:a|b'] });
  });

  it('the simulator reads v2 filters joined by commas, and `in` terms split on every `|`', () => {
    const rows = [
      { name: 'a', type: 'x' },
      { name: 'a', type: 'y' },
      { name: 'b\\', type: 'x' },
    ];
    const matching = (query: string) => rows.filter(v2Filters(new URLSearchParams(query)));
    expect(matching('filter=name:eq:a,type:eq:x')).toEqual([rows[0]]);
    expect(matching('filter=name:eq:a&filter=type:eq:y')).toEqual([rows[1]]);
    expect(matching(`filter=${encodeURIComponent('name:in:b\\|a')}`)).toEqual(rows);
  });
});

describe('filters with the grammar’s own characters, through the engine', () => {
  let demo: DemoEngine;
  beforeAll(async () => {
    demo = await openDemoEngine({ cache: false });
    const org = demo.simulator.data.orgs[0]!;
    org.users[1]!.department = 'R|D';
    org.users[2]!.department = 'Sales, EMEA';
    org.users[3]!.department = 'a\\b';
    org.userGroups[1]!.name = 'Sales, EMEA';
    org.userGroups[2]!.name = 'R|D';
  });
  afterAll(() => demo?.close());
  beforeEach(() => demo.simulator.resetStats());

  const users = async (where: string) =>
    (await demo.query(`select department from jumpcloud_user where ${where}`)).map((row) => row.department);
  const groups = async (where: string) =>
    (await demo.query(`select name from jumpcloud_user_group where ${where}`)).map((row) => row.name);

  it('finds users by a department with `|`, `,` or `\\`', async () => {
    expect(await users(`department = 'R|D'`)).toEqual(['R|D']);
    expect(await users(`department = 'Sales, EMEA'`)).toEqual(['Sales, EMEA']);
    expect(await users(`department = 'a\\b'`)).toEqual(['a\\b']);
    expect((await users(`department in ('R|D', 'a\\b')`)).sort()).toEqual(['R|D', 'a\\b']);
  });

  it('finds groups by a name with `,` or `|`', async () => {
    expect(await groups(`name = 'Sales, EMEA'`)).toEqual(['Sales, EMEA']);
    expect(await groups(`name = 'R|D'`)).toEqual(['R|D']);
    expect((await groups(`name in ('R|D', 'Sales, EMEA')`)).sort()).toEqual(['R|D', 'Sales, EMEA']);
  });

  it('pushes no LIMIT with a text filter (the API may compare text otherwise), but does with a flag', async () => {
    const user = demo.simulator.data.orgs[0]!.users[10]!;
    expect(await users(`email = '${user.email}' limit 1`)).toHaveLength(1);
    const textUrl = demo.simulator.requestLog().at(-1)!.url;
    expect(textUrl).toContain('filter=');
    expect(new URL(textUrl, 'http://x').searchParams.get('limit')).not.toBe('1');
    demo.simulator.resetStats();
    expect(await users('suspended = false limit 1')).toHaveLength(1);
    expect(new URL(demo.simulator.requestLog().at(-1)!.url, 'http://x').searchParams.get('limit')).toBe('1');
  });
});
