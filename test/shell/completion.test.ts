import { describe, expect, it } from 'vitest';
import { type CompletionSources, complete, namedTables } from '../../src/cli/shell/completion.js';
import { META_COMMANDS } from '../../src/cli/shell/meta-commands.js';
import { tables } from '../../src/tables/index.js';

const sources: CompletionSources = {
  tables,
  connections: ['jc_prod', 'all_jc'],
  metaCommands: META_COMMANDS,
};
const at = (before: string, pending = '', after = '') => complete({ pending, before, after }, sources);

describe('completion', () => {
  it('offers statement keywords and meta-commands at the start', () => {
    expect(at('se')).toEqual([['select'], 'se']);
    expect(at('SEL')).toEqual([['SELECT'], 'SEL']);
    expect(at('.in')).toEqual([['.inspect'], '.in']);
    expect(at('.')[0]).toEqual(expect.arrayContaining(['.help', '.output', '.exit', '.connection']));
  });

  it('offers table names after FROM and JOIN, and in a FROM list', () => {
    // Every table whose name starts so, in order (the registry is sorted by name).
    const named = (prefix: string) =>
      tables.map((table) => table.name).filter((name) => name.startsWith(prefix));
    expect(named('jumpcloud_dev')).toContain('jumpcloud_device_macos_app');
    expect(at('select * from jumpcloud_us')).toEqual([named('jumpcloud_us'), 'jumpcloud_us']);
    expect(at('select * from jumpcloud_user u join jumpcloud_dev')[0]).toEqual(named('jumpcloud_dev'));
    expect(at('select * from jumpcloud_user u, jumpcloud_org')[0]).toEqual(['jumpcloud_organization']);
    expect(at('select * from jc_')[0]).toEqual(['jc_prod.']);
  });

  it('offers a connection’s tables after its schema name', () => {
    expect(at('select * from jc_prod.jumpcloud_radius')).toEqual([
      ['jc_prod.jumpcloud_radius_server'],
      'jc_prod.jumpcloud_radius',
    ]);
  });

  it('offers the columns of the tables the statement names, wherever the cursor is', () => {
    expect(at('select * from jumpcloud_user where userna')).toEqual([['username'], 'userna']);
    // The table comes after the cursor, on the same line.
    expect(at('select userna', '', ' from jumpcloud_user')).toEqual([['username'], 'userna']);
    // The table was named on an earlier line of the statement.
    expect(at('where userna', 'select *\nfrom jumpcloud_user')).toEqual([['username'], 'userna']);
    // No table named: no columns, only keywords.
    expect(at('select userna')).toEqual([[], 'userna']);
  });

  it('offers one table’s columns after its alias or name and a dot', () => {
    expect(at('select u.mf')).toEqual([[], 'u.mf']); // no table named before or after the cursor
    expect(at('select u.mf', '', ' from jumpcloud_user as u')).toEqual([['u.mfa'], 'u.mf']);
    expect(at('select jumpcloud_organization.display', '', ' from jumpcloud_organization')[0]).toEqual([
      'jumpcloud_organization.display_name',
    ]);
  });

  it('looks only at the statement the cursor is in', () => {
    expect(at('select * from jumpcloud_user; select userna')).toEqual([[], 'userna']);
  });

  it('mixes matching columns and keywords elsewhere', () => {
    const [hits] = at('select * from jumpcloud_organization where display_name is n');
    expect(hits).toEqual(['not', 'null']);
    const [withColumn] = at('select * from jumpcloud_user where e');
    expect(withColumn).toEqual(expect.arrayContaining(['email', 'employee_type', 'else', 'end']));
  });

  it('completes meta-command arguments', () => {
    expect(at('.output j')).toEqual([['json'], 'j']);
    expect(at('.inspect jumpcloud_user_gr')).toEqual([
      ['jumpcloud_user_group', 'jumpcloud_user_group_member'],
      'jumpcloud_user_gr',
    ]);
    expect(at('.timing ')).toEqual([['off', 'on', 'verbose'], '']);
    expect(at('.cache c')).toEqual([['clear'], 'c']);
    expect(at('.connection jc')).toEqual([['jc_prod'], 'jc']);
    expect(at('.help x')).toEqual([[], 'x']);
  });

  it('does not take a continued statement’s line for a meta-command', () => {
    expect(at('.5', 'select 1 +')[0]).toEqual([]);
  });
});

describe('namedTables', () => {
  it('finds tables and their aliases, skipping keywords', () => {
    const named = namedTables(
      'select * from jumpcloud_user as u join c.jumpcloud_device d on true where',
      sources,
    );
    expect([...named.keys()].sort()).toEqual(['d', 'jumpcloud_device', 'jumpcloud_user', 'u']);
    expect(namedTables('select * from jumpcloud_user where true', sources).has('where')).toBe(false);
  });
});
