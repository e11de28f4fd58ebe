import { schema, type Tx } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import type { Tier } from '../plans.ts'
import { auditBilling } from './audit.ts'
import { inArrears, tenantTier } from './entitlement.ts'
import type { PaidTier } from './stripe.ts'

/** A subscription's state as Stripe reports it, mapped to our tenant and plan. */
export interface SubscriptionSnapshot {
  tenantId: string
  stripeSubscriptionId: string
  stripePriceId: string | null
  tier: PaidTier
  status: string
  currentPeriodEnd: Date | null
  cancelAtPeriodEnd: boolean
}

/** Why billing state changed, for the audit trail. */
export interface BillingCause {
  /** A Stripe event type, `grace_expired`, … */
  reason: string
  eventId?: string
}

export interface TierChange {
  from: Tier
  to: Tier
}

/**
 * Stores `snapshot`, observed at `observedAt`, unless a later observation is already stored —
 * webhooks arrive out of order and race each other — then settles the tenant's tier. The
 * grace clock starts when the subscription first falls into arrears and stops when it is
 * paid. Runs inside the caller's transaction; the row lock serialises concurrent webhooks.
 */
export async function recordSubscription(
  tx: Tx,
  snapshot: SubscriptionSnapshot,
  options: { observedAt: Date; graceMs: number; cause: BillingCause },
): Promise<{ applied: boolean; change: TierChange | null }> {
  const { observedAt } = options
  const table = schema.subscriptions
  const existing = await lockSubscription(tx, snapshot.stripeSubscriptionId)
  if (existing?.lastEventAt && existing.lastEventAt > observedAt) {
    return { applied: false, change: null }
  }
  const graceUntil = inArrears(snapshot.status)
    ? (existing?.graceUntil ?? new Date(observedAt.getTime() + options.graceMs))
    : null
  const row = {
    tenantId: snapshot.tenantId,
    stripeSubscriptionId: snapshot.stripeSubscriptionId,
    stripePriceId: snapshot.stripePriceId,
    tier: snapshot.tier,
    status: snapshot.status,
    currentPeriodEnd: snapshot.currentPeriodEnd,
    cancelAtPeriodEnd: snapshot.cancelAtPeriodEnd,
    graceUntil,
    lastEventAt: observedAt,
  }
  if (existing) {
    await tx.update(table).set(row).where(eq(table.id, existing.id))
  } else {
    const inserted = await tx.insert(table).values(row).onConflictDoNothing().returning()
    // Another delivery inserted it first: compare with that one instead.
    if (inserted.length === 0) return recordSubscription(tx, snapshot, options)
  }

  const wasInArrears = existing ? inArrears(existing.status) : false
  if (!wasInArrears && inArrears(snapshot.status)) {
    await auditBilling(tx, {
      tenantId: snapshot.tenantId,
      actorUserId: null,
      action: 'billing.payment_failed',
      target: snapshot.stripeSubscriptionId,
      data: { status: snapshot.status, graceUntil: graceUntil?.toISOString(), ...options.cause },
    })
  } else if (wasInArrears && !inArrears(snapshot.status)) {
    await auditBilling(tx, {
      tenantId: snapshot.tenantId,
      actorUserId: null,
      action: 'billing.payment_recovered',
      target: snapshot.stripeSubscriptionId,
      data: { status: snapshot.status, ...options.cause },
    })
  }
  const change = await settleTenantTier(tx, snapshot.tenantId, observedAt, {
    ...options.cause,
    subscriptionId: snapshot.stripeSubscriptionId,
  })
  return { applied: true, change }
}

/**
 * Sets the tenant's tier to what its subscriptions entitle it to at `now` (see entitledTier),
 * auditing a change. Only billing calls this, for tenants that have subscriptions, so a tier a
 * platform admin granted by hand to a tenant without one is never touched.
 */
export async function settleTenantTier(
  tx: Tx,
  tenantId: string,
  now: Date,
  cause: BillingCause & { subscriptionId?: string },
): Promise<TierChange | null> {
  const [tenant] = await tx
    .select({ tier: schema.tenants.tier })
    .from(schema.tenants)
    .where(eq(schema.tenants.id, tenantId))
    .for('update')
  if (!tenant) return null
  const subs = await tx
    .select({
      tier: schema.subscriptions.tier,
      status: schema.subscriptions.status,
      graceUntil: schema.subscriptions.graceUntil,
    })
    .from(schema.subscriptions)
    .where(eq(schema.subscriptions.tenantId, tenantId))
  const tier = tenantTier(subs, now)
  if (tier === tenant.tier) return null
  await tx.update(schema.tenants).set({ tier }).where(eq(schema.tenants.id, tenantId))
  const { subscriptionId, ...rest } = cause
  await auditBilling(tx, {
    tenantId,
    actorUserId: null,
    action: 'billing.tier_changed',
    target: subscriptionId ?? null,
    data: { from: tenant.tier, to: tier, ...rest },
  })
  return { from: tenant.tier, to: tier }
}

async function lockSubscription(tx: Tx, stripeSubscriptionId: string) {
  const [row] = await tx
    .select()
    .from(schema.subscriptions)
    .where(eq(schema.subscriptions.stripeSubscriptionId, stripeSubscriptionId))
    .for('update')
  return row
}
