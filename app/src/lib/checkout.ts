import type { Tier } from './session.tsx'

const KEY = 'vm-algo:checkout'

/** Remembers which plan a checkout was for, so the page it returns to knows what to wait for. */
export function rememberCheckout(tier: Tier): void {
  try {
    sessionStorage.setItem(KEY, tier)
  } catch {
    // Storage disabled: the success page then waits for any paid plan.
  }
}

/** The plan of the checkout this tab started, if any. */
export function checkoutTier(): Tier | undefined {
  try {
    const tier = sessionStorage.getItem(KEY)
    return tier === 'pro' || tier === 'elite' ? tier : undefined
  } catch {
    return undefined
  }
}

export function forgetCheckout(): void {
  try {
    sessionStorage.removeItem(KEY)
  } catch {
    // Nothing to forget.
  }
}

/**
 * Whether the billing state shows the checkout's result: the plan bought (or, not knowing
 * which, any paid plan).
 *
 * @example
 * checkoutSettled({ tier: 'pro' }, 'pro') // true
 * checkoutSettled({ tier: 'free' }, undefined) // false
 */
export function checkoutSettled(status: { tier: Tier }, expected: Tier | undefined): boolean {
  return expected ? status.tier === expected : status.tier !== 'free'
}
