import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { describeBilling } from '../../../node/stripe-local/testing.ts'

describeBilling('POST /api/v1/billing/portal', {}, (world) => {
  const openPortal = (headers: Record<string, string>) =>
    world().edge.app.request('/api/v1/billing/portal', { method: 'POST', headers })
  const click = (url: string, form: Record<string, string>) =>
    fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' })

  it('opens the portal of the workspace’s customer, returning to the billing page', async () => {
    const owner = await world().member()
    await world().pay(await world().checkout(owner, 'pro'))
    const res = await openPortal(owner.headers)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const { url } = (await res.json()) as { url: string }
    const page = await (await fetch(url)).text()
    expect(page).toContain('vm-algo Pro')
    expect(page).toContain('href="http://app.test/billing"')
  })

  it('cancelling in the portal schedules the end; the plan stays until then', async () => {
    const owner = await world().member()
    await world().pay(await world().checkout(owner, 'pro'))
    const { url } = (await (await openPortal(owner.headers)).json()) as { url: string }
    const subscription = await world().subscriptionOf(owner.tenantId)
    expect((await click(url, { subscription, action: 'cancel' })).status).toBe(303)
    const status = await world().status(owner)
    expect(status).toMatchObject({
      tier: 'pro',
      subscription: { status: 'active', cancelAtPeriodEnd: true },
    })
  })

  it('switching plan in the portal changes the workspace’s plan', async () => {
    const owner = await world().member()
    await world().pay(await world().checkout(owner, 'pro'))
    const { url } = (await (await openPortal(owner.headers)).json()) as { url: string }
    const subscription = await world().subscriptionOf(owner.tenantId)
    const elite = world().stripe.prices.elite!
    await click(url, { subscription, action: `switch:${elite}` })
    expect(await world().tierOf(owner.tenantId)).toBe('elite')
  })

  it('answers 409 for a workspace that never subscribed', async () => {
    const owner = await world().member()
    const res = await openPortal(owner.headers)
    expect(res.status).toBe(409)
    expect(((await res.json()) as Problem).code).toBe('no_billing_account')
  })
})
