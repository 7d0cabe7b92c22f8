import type { Endpoint } from '../client/index.js';
import { col } from '../sdk/index.js';
import { apiTable, detailHydrate, organizationIdColumn, organizationsList, titleColumn } from './common.js';

/** An organization as `/api/organizations` lists it: id, name and logo. */
export interface OrganizationListItem extends Record<string, unknown> {
  _id: string;
  displayName?: string;
  logoUrl?: string | null;
}

/** The organizations endpoints refuse x-org-id (403), so it is never sent to them. */
const organization: Endpoint = { path: '/api/organizations/{id}', sendOrgId: false };

export const jumpcloud_organization = apiTable<OrganizationListItem>({
  name: 'jumpcloud_organization',
  description: 'JumpCloud Organization',
  list: organizationsList,
  get: organization,
  hydrates: {
    // The list gives id, name and logo; the other columns come from one GET per organization.
    detail: detailHydrate(organization, '_id'),
  },
  columns: [
    col.string('display_name', 'The name of the organization.', { from: 'displayName' }),
    col.string('id', 'The ID of the organization.', { from: '_id' }),
    col.string('logo_url', 'The organization logo image URL.', { from: 'logoUrl' }),
    col.timestamp('created', 'The date and time when the organization was created.', {
      hydrate: 'detail',
      from: 'created',
    }),
    col.bool('has_credit_card', 'True, if credit card details have been provided for billing.', {
      hydrate: 'detail',
      from: 'hasCreditCard',
    }),
    col.bool('has_stripe_customer_id', 'True, if a Stripe customer ID has been provided.', {
      hydrate: 'detail',
      from: 'hasStripeCustomerId',
    }),
    col.int('total_billing_estimate', 'Indicates the estimated billing for the organization.', {
      hydrate: 'detail',
      from: 'totalBillingEstimate',
    }),
    organizationIdColumn('_id'),
    col.json('entitlement', 'Specifies the billing entitlement.', {
      hydrate: 'detail',
      from: 'entitlement',
    }),
    col.json('settings', 'Specifies the organization settings.', {
      hydrate: 'detail',
      from: 'settings',
    }),
    titleColumn('displayName'),
  ],
});
