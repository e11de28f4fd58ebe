import { type Database, schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import type Stripe from 'stripe'
import { ApiError } from '../errors.ts'
import { type Billing, callStripe, isMissing } from './stripe.ts'
import { recordSubscription, type SubscriptionSnapshot, type TierChange } from './sync.ts'

export type WebhookOutcome =
  /** The event's effect is stored. */
  | 'processed'
  /** This event ID was processed before: nothing done. */
  | 'duplicate'
  /** Not about a subscription of ours (another event type, an unknown customer or price). */
  | 'ignored'
  /** A newer state of the subscription is already stored. */
  | 'stale'

/**
 * Checks the `Stripe-Signature` header over the raw body (HMAC-SHA256 with the endpoint
 * secret, timestamp within 5 minutes) with Web Crypto — `constructEventAsync`, since the
 * synchronous variant throws on Workers — and parses the event. Any failure is a 400
 * `invalid_signature` that names no secret.
 */
export async function verifyStripeEvent(
  billing: Billing,
  payload: string,
  header: string | undefined,
): Promise<Stripe.Event> {
  if (!header) throw new ApiError('invalid_signature', 'The Stripe-Signature header is missing.')
  try {
    return await billing.stripe.webhooks.constructEventAsync(
      payload,
      header,
      billing.webhookSecret,
      300,
      billing.crypto,
    )
  } catch {
    throw new ApiError(
      'invalid_signature',
      'The Stripe-Signature header does not match this body, or its timestamp is too old.',
    )
  }
}

/**
 * Applies one verified event, exactly once per event ID: the ID is recorded in the same
 * transaction as the effect, so a redelivery (Stripe delivers at least once) finds it and does
 * nothing, and a failure rolls both back for Stripe to retry.
 *
 * Order: rather than trusting the event's snapshot, the subscription is re-read from Stripe
 * and stored with the time it was read; an older reading never replaces a newer one. Events
 * carry whole-second timestamps, so several from one checkout tie and their snapshots cannot
 * be ordered; the re-read is always the latest state, whatever order events arrive in.
 */
export async function handleStripeEvent(
  deps: { db: Database; billing: Billing; graceMs: number; log?: (error: unknown) => void },
  event: Stripe.Event,
): Promise<{ outcome: WebhookOutcome; change: TierChange | null }> {
  const { db, billing } = deps
  const subscriptionId = subscriptionOf(event)
  if (!subscriptionId || (await alreadyProcessed(db, event.id))) {
    return { outcome: (await markProcessed(db, event)) ? 'ignored' : 'duplicate', change: null }
  }
  // Read from Stripe before the transaction: never hold one open across a network call.
  const observedAt = new Date()
  const subscription = await callStripe(
    () =>
      billing.stripe.subscriptions.retrieve(subscriptionId).catch((error: unknown) => {
        if (isMissing(error)) return null
        throw error
      }),
    deps.log,
  )
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(schema.stripeEvents)
      .values({ id: event.id, type: event.type })
      .onConflictDoNothing()
      .returning({ id: schema.stripeEvents.id })
    if (inserted.length === 0) return { outcome: 'duplicate' as const, change: null }
    const snapshot = subscription && (await snapshotOf(tx, billing, subscription))
    if (!snapshot) return { outcome: 'ignored' as const, change: null }
    const { applied, change } = await recordSubscription(tx, snapshot, {
      observedAt,
      graceMs: deps.graceMs,
      cause: { reason: event.type, eventId: event.id },
    })
    return { outcome: applied ? ('processed' as const) : ('stale' as const), change }
  })
}

/** The subscription an event is about, for the events billing follows. */
export function subscriptionOf(event: Stripe.Event): string | null {
  const idOf = (ref: string | { id: string } | null | undefined) =>
    typeof ref === 'string' ? ref : (ref?.id ?? null)
  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
    case 'customer.subscription.paused':
    case 'customer.subscription.resumed':
      return event.data.object.id
    case 'invoice.paid':
    case 'invoice.payment_failed':
      return idOf(event.data.object.parent?.subscription_details?.subscription)
    case 'checkout.session.completed':
      return event.data.object.mode === 'subscription' ? idOf(event.data.object.subscription) : null
    default:
      return null
  }
}

async function alreadyProcessed(db: Database, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: schema.stripeEvents.id })
    .from(schema.stripeEvents)
    .where(eq(schema.stripeEvents.id, id))
  return row !== undefined
}

/** Records an event with no effect; false when it was already recorded. */
async function markProcessed(db: Database, event: Stripe.Event): Promise<boolean> {
  const inserted = await db
    .insert(schema.stripeEvents)
    .values({ id: event.id, type: event.type })
    .onConflictDoNothing()
    .returning({ id: schema.stripeEvents.id })
  return inserted.length > 0
}

/** Maps a Stripe subscription to our tenant (by its customer) and plan (by its price). */
async function snapshotOf(
  tx: Pick<Database, 'select'>,
  billing: Billing,
  subscription: Stripe.Subscription,
): Promise<SubscriptionSnapshot | null> {
  const customerId =
    typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id
  // The customer we created for the tenant decides whose subscription it is; metadata and
  // client_reference_id are only hints anyone with dashboard access could edit.
  const [customer] = await tx
    .select({ tenantId: schema.billingCustomers.tenantId })
    .from(schema.billingCustomers)
    .where(eq(schema.billingCustomers.stripeCustomerId, customerId))
  const item = subscription.items.data[0]
  const tier = billing.tierOfPrice(item?.price.id)
  if (!customer || !tier) return null
  // The billing period lives on the items (API 2025-03-31 and later).
  const periodEnd = Math.max(0, ...subscription.items.data.map((i) => i.current_period_end))
  return {
    tenantId: customer.tenantId,
    stripeSubscriptionId: subscription.id,
    stripePriceId: item?.price.id ?? null,
    tier,
    status: subscription.status,
    currentPeriodEnd: periodEnd > 0 ? new Date(periodEnd * 1000) : null,
    // Newer portals schedule the end with `cancel_at` instead of the flag: both mean "ends".
    cancelAtPeriodEnd: subscription.cancel_at_period_end || subscription.cancel_at !== null,
  }
}
