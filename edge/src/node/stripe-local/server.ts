import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { PLANS } from '../../plans.ts'
import { LocalAccount } from './account.ts'
import { stripeApi } from './api.ts'
import type { PriceSeed } from './objects.ts'
import { hostedPages } from './pages.ts'
import { openState } from './store.ts'
import { WebhookOutbox } from './webhooks.ts'

export interface LocalStripeOptions {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
  /** Where signed webhooks are POSTed (e.g. http://127.0.0.1:8787/api/v1/webhooks/stripe). */
  webhookUrl?: string
  /** `manual`: events only accumulate until a test calls `webhooks.deliver()`. */
  webhooks?: 'auto' | 'manual'
  /** Prices on sale; by default vm-algo's paid plans from plans.ts, in INR per month. */
  prices?: PriceSeed[]
  /** Keep the account (keys included) in this file across restarts. */
  stateFile?: string
}

export interface LocalStripe {
  /** Base URL for the SDK (`host`, `port`, `protocol`) and the hosted pages. */
  url: string
  secretKey: string
  webhookSecret: string
  /** Price ID per lookup key (`pro`, `elite` by default). */
  prices: Record<string, string>
  account: LocalAccount
  webhooks: WebhookOutbox
  /** The edge's settings to use this server: STRIPE_SECRET_KEY, …_WEBHOOK_SECRET, …_API_URL, prices. */
  env(): Record<string, string>
  close(): Promise<void>
}

/** vm-algo's paid plans as local prices: `price_local_pro`, `price_local_elite`. */
export const planPrices = (): PriceSeed[] =>
  (['pro', 'elite'] as const).map((tier) => ({
    id: `price_local_${tier}`,
    lookupKey: tier,
    productName: `vm-algo ${tier[0]!.toUpperCase()}${tier.slice(1)}`,
    unitAmount: PLANS[tier].pricePaiseMonthly,
    currency: 'inr',
    interval: 'month',
  }))

/**
 * Starts a server speaking Stripe's REST protocol on 127.0.0.1, with a test checkout page and
 * signed webhooks. Tests drive it with the official SDK; `npm start` runs one when no
 * STRIPE_SECRET_KEY is set, so upgrading works on a fresh machine.
 *
 * @example
 * const stripe = await startLocalStripe({ webhookUrl: `${edgeUrl}/api/v1/webhooks/stripe` })
 * const edgeEnv = stripe.env() // STRIPE_SECRET_KEY, STRIPE_API_URL, …
 */
export async function startLocalStripe(options: LocalStripeOptions = {}): Promise<LocalStripe> {
  const prices = options.prices ?? planPrices()
  const { state, save } = openState({
    prices,
    ...(options.stateFile ? { file: options.stateFile } : {}),
  })
  const webhooks = new WebhookOutbox(state.webhookSecret, {
    mode: options.webhooks ?? 'auto',
    endpoint: options.webhookUrl ?? null,
  })
  const account = new LocalAccount(state, save, webhooks)
  const app = new Hono()
  app.route('/', stripeApi(account))
  app.route('/', hostedPages(account))

  const host = options.host ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${host}:${port}`
  account.baseUrl = url
  const priceIds = Object.fromEntries(prices.map((p) => [p.lookupKey ?? p.id, p.id]))

  return {
    url,
    secretKey: state.secretKey,
    webhookSecret: state.webhookSecret,
    prices: priceIds,
    account,
    webhooks,
    env: () => ({
      STRIPE_SECRET_KEY: state.secretKey,
      STRIPE_WEBHOOK_SECRET: state.webhookSecret,
      STRIPE_API_URL: url,
      ...Object.fromEntries(
        Object.entries(priceIds).map(([key, id]) => [`STRIPE_PRICE_${key.toUpperCase()}`, id]),
      ),
    }),
    async close() {
      await webhooks.idle()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Keep-alive connections from fetch would hold close() open.
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      })
    },
  }
}
