import type { Tier } from '../plans.ts'

/** Subscription statuses that pay for the plan. */
const IN_GOOD_STANDING = new Set(['active', 'trialing'])
/** A renewal failed: the plan stays until the grace period ends (Stripe keeps retrying). */
const IN_ARREARS = new Set(['past_due', 'unpaid'])

const RANK: Record<Tier, number> = { free: 0, pro: 1, elite: 2 }

export interface SubscriptionStanding {
  tier: Tier
  status: string
  graceUntil: Date | null
}

/**
 * The plan one subscription entitles its tenant to at `now`: its tier while active or
 * trialing, or in arrears within the grace period; free otherwise (canceled, incomplete,
 * paused, grace over).
 *
 * @example
 * entitledTier({ tier: 'pro', status: 'past_due', graceUntil: inThreeDays }, new Date()) // 'pro'
 */
export function entitledTier(sub: SubscriptionStanding, now: Date): Tier {
  if (IN_GOOD_STANDING.has(sub.status)) return sub.tier
  if (IN_ARREARS.has(sub.status) && sub.graceUntil && sub.graceUntil > now) return sub.tier
  return 'free'
}

/** The best plan any of a tenant's subscriptions gives it (free with none). */
export function tenantTier(subs: SubscriptionStanding[], now: Date): Tier {
  let best: Tier = 'free'
  for (const sub of subs) {
    const tier = entitledTier(sub, now)
    if (RANK[tier] > RANK[best]) best = tier
  }
  return best
}

/** True when the status means a payment is owed (the grace clock runs). */
export const inArrears = (status: string): boolean => IN_ARREARS.has(status)

/** True when the subscription is still running (a second checkout would double-charge). */
export const isLive = (status: string): boolean =>
  IN_GOOD_STANDING.has(status) || IN_ARREARS.has(status)
