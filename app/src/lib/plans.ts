import type { InferResponseType } from 'hono/client'
import type { Api } from './api/client.ts'
import { formatDate, formatMoney } from './format.ts'
import type { Permission, Tier } from './session.tsx'

/** `GET /api/v1/billing`: the workspace's plan, its subscription and the plans on offer. */
export type BillingStatus = InferResponseType<Api['api']['v1']['billing']['$get'], 200>
export type PlanOffer = BillingStatus['plans'][number]
export type Subscription = NonNullable<BillingStatus['subscription']>

export const TIER_LABEL: Record<Tier, string> = { free: 'Free', pro: 'Pro', elite: 'Elite' }

const FEATURE_LABEL: Partial<Record<Permission, string>> = {
  view_dashboard: 'Market dashboard',
  backtest: 'Backtesting',
  trade: 'Paper and live trading',
  scanner: 'Scanners',
  alerts: 'Alerts',
}

/**
 * What a plan includes, in the order a buyer compares plans.
 *
 * @example
 * planFeatures({ requestsPerMinute: 500, strategies: 10, permissions: ['backtest'] })
 * // ['10 strategies at a time', '500 API requests a minute', 'Backtesting']
 */
export function planFeatures(
  plan: Pick<PlanOffer, 'requestsPerMinute' | 'strategies' | 'permissions'>,
): string[] {
  const strategies =
    plan.strategies === 1 ? '1 strategy at a time' : `${plan.strategies} strategies at a time`
  const requests =
    plan.requestsPerMinute === null
      ? 'No cap on API requests'
      : `${plan.requestsPerMinute.toLocaleString('en-IN')} API requests a minute`
  const features = plan.permissions.flatMap((p) => FEATURE_LABEL[p] ?? [])
  return [strategies, requests, ...features]
}

/** @example planPrice({ amount: 99_900, currency: 'inr', interval: 'month' }) // '₹999 / month' */
export function planPrice(plan: Pick<PlanOffer, 'amount' | 'currency' | 'interval'>): string {
  return `${formatMoney(plan.amount, plan.currency)} / ${plan.interval}`
}

export type Tone = 'ok' | 'warning' | 'danger' | 'neutral'

export interface SubscriptionSummary {
  /** A word or two for the badge: Active, Past due, Cancelled… */
  label: string
  tone: Tone
  /** One sentence on what happens next (renewal, end, grace period). */
  next: string
  /** Set when the user should act: a failed payment in its grace period. */
  warning?: string
}

/** How a subscription stands, in words, from Stripe's status and our grace period. */
export function describeSubscription(
  sub: Subscription,
  now: number = Date.now(),
): SubscriptionSummary {
  const tier = TIER_LABEL[sub.tier]
  const periodEnd = sub.currentPeriodEnd ? formatDate(sub.currentPeriodEnd) : undefined
  const inGrace = sub.graceUntil !== null && Date.parse(sub.graceUntil) > now
  switch (sub.status) {
    case 'active':
    case 'trialing':
      if (sub.cancelAtPeriodEnd) {
        return {
          label: 'Cancelling',
          tone: 'warning',
          next: periodEnd
            ? `${tier} ends on ${periodEnd}; the workspace moves to Free then.`
            : `${tier} ends at the end of this period.`,
        }
      }
      return {
        label: sub.status === 'trialing' ? 'Trial' : 'Active',
        tone: 'ok',
        next: periodEnd ? `Renews on ${periodEnd}.` : 'Renews automatically.',
      }
    case 'past_due':
    case 'unpaid':
      return {
        label: 'Payment failed',
        tone: 'danger',
        next: inGrace
          ? `You keep ${tier} until ${formatDate(sub.graceUntil!)}.`
          : 'The plan has moved to Free until a payment succeeds.',
        ...(inGrace
          ? {
              warning: `The last payment for ${tier} failed. Update your payment method in Manage billing before ${formatDate(sub.graceUntil!)} to keep ${tier}.`,
            }
          : {}),
      }
    case 'incomplete':
      return { label: 'Payment pending', tone: 'warning', next: 'Waiting for the first payment.' }
    case 'canceled':
    case 'incomplete_expired':
      return {
        label: 'Cancelled',
        tone: 'neutral',
        next: periodEnd ? `${tier} ended on ${periodEnd}.` : `${tier} has ended.`,
      }
    default:
      return { label: sub.status.replaceAll('_', ' '), tone: 'neutral', next: '' }
  }
}

// As the edge's isLive(): a second checkout for one of these is refused (409 already_subscribed).
const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid'])

/** A subscription Stripe still runs: plan changes go through the billing portal, not checkout. */
export const isRunning = (sub: Subscription | null): boolean => !!sub && LIVE.has(sub.status)
