import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { schema } from '@vm-algo/db'
import { type TestDriver, testDrivers } from '@vm-algo/db/testing'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe } from 'vitest'
import { billingOf } from '../../billing/stripe.ts'
import {
  enrolTotp,
  type TestEdge,
  type TestSession,
  testEdge,
  testSession,
} from '../../testing/harness.ts'
import { type LocalStripe, startLocalStripe } from './server.ts'

/** An edge served over HTTP with a local Stripe server posting webhooks to it. */
export interface BillingWorld {
  edge: TestEdge
  stripe: LocalStripe
  /** The edge's base URL (the local server's webhook endpoint is under it). */
  url: string
  /** A signed-in member of a new workspace (owner by default). */
  member(options?: Parameters<typeof testSession>[2]): Promise<TestSession>
  /** The workspace's tier as stored (what requireAuth and the rate limits read). */
  tierOf(tenantId: string): Promise<string>
  /** POST /api/v1/billing/checkout for `tier`; the Checkout page URL. */
  checkout(member: TestSession, tier: 'pro' | 'elite'): Promise<string>
  /** Presses "Pay (test)" on a Checkout page; resolves after the redirect was issued. */
  pay(checkoutUrl: string): Promise<Response>
  /** GET /api/v1/billing as `member`. */
  status(member: TestSession): Promise<BillingStatusBody>
  /** The Stripe subscription ID the member's workspace has. */
  subscriptionOf(tenantId: string): Promise<string>
}

export interface BillingStatusBody {
  tier: string
  enabled: boolean
  subscription: {
    tier: string
    status: string
    currentPeriodEnd: string | null
    cancelAtPeriodEnd: boolean
    graceUntil: string | null
  } | null
  plans: Array<{
    tier: string
    amount: number
    currency: string
    interval: string
    requestsPerMinute: number | null
    strategies: number
    permissions: string[]
  }>
}

/**
 * Runs a billing suite on PGlite and, with DATABASE_URL, the real PostgreSQL: each gets a
 * local Stripe server and the edge served on 127.0.0.1, wired like production (webhooks over
 * HTTP with real signatures, the official SDK over HTTP). `webhooks: 'manual'` holds events
 * for the suite to deliver in the order it chooses.
 */
export function describeBilling(
  title: string,
  options: { webhooks?: 'auto' | 'manual'; env?: Record<string, string> },
  suite: (world: () => BillingWorld) => void,
): void {
  for (const driver of testDrivers().filter((d) => d !== 'pglite-socket')) {
    describe(`${title} [${driver}]`, () => {
      let world: (BillingWorld & { close(): Promise<void> }) | undefined
      beforeAll(async () => {
        world = await billingWorld(driver, options)
      })
      afterAll(() => world?.close())
      suite(() => {
        if (!world) throw new Error('billing world not started yet')
        return world
      })
    })
  }
}

/** One edge + local Stripe pair on `driver` (see describeBilling). */
export async function billingWorld(
  driver: TestDriver,
  options: { webhooks?: 'auto' | 'manual'; env?: Record<string, string> } = {},
): Promise<BillingWorld & { close(): Promise<void> }> {
  const stripe = await startLocalStripe({ webhooks: options.webhooks ?? 'auto' })
  const edge = await testEdge({
    driver,
    coreUrl: 'http://127.0.0.1:9',
    env: { ...stripe.env(), PUBLIC_URL: 'http://app.test', ...options.env },
  })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: edge.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  stripe.webhooks.endpoint = `${url}/api/v1/webhooks/stripe`
  const { db } = edge.handle

  const world: BillingWorld = {
    edge,
    stripe,
    url,
    // Owners need the second factor to reach checkout and the portal: enrol it for real.
    async member(memberOptions) {
      const session = await testSession(db, edge.config, memberOptions)
      if (memberOptions?.mfa !== false) await enrolTotp(edge.app, session.headers)
      return session
    },
    async tierOf(tenantId) {
      const [row] = await db
        .select({ tier: schema.tenants.tier })
        .from(schema.tenants)
        .where(eq(schema.tenants.id, tenantId))
      return row!.tier
    },
    async checkout(member, tier) {
      const res = await edge.app.request('/api/v1/billing/checkout', {
        method: 'POST',
        headers: { ...member.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ tier }),
      })
      if (res.status !== 200) throw new Error(`checkout: ${res.status} ${await res.text()}`)
      return ((await res.json()) as { url: string }).url
    },
    pay: (checkoutUrl) =>
      fetch(checkoutUrl, {
        method: 'POST',
        body: new URLSearchParams({ action: 'pay' }),
        redirect: 'manual',
      }),
    async status(member) {
      const res = await edge.app.request('/api/v1/billing', { headers: member.headers })
      if (res.status !== 200) throw new Error(`billing status: ${res.status} ${await res.text()}`)
      return (await res.json()) as BillingStatusBody
    },
    async subscriptionOf(tenantId) {
      const [row] = await db
        .select({ id: schema.billingCustomers.stripeCustomerId })
        .from(schema.billingCustomers)
        .where(eq(schema.billingCustomers.tenantId, tenantId))
      const sub = stripe.account.subscriptionsOf(row!.id)[0]
      if (!sub) throw new Error(`no subscription for ${tenantId}`)
      return sub.id
    },
  }
  return {
    ...world,
    async close() {
      await stripe.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      })
      await edge.close()
    },
  }
}

/** The edge's own Stripe SDK client, for tests that act as Stripe's dashboard would. */
export const sdkOf = (world: BillingWorld) => billingOf(world.edge.config)!.stripe
