import { type Database, schema } from '@vm-algo/db'
import { and, eq, inArray, lte, ne } from 'drizzle-orm'
import { settleTenantTier, type TierChange } from './sync.ts'

/**
 * Ends grace periods that are over: a tenant whose renewal failed keeps its plan for
 * BILLING_GRACE_DAYS while Stripe retries the card; after that it drops to free even if Stripe
 * has not given up yet. Run it periodically (the Node server does every minute); the billing
 * page also settles its own tenant when read, so an owner never sees a stale plan there.
 * Returns the tier changes made.
 *
 * @example
 * await expireGracePeriods(db) // e.g. [{ tenantId: 'tnt_…', from: 'pro', to: 'free' }]
 */
export async function expireGracePeriods(
  db: Database,
  now: Date = new Date(),
): Promise<Array<TierChange & { tenantId: string }>> {
  const { subscriptions, tenants } = schema
  const due = await db
    .selectDistinct({ tenantId: subscriptions.tenantId })
    .from(subscriptions)
    .innerJoin(tenants, and(eq(tenants.id, subscriptions.tenantId), ne(tenants.tier, 'free')))
    .where(
      and(
        inArray(subscriptions.status, ['past_due', 'unpaid']),
        lte(subscriptions.graceUntil, now),
      ),
    )
  const changes: Array<TierChange & { tenantId: string }> = []
  for (const { tenantId } of due) {
    // One short transaction per tenant: a sweep never holds many rows locked at once.
    const change = await db.transaction((tx) =>
      settleTenantTier(tx, tenantId, now, { reason: 'grace_expired' }),
    )
    if (change) changes.push({ ...change, tenantId })
  }
  return changes
}
