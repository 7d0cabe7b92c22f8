import type { OrganizationListItem } from '../client/index.js';
import { col, defineTable } from '../sdk/index.js';
import { type Ctx, organizationIdColumn, titleColumn } from './common.js';

/** The list gives id, name and logo; the other columns come from one GET per organization. */
const fromDetail = (field: string) => (_org: OrganizationListItem, detail: unknown) =>
  (detail as Record<string, unknown> | null)?.[field];

export const jumpcloud_organization = defineTable({
  name: 'jumpcloud_organization',
  description: 'JumpCloud Organization',
  list: {
    fields: true,
    run: (ctx: Ctx) =>
      ctx.connection.client.listOrganizations({ fields: ctx.fields, limit: ctx.limit, signal: ctx.signal }),
  },
  get: {
    keyColumn: 'id',
    run: (id: string, ctx: Ctx) => ctx.connection.client.getOrganization(id, ctx.signal),
  },
  hydrates: {
    detail: {
      run: (org: OrganizationListItem, ctx: Ctx) =>
        ctx.connection.client.getOrganization(org._id, ctx.signal),
      sameAsGet: true,
    },
  },
  columns: [
    col.string('display_name', 'The name of the organization.', { from: 'displayName' }),
    col.string('id', 'The ID of the organization.', { from: '_id' }),
    col.string('logo_url', 'The organization logo image URL.', { from: 'logoUrl' }),
    col.timestamp('created', 'The date and time when the organization was created.', {
      hydrate: 'detail',
      from: fromDetail('created'),
    }),
    col.bool('has_credit_card', 'True, if credit card details have been provided for billing.', {
      hydrate: 'detail',
      from: fromDetail('hasCreditCard'),
    }),
    col.bool('has_stripe_customer_id', 'True, if a Stripe customer ID has been provided.', {
      hydrate: 'detail',
      from: fromDetail('hasStripeCustomerId'),
    }),
    col.int('total_billing_estimate', 'Indicates the estimated billing for the organization.', {
      hydrate: 'detail',
      from: fromDetail('totalBillingEstimate'),
    }),
    organizationIdColumn(),
    col.json('entitlement', 'Specifies the billing entitlement.', {
      hydrate: 'detail',
      from: fromDetail('entitlement'),
    }),
    col.json('settings', 'Specifies the organization settings.', {
      hydrate: 'detail',
      from: fromDetail('settings'),
    }),
    titleColumn('displayName'),
  ],
});
