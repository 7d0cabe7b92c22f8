import type { ProductWording, TableDef } from '../sdk/index.js';
import { JCSQL_VERSION } from '../version.js';
import { insightTables } from './insights/index.js';
import { jumpcloud_active_directory } from './jumpcloud_active_directory.js';
import { jumpcloud_apple_mdm } from './jumpcloud_apple_mdm.js';
import { jumpcloud_application } from './jumpcloud_application.js';
import { jumpcloud_association } from './jumpcloud_association.js';
import { jumpcloud_authentication_policy } from './jumpcloud_authentication_policy.js';
import { jumpcloud_command } from './jumpcloud_command.js';
import { jumpcloud_command_result } from './jumpcloud_command_result.js';
import { jumpcloud_command_target } from './jumpcloud_command_target.js';
import { jumpcloud_device } from './jumpcloud_device.js';
import { jumpcloud_device_group } from './jumpcloud_device_group.js';
import { jumpcloud_device_group_member } from './jumpcloud_device_group_member.js';
import { jumpcloud_device_linux_package } from './jumpcloud_device_linux_package.js';
import { jumpcloud_device_macos_app } from './jumpcloud_device_macos_app.js';
import { jumpcloud_device_windows_program } from './jumpcloud_device_windows_program.js';
import { jumpcloud_directory } from './jumpcloud_directory.js';
import { jumpcloud_directory_event } from './jumpcloud_directory_event.js';
import { jumpcloud_ip_list } from './jumpcloud_ip_list.js';
import { jumpcloud_ldap_server } from './jumpcloud_ldap_server.js';
import { jumpcloud_mdm_device } from './jumpcloud_mdm_device.js';
import { jumpcloud_organization } from './jumpcloud_organization.js';
import { jumpcloud_policy } from './jumpcloud_policy.js';
import { jumpcloud_policy_device } from './jumpcloud_policy_device.js';
import { jumpcloud_policy_group } from './jumpcloud_policy_group.js';
import { jumpcloud_policy_group_member } from './jumpcloud_policy_group_member.js';
import { jumpcloud_policy_result } from './jumpcloud_policy_result.js';
import { jumpcloud_policy_status } from './jumpcloud_policy_status.js';
import { jumpcloud_policy_template } from './jumpcloud_policy_template.js';
import { jumpcloud_radius_server } from './jumpcloud_radius_server.js';
import { jumpcloud_software_app } from './jumpcloud_software_app.js';
import { jumpcloud_software_app_status } from './jumpcloud_software_app_status.js';
import { jumpcloud_user } from './jumpcloud_user.js';
import { jumpcloud_user_application } from './jumpcloud_user_application.js';
import { jumpcloud_user_device } from './jumpcloud_user_device.js';
import { jumpcloud_user_group } from './jumpcloud_user_group.js';
import { jumpcloud_user_group_member } from './jumpcloud_user_group_member.js';
import { jumpcloud_user_ldap_server } from './jumpcloud_user_ldap_server.js';
import { jumpcloud_user_radius_server } from './jumpcloud_user_radius_server.js';

/** Every table, sorted by name: adding a table is one file and one line here (System Insights: generated). */
export const tables: readonly TableDef[] = [
  jumpcloud_active_directory,
  jumpcloud_apple_mdm,
  jumpcloud_application,
  jumpcloud_association,
  jumpcloud_authentication_policy,
  jumpcloud_command,
  jumpcloud_command_result,
  jumpcloud_command_target,
  jumpcloud_device,
  jumpcloud_device_group,
  jumpcloud_device_group_member,
  jumpcloud_device_linux_package,
  jumpcloud_device_macos_app,
  jumpcloud_device_windows_program,
  jumpcloud_directory,
  jumpcloud_directory_event,
  jumpcloud_ip_list,
  jumpcloud_ldap_server,
  jumpcloud_mdm_device,
  jumpcloud_organization,
  jumpcloud_policy,
  jumpcloud_policy_device,
  jumpcloud_policy_group,
  jumpcloud_policy_group_member,
  jumpcloud_policy_result,
  jumpcloud_policy_status,
  jumpcloud_policy_template,
  jumpcloud_radius_server,
  jumpcloud_software_app,
  jumpcloud_software_app_status,
  jumpcloud_user,
  jumpcloud_user_application,
  jumpcloud_user_device,
  jumpcloud_user_group,
  jumpcloud_user_group_member,
  jumpcloud_user_ldap_server,
  jumpcloud_user_radius_server,
  ...insightTables,
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export const tablesByName: ReadonlyMap<string, TableDef> = new Map(
  tables.map((table) => [table.name, table]),
);

/** How the planner's refusals name jcsql and JumpCloud: the SDK knows no product. */
export const wording: ProductWording = {
  product: 'jcsql',
  service: 'JumpCloud',
  copyExample: `create temp table my_users as select … from ${jumpcloud_user.name}`,
};

/** What each row's `sp_ctx` says after its connection's name: jcsql and its version. */
export const rowContext: Readonly<Record<string, unknown>> = Object.freeze({
  jcsql: Object.freeze({ version: JCSQL_VERSION }),
});
