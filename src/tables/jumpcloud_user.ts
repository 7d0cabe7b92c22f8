import { col, defineTable } from '../sdk/index.js';
import { type Ctx, organizationIdColumn, titleColumn } from './common.js';

export const jumpcloud_user = defineTable({
  name: 'jumpcloud_user',
  description: 'JumpCloud User',
  list: {
    fields: true,
    run: (ctx: Ctx) =>
      ctx.connection.client.listUsers({
        filters: ctx.filters,
        fields: ctx.fields,
        limit: ctx.limit,
        signal: ctx.signal,
      }),
  },
  get: { keyColumn: 'id', run: (id: string, ctx: Ctx) => ctx.connection.client.getUser(id, ctx.signal) },
  columns: [
    col.string('display_name', "Specifies the user's preferred full name.", { from: 'displayname' }),
    col.string('id', 'A unique identifier for the user.', { from: '_id' }),
    col.string('username', 'The technical user name.', { filter: 'username' }),
    col.string('description', 'Specifies the description provided by the user.'),
    col.string(
      'email',
      'The users e-mail address, which is also used for log ins. E-mail addresses have to be unique across all JumpCloud accounts, there cannot be two users with the same e-mail address.',
      { filter: 'email' },
    ),
    col.timestamp('created', 'Specifies the timestamp when the user is created.'),
    col.bool('account_locked', 'True, if the user account is locked.', { filter: 'account_locked' }),
    col.bool('activated', 'True, if the user account is active.', { filter: 'activated' }),
    col.bool('suspended', 'True, if the user account is suspended.', { filter: 'suspended' }),
    col.bool('allow_public_key', 'If true, public keys are allowed for the user.'),
    col.string('company', 'The name of the company.', { filter: 'company' }),
    col.string('cost_center', 'Specifies the cost center.', { from: 'costCenter' }),
    col.string('department', 'Specifies the department the employee is part of.', { filter: 'department' }),
    col.string('employee_identifier', 'A unique identifier of the user inside an organization.', {
      from: 'employeeIdentifier',
    }),
    col.string('employee_type', 'The employment type of the employee.', {
      from: 'employeeType',
      filter: 'employeeType',
    }),
    col.bool('enable_manage_uid', 'If true, a managed UID is generated for the user.', {
      from: 'enable_managed_uid',
    }),
    col.bool(
      'enable_user_portal_multifactor',
      'If true, MFA is enabled while logging in to the user portal.',
    ),
    col.string('external_dn', 'The external DN provided for the user.'),
    col.string('external_source_type', 'Specifies the external source type of the user.'),
    col.bool('externally_managed', 'Specifies whether the user is externally managed.'),
    col.string('first_name', "The user's first name.", { from: 'firstname' }),
    col.string('job_title', "The user's job title.", { from: 'jobTitle', filter: 'jobTitle' }),
    col.string('last_name', "The user's last name.", { from: 'lastname' }),
    col.string('location', "The user's location.", { filter: 'location' }),
    col.string('middle_name', "The user's middle name.", { from: 'middlename' }),
    col.string('organization', 'The name of the organization the user is working with.'),
    col.timestamp('password_expiration_date', 'Specifies the timestamp when the password will expire.'),
    col.bool('password_expired', 'True, if the password has expired.'),
    col.bool('password_never_expires', 'If true, the password never gets expired.'),
    col.bool('passwordless_sudo', 'If true, password is not required while using sudo.'),
    col.string('public_key', 'The public key for the user.'),
    col.bool('totp_enabled', 'If true, TOTP is enabled for the user.'),
    col.json('mfa', 'Specifies the MFA configuration for the user.'),
    col.json('attributes', 'A list of attributes for the user.'),
    col.json('ssh_keys', 'A list of SSH public keys for the user.'),
    col.json('tags', 'A list of tags attached with the user.'),
    organizationIdColumn(),
    titleColumn('displayname'),
  ],
});
