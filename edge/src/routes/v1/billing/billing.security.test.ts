import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { describeBilling, sdkOf } from '../../../node/stripe-local/testing.ts'

/*
 * Billing moves money and plans: only a workspace's owner may start a checkout or open the
 * portal, and nothing one workspace does — nor anything written into Stripe metadata — may
 * reach another workspace's customer, subscription or plan.
 */
describeBilling('billing routes: security', {}, (world) => {
  const routes = [
    { method: 'GET', path: '/api/v1/billing' },
    { method: 'POST', path: '/api/v1/billing/checkout', body: { tier: 'pro' } },
    { method: 'POST', path: '/api/v1/billing/portal' },
  ]
  const call = async (
    route: (typeof routes)[number],
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Problem }> => {
    const res = await world().edge.app.request(route.path, {
      method: route.method,
      headers: { ...headers, 'content-type': 'application/json' },
      ...(route.body ? { body: JSON.stringify(route.body) } : {}),
    })
    return { status: res.status, body: (await res.json()) as Problem }
  }
  const customerOf = async (tenantId: string) =>
    (
      await world()
        .edge.handle.db.select()
        .from(schema.billingCustomers)
        .where(eq(schema.billingCustomers.tenantId, tenantId))
    )[0]?.stripeCustomerId

  it('answers 401 without a token, or with a forged one', async () => {
    const owner = await world().member()
    for (const route of routes) {
      expect((await call(route)).status).toBe(401)
      const forged = { authorization: `Bearer ${owner.token.slice(0, -4)}AAAA` }
      expect((await call(route, forged)).body.code).toBe('unauthenticated')
    }
  })

  it('answers 403 to members and admins without manage_billing, whatever the plan', async () => {
    const sessions = () => Object.keys(world().stripe.account.state.checkoutSessions).length
    const before = sessions()
    for (const role of ['member', 'admin'] as const) {
      const someone = await world().member({ role, tier: 'pro' })
      for (const route of routes) {
        const { status, body } = await call(route, someone.headers)
        expect(status).toBe(403)
        expect(body.code).toBe('forbidden')
      }
    }
    expect(sessions()).toBe(before)
  })

  it('refuses checkout and the portal to an owner without two-factor authentication', async () => {
    const sessions = () => Object.keys(world().stripe.account.state.checkoutSessions).length
    const before = sessions()
    const owner = await world().member({ mfa: false })
    for (const route of routes.filter((r) => r.method === 'POST')) {
      const { status, body } = await call(route, owner.headers)
      expect(status).toBe(403)
      expect(body.code).toBe('mfa_required')
    }
    // Reading the plan needs no second factor.
    expect((await call(routes[0]!, owner.headers)).status).toBe(200)
    expect(sessions()).toBe(before)
  })

  it("never shows or opens another workspace's billing", async () => {
    const a = await world().member()
    const b = await world().member()
    await world().pay(await world().checkout(a, 'elite'))
    expect((await world().status(b)).subscription).toBeNull()
    expect((await world().status(b)).tier).toBe('free')
    expect((await call(routes[2]!, b.headers)).body.code).toBe('no_billing_account')
    await world().checkout(b, 'pro')
    expect(await customerOf(b.tenantId)).not.toBe(await customerOf(a.tenantId))
  })

  it('gives a subscription to the workspace of its customer, not the one its metadata names', async () => {
    const victim = await world().member()
    const payer = await world().member()
    await world().checkout(payer, 'pro')
    // Someone with access to the Stripe account points a subscription at the victim.
    const session = await sdkOf(world()).checkout.sessions.create({
      mode: 'subscription',
      customer: (await customerOf(payer.tenantId))!,
      client_reference_id: victim.tenantId,
      metadata: { tenantId: victim.tenantId, tier: 'elite' },
      subscription_data: { metadata: { tenantId: victim.tenantId, tier: 'elite' } },
      line_items: [{ price: world().stripe.prices.elite!, quantity: 1 }],
      success_url: 'http://app.test/billing',
    })
    await world().pay(session.url!)
    expect(await world().tierOf(payer.tenantId)).toBe('elite')
    expect(await world().tierOf(victim.tenantId)).toBe('free')
  })

  it('ignores subscriptions of customers that are not ours', async () => {
    const before = await world().edge.handle.db.select().from(schema.subscriptions)
    const stranger = await sdkOf(world()).customers.create({ email: 'x@example.test' })
    const session = await sdkOf(world()).checkout.sessions.create({
      mode: 'subscription',
      customer: stranger.id,
      line_items: [{ price: world().stripe.prices.pro!, quantity: 1 }],
      success_url: 'http://app.test/billing',
    })
    await world().pay(session.url!)
    const after = await world().edge.handle.db.select().from(schema.subscriptions)
    expect(after.length).toBe(before.length)
  })
})
