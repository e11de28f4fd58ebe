import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { startLocalStripe } from '../../../node/stripe-local/server.ts'
import { type BillingStatusBody, describeBilling } from '../../../node/stripe-local/testing.ts'
import { enrolTotp, type TestEdge, testEdge, testSession } from '../../../testing/harness.ts'

describeBilling('GET /api/v1/billing', {}, (world) => {
  it('shows a free workspace its plan and the plans on sale, priced by Stripe', async () => {
    const owner = await world().member()
    const res = await world().edge.app.request('/api/v1/billing', { headers: owner.headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as BillingStatusBody
    expect(body).toMatchObject({ tier: 'free', enabled: true, subscription: null })
    expect(body.plans).toEqual([
      expect.objectContaining({ tier: 'free', amount: 0, strategies: 1, requestsPerMinute: 100 }),
      expect.objectContaining({ tier: 'pro', amount: 99_900, currency: 'inr', interval: 'month' }),
      expect.objectContaining({ tier: 'elite', amount: 299_900, requestsPerMinute: null }),
    ])
    expect(body.plans[1]?.permissions).toContain('trade')
  })

  it('shows the running subscription rather than an ended one', async () => {
    const owner = await world().member()
    await world().pay(await world().checkout(owner, 'pro'))
    const first = await world().subscriptionOf(owner.tenantId)
    world().stripe.account.cancelSubscription(first)
    await world().stripe.webhooks.idle()
    await world().pay(await world().checkout(owner, 'elite'))
    const status = await world().status(owner)
    expect(status).toMatchObject({
      tier: 'elite',
      subscription: { tier: 'elite', status: 'active' },
    })
  })
})

describe('billing without Stripe configured', () => {
  let edge: TestEdge
  beforeAll(async () => {
    edge = await testEdge({ coreUrl: 'http://127.0.0.1:9' })
  })
  afterAll(() => edge.close())

  it('still shows the plan and prices, marked unavailable', async () => {
    const owner = await testSession(edge.handle.db, edge.config)
    await enrolTotp(edge.app, owner.headers)
    const res = await edge.app.request('/api/v1/billing', { headers: owner.headers })
    expect(res.status).toBe(200)
    const body = (await res.json()) as BillingStatusBody
    expect(body).toMatchObject({ tier: 'free', enabled: false, subscription: null })
    expect(body.plans[1]).toMatchObject({ tier: 'pro', amount: 99_900, currency: 'inr' })
  })

  it('documents the billing and webhook routes in the OpenAPI file', async () => {
    const doc = (await (await edge.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    expect(Object.keys(doc.paths['/api/v1/billing'] ?? {})).toEqual(['get'])
    expect(Object.keys(doc.paths['/api/v1/billing/checkout'] ?? {})).toEqual(['post'])
    expect(Object.keys(doc.paths['/api/v1/billing/portal'] ?? {})).toEqual(['post'])
    expect(Object.keys(doc.paths['/api/v1/webhooks/stripe'] ?? {})).toEqual(['post'])
  })

  it('answers 503 to checkout, portal and webhooks', async () => {
    const owner = await testSession(edge.handle.db, edge.config)
    await enrolTotp(edge.app, owner.headers)
    const attempts = [
      edge.app.request('/api/v1/billing/checkout', {
        method: 'POST',
        headers: { ...owner.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ tier: 'pro' }),
      }),
      edge.app.request('/api/v1/billing/portal', { method: 'POST', headers: owner.headers }),
      edge.app.request('/api/v1/webhooks/stripe', {
        method: 'POST',
        headers: { 'stripe-signature': 't=1,v1=00' },
        body: '{}',
      }),
    ]
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(503)
      const problem = (await res.json()) as Problem
      expect(problem.code).toBe('service_unavailable')
      expect(problem.detail).toBe('Billing is not configured.')
    }
  })
})

describe('billing while Stripe is unreachable', () => {
  let edge: TestEdge
  beforeAll(async () => {
    const stripe = await startLocalStripe()
    await stripe.close()
    edge = await testEdge({ coreUrl: 'http://127.0.0.1:9', env: stripe.env() })
  })
  afterAll(() => edge.close())

  it('shows the plan-table prices, and checkout answers 503 without Stripe internals', async () => {
    const owner = await testSession(edge.handle.db, edge.config)
    await enrolTotp(edge.app, owner.headers)
    const status = await edge.app.request('/api/v1/billing', { headers: owner.headers })
    const body = (await status.json()) as BillingStatusBody
    expect(body).toMatchObject({ tier: 'free', enabled: true })
    expect(body.plans[2]).toMatchObject({ tier: 'elite', amount: 299_900 })

    const res = await edge.app.request('/api/v1/billing/checkout', {
      method: 'POST',
      headers: { ...owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ tier: 'elite' }),
    })
    expect(res.status).toBe(503)
    const problem = (await res.json()) as Problem
    expect(problem.code).toBe('payment_provider_error')
    expect(problem.detail).toBe('The payment provider could not be reached. Try again shortly.')
    expect(edge.errors.length).toBeGreaterThan(0)
  })
})
