import Stripe from 'stripe'
import type { EdgeConfig } from '../config.ts'
import { ApiError } from '../errors.ts'
import type { Tier } from '../plans.ts'

export type PaidTier = Exclude<Tier, 'free'>

/** The edge's Stripe account: the SDK client, the webhook secret and the price of each plan. */
export interface Billing {
  stripe: Stripe
  /** Web Crypto HMAC for webhook signatures: the one provider every runtime has. */
  crypto: ReturnType<typeof Stripe.createSubtleCryptoProvider>
  webhookSecret: string
  prices: Record<PaidTier, string>
  /** The plan a Stripe price sells; null for a price that is not ours. */
  tierOfPrice(priceId: string | null | undefined): PaidTier | null
}

const cache = new WeakMap<EdgeConfig, Billing | null>()

/**
 * The billing setup for `config`, built once per config (per process or Worker isolate); null
 * when STRIPE_SECRET_KEY is unset. The SDK talks through `fetch` and verifies signatures with
 * Web Crypto, so the same code runs on Node, Deno and Workers (where its Node defaults do
 * not). STRIPE_API_URL points it at another host — the local Stripe server.
 *
 * @example
 * const billing = billingOf(config)
 * await billing?.stripe.customers.create({ email })
 */
export function billingOf(config: EdgeConfig): Billing | null {
  if (cache.has(config)) return cache.get(config)!
  const billing = build(config)
  cache.set(config, billing)
  return billing
}

/** As `billingOf`, but a request that needs billing gets a 503 when it is not set up. */
export function requireBilling(config: EdgeConfig): Billing {
  const billing = billingOf(config)
  if (!billing) throw new ApiError('service_unavailable', 'Billing is not configured.')
  return billing
}

function build(config: EdgeConfig): Billing | null {
  const key = config.STRIPE_SECRET_KEY
  const webhookSecret = config.STRIPE_WEBHOOK_SECRET
  const pro = config.STRIPE_PRICE_PRO
  const elite = config.STRIPE_PRICE_ELITE
  // loadEdgeConfig refuses a partial setup; a hand-built config is treated as "off".
  if (!key || !webhookSecret || !pro || !elite) return null
  const api = config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL) : null
  const protocol = api?.protocol === 'http:' ? 'http' : 'https'
  const stripe = new Stripe(key, {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 2,
    timeout: 10_000,
    appInfo: { name: 'vm-algo' },
    ...(api
      ? { host: api.hostname, port: api.port || (protocol === 'http' ? 80 : 443), protocol }
      : {}),
  })
  const prices: Record<PaidTier, string> = { pro, elite }
  return {
    stripe,
    crypto: Stripe.createSubtleCryptoProvider(),
    webhookSecret,
    prices,
    tierOfPrice: (priceId) => (priceId === pro ? 'pro' : priceId === elite ? 'elite' : null),
  }
}

/**
 * Runs a Stripe call; its failures become a 503 `payment_provider_error` that never carries
 * Stripe's own message (it can name keys, IDs or internals). `log` gets the original error,
 * so operators see why — a refused request usually means a wrong price ID or key.
 */
export async function callStripe<T>(
  work: () => Promise<T>,
  log?: (error: unknown) => void,
): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof ApiError) throw error
    log?.(error)
    const unreachable =
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeAPIError ||
      !(error instanceof Stripe.errors.StripeError)
    throw new ApiError(
      'payment_provider_error',
      unreachable
        ? 'The payment provider could not be reached. Try again shortly.'
        : 'The payment provider refused the request.',
    )
  }
}

/** True for Stripe's "No such customer/subscription…" (the object is gone or never existed). */
export function isMissing(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing'
  )
}
