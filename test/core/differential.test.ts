import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';

/** Queries whose answers must not depend on what is pushed down to the API. */
const QUERIES = [
  "select id, username from jumpcloud_user where email like '%@%' order by id limit 7",
  "select username from jumpcloud_user where department = 'Engineering' and activated order by 1",
  "select username from jumpcloud_user where department in ('Finance', 'Sales') or suspended order by 1",
  'select username from jumpcloud_user where not suspended and account_locked is not true order by 1 limit 5',
  "select count(*) from jumpcloud_user where activated = 'yes'",
  "select count(*) from jumpcloud_user where activated = 'n'",
  'select username from jumpcloud_user limit 3 offset 2',
  'select distinct department from jumpcloud_user order by 1 limit 4',
  "select d.display_name, a.name, a.version from jumpcloud_device d join jumpcloud_device_macos_app a on a.device_id = d.id where d.os = 'Mac OS X' and a.name like 'Zoom%' order by 1, 2, 3",
  "select count(*) from jumpcloud_device_windows_program where device_id in (select id from jumpcloud_device where os = 'Windows')",
  "select g.name, count(*) from jumpcloud_user_group g cross join lateral jsonb_array_elements(g.members) m join jumpcloud_user u on u.id = m ->> 'id' where u.activated group by 1 order by 1",
  "with eng as (select * from jumpcloud_user where department = 'Engineering') select count(*) from eng where mfa ->> 'configured' = 'true'",
  "select u.username from jumpcloud_user u where u.id = (select min(id) from jumpcloud_user where department = 'IT')",
  "select os, count(*) filter (where fde ->> 'active' = 'true') from jumpcloud_device group by os order by os",
  "select name, rank() over (order by jsonb_array_length(members) desc) from jumpcloud_user_group where name <> 'All Employees' order by 2, 1 limit 5",
  "select username from jumpcloud_user where id = any('{ffffffffffffffffffffffff}'::text[])",
  "select a.name, g.name from jumpcloud_application a, jsonb_array_elements(a.user_groups) ug join jumpcloud_user_group g on g.id = ug ->> 'id' order by 1, 2",
  "select r.name from jumpcloud_radius_server r where r.mfa = 'ENABLED' union select name from jumpcloud_user_group where name = 'Engineering' order by 1",
  "select count(*) from jumpcloud_user u1 join jumpcloud_user u2 on u1.department = u2.department where u1.username = 'ivan.wilson'",
  `select display_name from jumpcloud_organization where id = '${'x'.repeat(24)}' or display_name is not null order by 1`,
  "select u.username, d.display_name, ud.direct, ud.sudo_without_password from jumpcloud_user_device ud join jumpcloud_device d on d.id = ud.device_id join jumpcloud_user u on u.id = ud.user_id where d.os_family = 'linux' and ud.sudo_enabled order by 1, 2",
  "select user_id, device_id, direct, via, paths, compiled_attributes from jumpcloud_user_device where user_id in (select id from jumpcloud_user where department = 'IT') order by 1, 2",
  "select ud.user_id, ud.device_id, ud.via, ud.paths, ud.sudo_enabled from jumpcloud_device d join jumpcloud_user_device ud on ud.device_id = d.id where d.os_family = 'linux' order by 1, 2",
  "select distinct d.display_name, m.group_name, ud.user_id from jumpcloud_device_group_member m join jumpcloud_user_device ud on ud.device_id = m.member_id join jumpcloud_device d on d.id = ud.device_id where exists (select 1 from jumpcloud_association a where a.from_type = 'system_group' and a.from_id = m.group_id and a.to_type = 'user_group') and not exists (select 1 from jumpcloud_association a join jumpcloud_user_group_member g on g.group_id = a.to_id where a.from_type = 'system_group' and a.from_id = m.group_id and a.to_type = 'user_group' and g.member_id = ud.user_id) order by 1, 2, 3",
  'select u.username from jumpcloud_user u where u.id not in (select member_id from jumpcloud_user_group_member) order by 1',
  'select g.name, count(m.member_id) from jumpcloud_user_group g left join jumpcloud_user_group_member m on m.group_id = g.id group by 1 order by 1',
  'select g.name, count(m.member_id) from jumpcloud_device_group g left join jumpcloud_device_group_member m on m.group_id = g.id group by 1 order by 1',
  "select a.from_id, a.to_type, a.to_id, a.attributes from jumpcloud_association a where a.from_type = 'user' and a.from_id in (select id from jumpcloud_user where department = 'IT') order by 1, 2, 3",
  'select from_type, from_id, to_type, to_id from jumpcloud_association where from_id in (select id from jumpcloud_device_group) order by 1, 2, 3, 4',
  "select ua.application_id, ua.user_id, ua.direct, ua.via from jumpcloud_user_application ua where ua.user_id in (select id from jumpcloud_user where department = 'Sales') order by 1, 2",
  'select rs.radius_server_id, rs.user_id, rs.compiled_attributes, rs.paths from jumpcloud_user_radius_server rs where rs.radius_server_id in (select id from jumpcloud_radius_server) order by 1, 2',
  "select l.user_id, l.direct, l.via, l.compiled_attributes from jumpcloud_user_ldap_server l join jumpcloud_user u on u.id = l.user_id where u.department = 'IT' order by 1",
  "select name, user_lockout_action from jumpcloud_ldap_server where name = 'JumpCloud LDAP'",
];

describe('pushdown on and off give the same answers', () => {
  let on: DemoEngine;
  /** Without the cache, lists fetch only the fields of the query's columns. */
  let uncached: DemoEngine;
  let off: DemoEngine;
  beforeAll(async () => {
    const simulator = await startSimulator({ users: 300, devices: 40 });
    on = await openDemoEngine({ running: simulator, pushdown: true });
    uncached = await openDemoEngine({ running: simulator, pushdown: true, cache: false });
    off = await openDemoEngine({ running: simulator, pushdown: false });
  });
  afterAll(async () => {
    await on?.close();
    await uncached?.close();
    await off?.close();
    await on?.simulator.close();
  });

  for (const sql of QUERIES) {
    it(sql, async () => {
      const expected = await off.query(sql);
      expect(await on.query(sql)).toEqual(expected);
      expect(await uncached.query(sql)).toEqual(expected);
    });
  }

  it('pushes down: a selective query costs fewer API calls with pushdown', async () => {
    const user = on.simulator.data.orgs[0]!.users[42]!;
    const sql = `select username from jumpcloud_user where id = '${user._id}'`;
    on.connections.default[0]!.cache.clear(); // earlier full scans would answer it with no call at all
    const before = on.connections.requests.count;
    await on.query(sql);
    expect(on.connections.requests.count - before).toBe(1);
  });
});
