import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { describeBilling, sdkOf } from '../../../node/stripe-local/testing.ts'

describeBilling('POST /api/v1/billing/checkout', {}, (world) => {
  const post = (headers: Record<string, string>, body: unknown) =>
    world().edge.app.request('/api/v1/billing/checkout', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })

  it('upgrades a free workspace to pro: checkout → pay (test) → webhooks → pro', async () => {
    const owner = await world().member()
    expect((await world().status(owner)).tier).toBe('free')

    const res = await post(owner.headers, { tier: 'pro' })
    expect(res.status).toBe(200)
    const { url, sessionId } = (await res.json()) as { url: string; sessionId: string }
    expect(url.startsWith(`${world().stripe.url}/c/pay/`)).toBe(true)

    // What the browser sees: the test checkout page, then "Pay (test)".
    const page = await (await fetch(url)).text()
    expect(page).toContain('vm-algo Pro')
    expect(page).toContain('₹999.00 per month')
    const paid = await world().pay(url)
    expect(paid.status).toBe(303)
    expect(paid.headers.get('location')).toBe(
      `http://app.test/billing?checkout=success&session_id=${sessionId}`,
    )

    // The webhooks were delivered before the redirect: the plan is already pro.
    expect(await world().tierOf(owner.tenantId)).toBe('pro')
    const status = await world().status(owner)
    expect(status).toMatchObject({
      tier: 'pro',
      subscription: { tier: 'pro', status: 'active', cancelAtPeriodEnd: false, graceUntil: null },
    })
    const me = await world().edge.app.request('/api/v1/me', { headers: owner.headers })
    expect(await me.json()).toMatchObject({ tier: 'pro' })
  })

  it('makes one Stripe customer per workspace, tied to it, and names the workspace on the session', async () => {
    const owner = await world().member()
    await world().checkout(owner, 'elite')
    await world().checkout(owner, 'pro')
    const customers = await world()
      .edge.handle.db.select()
      .from(schema.billingCustomers)
      .where(eq(schema.billingCustomers.tenantId, owner.tenantId))
    expect(customers).toHaveLength(1)
    const customer = await sdkOf(world()).customers.retrieve(customers[0]!.stripeCustomerId)
    expect(customer).toMatchObject({ email: owner.email, metadata: { tenantId: owner.tenantId } })

    const sessions = Object.values(world().stripe.account.state.checkoutSessions).filter(
      (s) => s.customer === customers[0]!.stripeCustomerId,
    )
    expect(sessions).toHaveLength(2)
    expect(sessions[0]).toMatchObject({
      client_reference_id: owner.tenantId,
      metadata: { tenantId: owner.tenantId, tier: 'elite' },
      mode: 'subscription',
    })
  })

  it('sends a subscribed workspace to the portal instead of charging twice (409)', async () => {
    const owner = await world().member()
    await world().pay(await world().checkout(owner, 'pro'))
    const res = await post(owner.headers, { tier: 'elite' })
    expect(res.status).toBe(409)
    expect(((await res.json()) as Problem).code).toBe('already_subscribed')
  })

  it('lets a workspace whose subscription ended subscribe again', async () => {
    const owner = await world().member()
    await world().pay(await world().checkout(owner, 'pro'))
    await sdkOf(world()).subscriptions.cancel(await world().subscriptionOf(owner.tenantId))
    await world().stripe.webhooks.idle()
    expect(await world().tierOf(owner.tenantId)).toBe('free')
    await world().pay(await world().checkout(owner, 'elite'))
    expect(await world().tierOf(owner.tenantId)).toBe('elite')
  })

  it('replaces a customer Stripe no longer knows', async () => {
    const owner = await world().member()
    await world().checkout(owner, 'pro')
    const [row] = await world()
      .edge.handle.db.select()
      .from(schema.billingCustomers)
      .where(eq(schema.billingCustomers.tenantId, owner.tenantId))
    await sdkOf(world()).customers.del(row!.stripeCustomerId)
    const url = await world().checkout(owner, 'pro')
    await world().pay(url)
    expect(await world().tierOf(owner.tenantId)).toBe('pro')
  })

  it('refuses a plan that is not for sale with a clean 400', async () => {
    const owner = await world().member()
    for (const body of [{ tier: 'free' }, { tier: 'platinum' }, {}]) {
      const res = await post(owner.headers, body)
      expect(res.status).toBe(400)
      const problem = (await res.json()) as Problem
      expect(problem.code).toBe('validation_failed')
      expect(problem.errors?.[0]?.path).toBe('tier')
    }
  })
})
