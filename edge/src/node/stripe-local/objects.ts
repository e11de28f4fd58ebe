import type Stripe from 'stripe'
import { stripeId, unixNow } from './ids.ts'

/*
 * The Stripe objects the local server keeps, typed as `Pick`s of the SDK's own types so every
 * modelled field has the name and shape of the current API version (2026-10-28): the billing
 * period lives on subscription items, and an invoice reaches its subscription through
 * `parent.subscription_details`.
 */

export interface LocalList<T> {
  object: 'list'
  data: T[]
  has_more: boolean
  url: string
}

export type LocalProduct = Pick<
  Stripe.Product,
  'id' | 'object' | 'active' | 'created' | 'livemode' | 'metadata' | 'name'
>

export type LocalPrice = Pick<
  Stripe.Price,
  | 'id'
  | 'object'
  | 'active'
  | 'billing_scheme'
  | 'created'
  | 'currency'
  | 'livemode'
  | 'lookup_key'
  | 'metadata'
  | 'nickname'
  | 'recurring'
  | 'tax_behavior'
  | 'type'
  | 'unit_amount'
> & {
  product: string
  /** Decimals travel as strings; the SDK turns them into its Decimal type. */
  unit_amount_decimal: string
}

export type LocalCustomer = Pick<
  Stripe.Customer,
  | 'id'
  | 'object'
  | 'balance'
  | 'created'
  | 'delinquent'
  | 'description'
  | 'email'
  | 'livemode'
  | 'metadata'
  | 'name'
  | 'phone'
>

export type LocalSubscriptionItem = Pick<
  Stripe.SubscriptionItem,
  | 'id'
  | 'object'
  | 'created'
  | 'current_period_end'
  | 'current_period_start'
  | 'metadata'
  | 'quantity'
  | 'subscription'
> & { price: LocalPrice }

export type LocalSubscription = Pick<
  Stripe.Subscription,
  | 'id'
  | 'object'
  | 'billing_cycle_anchor'
  | 'cancel_at'
  | 'cancel_at_period_end'
  | 'canceled_at'
  | 'collection_method'
  | 'created'
  | 'currency'
  | 'ended_at'
  | 'livemode'
  | 'metadata'
  | 'start_date'
  | 'status'
> & { customer: string; latest_invoice: string | null; items: LocalList<LocalSubscriptionItem> }

export type LocalInvoice = Pick<
  Stripe.Invoice,
  | 'id'
  | 'object'
  | 'amount_due'
  | 'amount_paid'
  | 'amount_remaining'
  | 'attempt_count'
  | 'attempted'
  | 'billing_reason'
  | 'collection_method'
  | 'created'
  | 'currency'
  | 'livemode'
  | 'next_payment_attempt'
  | 'parent'
  | 'period_end'
  | 'period_start'
  | 'status'
  | 'total'
> & { customer: string }

export type LocalCheckoutSession = Pick<
  Stripe.Checkout.Session,
  | 'id'
  | 'object'
  | 'amount_subtotal'
  | 'amount_total'
  | 'cancel_url'
  | 'client_reference_id'
  | 'created'
  | 'currency'
  | 'customer_email'
  | 'expires_at'
  | 'livemode'
  | 'metadata'
  | 'mode'
  | 'payment_status'
  | 'status'
  | 'success_url'
  | 'url'
> & { customer: string | null; subscription: string | null; invoice: string | null }

export type LocalPortalSession = Pick<
  Stripe.BillingPortal.Session,
  'id' | 'object' | 'created' | 'livemode' | 'locale' | 'return_url' | 'url'
> & { customer: string; configuration: string }

/** A Stripe event as webhooks carry it (a snapshot of the object at the time). */
export interface LocalEvent {
  id: string
  object: 'event'
  api_version: string
  created: number
  data: { object: unknown; previous_attributes?: Record<string, unknown> }
  livemode: false
  pending_webhooks: number
  request: { id: string | null; idempotency_key: string | null }
  type: string
}

/** A recurring price the local server sells. */
export interface PriceSeed {
  id: string
  productName: string
  unitAmount: number
  currency: string
  interval: 'month' | 'year'
  lookupKey?: string
}

export function productAndPrice(seed: PriceSeed): [LocalProduct, LocalPrice] {
  const created = unixNow()
  const product: LocalProduct = {
    id: `prod_${seed.id.replace(/^price_/, '')}`,
    object: 'product',
    active: true,
    created,
    livemode: false,
    metadata: {},
    name: seed.productName,
  }
  const price: LocalPrice = {
    id: seed.id,
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created,
    currency: seed.currency,
    livemode: false,
    lookup_key: seed.lookupKey ?? null,
    metadata: {},
    nickname: null,
    product: product.id,
    recurring: {
      interval: seed.interval,
      interval_count: 1,
      meter: null,
      trial_period_days: null,
      usage_type: 'licensed',
    },
    tax_behavior: 'unspecified',
    type: 'recurring',
    unit_amount: seed.unitAmount,
    unit_amount_decimal: String(seed.unitAmount),
  }
  return [product, price]
}

/** The end of one billing period starting at `start` (unix seconds). */
export function periodEnd(start: number, interval: 'month' | 'year' | string): number {
  const date = new Date(start * 1000)
  if (interval === 'year') date.setUTCFullYear(date.getUTCFullYear() + 1)
  else date.setUTCMonth(date.getUTCMonth() + 1)
  return Math.floor(date.getTime() / 1000)
}

export function newSubscription(
  customer: string,
  price: LocalPrice,
  metadata: Record<string, string>,
): LocalSubscription {
  const now = unixNow()
  const id = stripeId('sub')
  const item: LocalSubscriptionItem = {
    id: stripeId('si', 14),
    object: 'subscription_item',
    created: now,
    current_period_start: now,
    current_period_end: periodEnd(now, price.recurring?.interval ?? 'month'),
    metadata: {},
    price,
    quantity: 1,
    subscription: id,
  }
  return {
    id,
    object: 'subscription',
    billing_cycle_anchor: now,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    collection_method: 'charge_automatically',
    created: now,
    currency: price.currency,
    customer,
    ended_at: null,
    items: {
      object: 'list',
      data: [item],
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    metadata,
    start_date: now,
    status: 'active',
  }
}

export function newInvoice(
  subscription: LocalSubscription,
  reason: 'subscription_create' | 'subscription_cycle',
  paid: boolean,
): LocalInvoice {
  const item = subscription.items.data[0]!
  const amount = (item.price.unit_amount ?? 0) * (item.quantity ?? 1)
  const now = unixNow()
  return {
    id: stripeId('in'),
    object: 'invoice',
    amount_due: amount,
    amount_paid: paid ? amount : 0,
    amount_remaining: paid ? 0 : amount,
    attempt_count: 1,
    attempted: true,
    billing_reason: reason,
    collection_method: 'charge_automatically',
    created: now,
    currency: subscription.currency,
    customer: subscription.customer,
    livemode: false,
    next_payment_attempt: paid ? null : now + 3 * 24 * 60 * 60,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { metadata: subscription.metadata, subscription: subscription.id },
    },
    period_end: item.current_period_end,
    period_start: item.current_period_start,
    status: paid ? 'paid' : 'open',
    total: amount,
  }
}
