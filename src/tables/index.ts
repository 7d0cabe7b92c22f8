import type { ProductWording, TableDef } from '../sdk/index.js';
import { JCSQL_VERSION } from '../version.js';
import { jumpcloud_application } from './jumpcloud_application.js';
import { jumpcloud_association } from './jumpcloud_association.js';
import { jumpcloud_device } from './jumpcloud_device.js';
import { jumpcloud_device_group } from './jumpcloud_device_group.js';
import { jumpcloud_device_group_member } from './jumpcloud_device_group_member.js';
import { jumpcloud_device_linux_package } from './jumpcloud_device_linux_package.js';
import { jumpcloud_device_macos_app } from './jumpcloud_device_macos_app.js';
import { jumpcloud_device_windows_program } from './jumpcloud_device_windows_program.js';
import { jumpcloud_ldap_server } from './jumpcloud_ldap_server.js';
import { jumpcloud_organization } from './jumpcloud_organization.js';
import { jumpcloud_radius_server } from './jumpcloud_radius_server.js';
import { jumpcloud_user } from './jumpcloud_user.js';
import { jumpcloud_user_application } from './jumpcloud_user_application.js';
import { jumpcloud_user_device } from './jumpcloud_user_device.js';
import { jumpcloud_user_group } from './jumpcloud_user_group.js';
import { jumpcloud_user_group_member } from './jumpcloud_user_group_member.js';
import { jumpcloud_user_ldap_server } from './jumpcloud_user_ldap_server.js';
import { jumpcloud_user_radius_server } from './jumpcloud_user_radius_server.js';

/** Every table, sorted by name: adding a table is one file and one line here. */
export const tables: readonly TableDef[] = [
  jumpcloud_application,
  jumpcloud_device,
  jumpcloud_device_group,
  jumpcloud_device_linux_package,
  jumpcloud_device_macos_app,
  jumpcloud_device_windows_program,
  jumpcloud_organization,
  jumpcloud_radius_server,
  jumpcloud_user,
  jumpcloud_user_group,
  jumpcloud_user_group_member,
  jumpcloud_association,
  jumpcloud_device_group_member,
  jumpcloud_ldap_server,
  jumpcloud_user_application,
  jumpcloud_user_device,
  jumpcloud_user_ldap_server,
  jumpcloud_user_radius_server,
];

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
