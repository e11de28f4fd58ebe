import { boolean, pgTable, text } from 'drizzle-orm/pg-core'
import { at, createdAt, idColumn, tenantColumn, tenantIsolation, updatedAt } from './rls.ts'
import { tenants, tierEnum } from './tenancy.ts'

export const billingCustomers = pgTable(
  'billing_customers',
  {
    tenantId: tenantColumn(tenants).primaryKey(),
    stripeCustomerId: text('stripe_customer_id').notNull().unique(),
    email: text('email'),
    createdAt: createdAt(),
  },
  (t) => [tenantIsolation(t.tenantId)],
).enableRLS()

/** Mirrors a Stripe subscription; `tier` is what the tenant gets while it is in good standing. */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: idColumn('subscription'),
    tenantId: tenantColumn(tenants),
    stripeSubscriptionId: text('stripe_subscription_id').notNull().unique(),
    stripePriceId: text('stripe_price_id'),
    tier: tierEnum('tier').notNull(),
    status: text('status').notNull(),
    currentPeriodEnd: at('current_period_end'),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    graceUntil: at('grace_until'),
    // Stripe delivers events out of order: an older event must not overwrite a newer state.
    lastEventAt: at('last_event_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [tenantIsolation(t.tenantId)],
).enableRLS()

/** Webhook idempotency: an event id is processed once, in the transaction of its effect. */
export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: createdAt(),
})
