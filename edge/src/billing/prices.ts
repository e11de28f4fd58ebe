import { PLANS } from '../plans.ts'
import type { Billing, PaidTier } from './stripe.ts'

export interface PlanPrice {
  /** In the currency's minor unit (paise for INR). */
  amount: number
  currency: string
  interval: 'month' | 'year'
}

const TTL_MS = 10 * 60 * 1000
const cache = new WeakMap<Billing, { at: number; prices: Record<PaidTier, PlanPrice> }>()

/** The plan table's prices: what is shown when Stripe is off or does not answer. */
const fromPlans = (): Record<PaidTier, PlanPrice> => ({
  pro: { amount: PLANS.pro.pricePaiseMonthly, currency: 'inr', interval: 'month' },
  elite: { amount: PLANS.elite.pricePaiseMonthly, currency: 'inr', interval: 'month' },
})

/**
 * What each paid plan costs, as the configured Stripe prices say (what checkout will charge),
 * cached for ten minutes; the plan table's prices when billing is off or Stripe is unreachable.
 */
export async function paidPlanPrices(
  billing: Billing | null,
  now: number = Date.now(),
): Promise<Record<PaidTier, PlanPrice>> {
  if (!billing) return fromPlans()
  const hit = cache.get(billing)
  if (hit && now - hit.at < TTL_MS) return hit.prices
  try {
    const [pro, elite] = await Promise.all(
      (['pro', 'elite'] as const).map((tier) =>
        billing.stripe.prices.retrieve(billing.prices[tier]),
      ),
    )
    const toPlanPrice = (price: typeof pro): PlanPrice => ({
      amount: price!.unit_amount ?? 0,
      currency: price!.currency,
      interval: price!.recurring?.interval === 'year' ? 'year' : 'month',
    })
    const prices = { pro: toPlanPrice(pro), elite: toPlanPrice(elite) }
    cache.set(billing, { at: now, prices })
    return prices
  } catch {
    // Retry in a minute rather than stall every billing page on a provider that is down.
    const prices = fromPlans()
    cache.set(billing, { at: now - TTL_MS + 60_000, prices })
    return prices
  }
}
