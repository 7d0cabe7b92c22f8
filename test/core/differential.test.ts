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
  "select name, command_type, launch_type from jumpcloud_command where command_type = 'windows' or launch_type = 'trigger' order by 1",
  "select name, device_count, timeout from jumpcloud_command where name in ('Report BitLocker status', 'Disk usage report') order by 1",
  'select r.command_name, d.display_name, r.exit_code, r.error from jumpcloud_command_result r join jumpcloud_device d on d.id = r.device_id where r.exit_code <> 0 order by r.id',
  "select r.id, r.output from jumpcloud_command_result r where r.command_id in (select id from jumpcloud_command where command_type = 'mac') order by 1 limit 6",
  'select c.name, count(r.id) from jumpcloud_command c left join jumpcloud_command_result r on r.command_id = c.id group by 1 order by 1',
  "select t.command_name, count(*) from jumpcloud_command_target t join jumpcloud_device d on d.id = t.device_id where t.command_id = (select id from jumpcloud_command where name = 'Apply security updates') group by 1",
  "select display_name, package_manager from jumpcloud_software_app where display_name = 'Google Chrome' or desired_state = 'Uninstall' order by 1",
  'select a.display_name, s.state, count(*) from jumpcloud_software_app a join jumpcloud_software_app_status s on s.software_app_id = a.id group by 1, 2 order by 1, 2',
  "select s.software_app_name, s.state from jumpcloud_software_app_status s where s.device_id in (select id from jumpcloud_device where os = 'Windows') order by s.id limit 10",
  "select d.display_name, s.software_app_name, s.details from jumpcloud_software_app_status s join jumpcloud_device d on d.id = s.device_id where s.state = 'FAILED' order by 1, 2",
  // Without pushdown the events table reads its default window (24 hours): windows inside it agree.
  "select id, service from jumpcloud_directory_event where timestamp > now() - interval '20 hours' and service in ('sso', 'directory') order by id",
  "select count(*) from jumpcloud_directory_event where timestamp between now() - interval '23 hours' and now() - interval '2 hours' and not success",
  "select event_type, count(*) from jumpcloud_directory_event where timestamp > now() - interval '22 hours' group by 1 order by 1",
  "select d.display_name, d.serial_number from jumpcloud_device d left join jumpcloud_mdm_device m on m.serial_number = d.serial_number and m.enrolled where d.os = 'Mac OS X' and m.id is null order by 1, 2",
  'select serial_number, model_name from jumpcloud_mdm_device where dep_registered and not enrolled order by 1',
  "select count(*) from jumpcloud_mdm_device m join jumpcloud_device d on d.mdm -> 'internal' ->> 'deviceId' = m.id where m.enrolled = true",
  "select m.id from jumpcloud_mdm_device m where m.serial_number in (select serial_number from jumpcloud_device where os = 'Mac OS X') order by 1 limit 3",
  'select p.name, g.name from jumpcloud_authentication_policy p cross join lateral jsonb_array_elements_text(p.target_user_group_ids) gid join jumpcloud_user_group g on g.id = gid where not p.disabled order by 1, 2',
  'select l.name, p.name from jumpcloud_ip_list l join jumpcloud_authentication_policy p on p.ip_list_ids ? l.id order by 1, 2',
  "select name, type, groups_enabled, user_lockout_action from jumpcloud_directory where type in ('g_suite', 'office_365') order by 1",
  "select a.domain, count(u.id) from jumpcloud_active_directory a left join jumpcloud_user u on u.external_source_type = 'ActiveDirectory' group by 1",
  "select m.name, count(d.id) from jumpcloud_apple_mdm m left join jumpcloud_mdm_device d on d.apple_mdm_id = m.id where m.apns_cert_expiry < now() + interval '30 days' group by 1",
  'select p.name, count(*) filter (where not s.success) as failing from jumpcloud_policy p join jumpcloud_policy_status s on s.policy_id = p.id group by 1 order by 1',
  "select d.display_name, p.name, s.state from jumpcloud_policy_status s join jumpcloud_device d on d.id = s.device_id join jumpcloud_policy p on p.id = s.policy_id where s.state <> 'success' and d.os = 'Mac OS X' order by 1, 2, 3",
  "select count(*) from jumpcloud_policy_result where device_id in (select id from jumpcloud_device where os = 'Windows') and state = 'failed'",
  "select state, count(*) from jumpcloud_policy_result where policy_id = (select id from jumpcloud_policy where name = 'Require FileVault') group by 1 order by 1",
  "select template_name, os_meta_family from jumpcloud_policy where os_meta_family = 'darwin' and name like '%mac%' order by 1",
  "select name from jumpcloud_policy_template where os_meta_family in ('linux', 'windows') and name <> 'lock_screen_linux' order by 1",
  'select g.name, m.policy_id from jumpcloud_policy_group g left join jumpcloud_policy_group_member m on m.group_id = g.id order by 1, 2',
  'select p.name from jumpcloud_policy p where not exists (select 1 from jumpcloud_policy_device b where b.policy_id = p.id) order by 1',
  "select b.direct, count(*) from jumpcloud_policy_device b join jumpcloud_device d on d.id = b.device_id where d.os_family = 'windows' group by 1 order by 1",
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
  // Joins that push keys (docs/joins.md): JOIN … ON, WHERE, IN (subquery), = (subquery), chains,
  // a driver with no rows, one with more keys than reading by key is worth, outer joins.
  "select d.display_name, a.name, a.version from jumpcloud_device d join jumpcloud_device_macos_app a on a.device_id = d.id where d.id = (select min(id) from jumpcloud_device where os = 'Mac OS X') order by 1, 2, 3",
  "select u.username, ud.device_id, ud.direct from jumpcloud_user u join jumpcloud_user_device ud on ud.user_id = u.id where u.username = 'ivan.wilson' order by 2",
  "select u.username, ud.device_id from jumpcloud_user u, jumpcloud_user_device ud where ud.user_id = u.id and u.department = 'IT' order by 1, 2",
  "select a.device_id, a.name from jumpcloud_device_macos_app a where a.device_id in (select id from jumpcloud_device where os = 'Mac OS X') order by 1, 2",
  "select ud.device_id from jumpcloud_user_device ud where ud.user_id = (select id from jumpcloud_user where username = 'ivan.wilson') order by 1",
  "select u.username, d.hostname from jumpcloud_user u join jumpcloud_user_device ud on ud.user_id = u.id join jumpcloud_device d on d.id = ud.device_id where u.department = 'Finance' order by 1, 2",
  "select ud.device_id from jumpcloud_user u join jumpcloud_user_device ud on ud.user_id = u.id where u.username = 'no.such.user'",
  "select u.username, count(ud.device_id) from jumpcloud_user u left join jumpcloud_user_device ud on ud.user_id = u.id where u.department = 'Sales' group by 1 order by 1",
  "select d.display_name, count(a.name) from jumpcloud_device_macos_app a right join jumpcloud_device d on a.device_id = d.id where d.os = 'Mac OS X' group by 1 order by 1",
  "select m.member_id, u.username from jumpcloud_user_group_member m join jumpcloud_user u on u.id = m.member_id where m.group_name = 'Engineering' order by 1",
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
