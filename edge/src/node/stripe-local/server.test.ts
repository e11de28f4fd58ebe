import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { billingOf } from '../../billing/stripe.ts'
import { loadEdgeConfig } from '../../config.ts'
import { TEST_SECRETS } from '../../testing/harness.ts'
import { type LocalStripe, startLocalStripe } from './server.ts'

/** The edge's own SDK client (fetch HTTP client, host/port/protocol from STRIPE_API_URL). */
const sdkFor = (local: LocalStripe, overrides: Record<string, string> = {}) =>
  billingOf(loadEdgeConfig({ ...TEST_SECRETS, ...local.env(), ...overrides }))!.stripe

describe('local Stripe server, driven by the official SDK', () => {
  let local: LocalStripe
  let stripe: Stripe

  beforeAll(async () => {
    local = await startLocalStripe({ webhooks: 'manual' })
    stripe = sdkFor(local)
  })
  afterAll(() => local.close())

  it('creates and retrieves customers', async () => {
    const created = await stripe.customers.create({
      email: 'a@example.test',
      metadata: { tenantId: 'tnt_1' },
    })
    expect(created.id).toMatch(/^cus_/)
    const fetched = await stripe.customers.retrieve(created.id)
    expect(fetched).toMatchObject({ email: 'a@example.test', metadata: { tenantId: 'tnt_1' } })
  })

  it("answers in Stripe's error shape, which the SDK turns into its typed errors", async () => {
    const missing = await stripe.customers.retrieve('cus_nope').catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' })

    const unknown = await stripe.customers
      .create({ email: 'x@example.test', coupon: 'X' } as Stripe.CustomerCreateParams)
      .catch((e: unknown) => e)
    expect(unknown).toMatchObject({ code: 'parameter_unknown', param: 'coupon' })

    const badKey = sdkFor(local, { STRIPE_SECRET_KEY: 'sk_test_wrong' })
    const refused = await badKey.customers.create({}).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(Stripe.errors.StripeAuthenticationError)
    expect((refused as Error).message).not.toContain(local.secretKey)
  })

  it('replays a request with the same Idempotency-Key and refuses one with other parameters', async () => {
    const first = await stripe.customers.create(
      { email: 'idem@example.test' },
      { idempotencyKey: 'key-1' },
    )
    const again = await stripe.customers.create(
      { email: 'idem@example.test' },
      { idempotencyKey: 'key-1' },
    )
    expect(again.id).toBe(first.id)
    expect(again.lastResponse.idempotencyKey).toBe('key-1')
    const raw = await fetch(`${local.url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${local.secretKey}`, 'idempotency-key': 'key-1' },
      body: new URLSearchParams({ email: 'idem@example.test' }),
    })
    expect(raw.headers.get('idempotent-replayed')).toBe('true')
    expect(((await raw.json()) as { id: string }).id).toBe(first.id)
    const other = await stripe.customers
      .create({ email: 'other@example.test' }, { idempotencyKey: 'key-1' })
      .catch((e: unknown) => e)
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError)
  })

  it('sells the plans as monthly INR prices', async () => {
    const pro = await stripe.prices.retrieve(local.prices.pro!)
    expect(pro).toMatchObject({
      unit_amount: 99_900,
      currency: 'inr',
      type: 'recurring',
      recurring: { interval: 'month' },
    })
  })

  it('creates a checkout session whose page pays, subscribes and redirects', async () => {
    const customer = await stripe.customers.create({ email: 'pay@example.test' })
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      client_reference_id: 'tnt_pay',
      line_items: [{ price: local.prices.elite!, quantity: 1 }],
      success_url: 'http://app.test/billing?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://app.test/billing?cancelled=1',
      subscription_data: { metadata: { tenantId: 'tnt_pay' } },
    })
    expect(session).toMatchObject({
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 299_900,
    })

    const page = await fetch(session.url!)
    const html = await page.text()
    expect(html).toContain('Pay (test)')
    expect(html).toContain('Cancel')
    expect(html).toContain('vm-algo Elite')
    expect(html).toContain('₹2,999.00 per month')

    const cancel = await post(session.url!, { action: 'cancel' })
    expect(cancel.headers.get('location')).toBe('http://app.test/billing?cancelled=1')
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open')

    const paid = await post(session.url!, { action: 'pay' })
    expect(paid.status).toBe(303)
    expect(paid.headers.get('location')).toBe(`http://app.test/billing?session=${session.id}`)

    const done = await stripe.checkout.sessions.retrieve(session.id)
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' })
    const subscription = await stripe.subscriptions.retrieve(done.subscription as string)
    expect(subscription).toMatchObject({
      status: 'active',
      customer: customer.id,
      metadata: { tenantId: 'tnt_pay' },
    })
    // The current API keeps the billing period on the items.
    const item = subscription.items.data[0]!
    expect(item.price.id).toBe(local.prices.elite)
    expect(item.current_period_end).toBeGreaterThan(item.current_period_start + 27 * 86_400)

    const types = local.webhooks.events.slice(-3).map((e) => e.type)
    expect(types).toEqual([
      'customer.subscription.created',
      'invoice.paid',
      'checkout.session.completed',
    ])
    const invoice = local.webhooks.last('invoice.paid')!.data.object as Stripe.Invoice
    expect(invoice.parent?.subscription_details?.subscription).toBe(subscription.id)
  })

  it('updates and cancels subscriptions, emitting updated and deleted events', async () => {
    const subscription = await subscribe(stripe, local, 'pro')
    const updated = await stripe.subscriptions.update(subscription, { cancel_at_period_end: true })
    expect(updated.cancel_at_period_end).toBe(true)
    const event = local.webhooks.last('customer.subscription.updated', subscription)!
    expect(event.data.previous_attributes).toMatchObject({ cancel_at_period_end: false })

    const switched = await stripe.subscriptions.update(subscription, {
      items: [{ id: updated.items.data[0]!.id, price: local.prices.elite! }],
    })
    expect(switched.items.data[0]!.price.id).toBe(local.prices.elite)

    const cancelled = await stripe.subscriptions.cancel(subscription)
    expect(cancelled.status).toBe('canceled')
    expect(local.webhooks.last('customer.subscription.deleted', subscription)).toBeDefined()
    const late = await stripe.subscriptions
      .update(subscription, { cancel_at_period_end: false })
      .catch((e: unknown) => e)
    expect(late).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
  })

  it('serves a portal page that manages only its own customer’s subscriptions', async () => {
    const mine = await subscribe(stripe, local, 'pro')
    const theirs = await subscribe(stripe, local, 'pro')
    const customer = (await stripe.subscriptions.retrieve(mine)).customer as string
    const portal = await stripe.billingPortal.sessions.create({
      customer,
      return_url: 'http://app.test/billing',
    })
    const html = await (await fetch(portal.url)).text()
    expect(html).toContain('Cancel plan')
    expect(html).toContain('Return to vm-algo')

    expect((await post(portal.url, { subscription: theirs, action: 'cancel' })).status).toBe(404)
    expect((await stripe.subscriptions.retrieve(theirs)).cancel_at_period_end).toBe(false)

    expect((await post(portal.url, { subscription: mine, action: 'cancel' })).status).toBe(303)
    expect((await stripe.subscriptions.retrieve(mine)).cancel_at_period_end).toBe(true)
  })
})

describe('local Stripe server state file', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stripe-local-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('keeps keys and objects across restarts', async () => {
    const stateFile = join(dir, 'stripe.json')
    const first = await startLocalStripe({ stateFile })
    const customer = await sdkFor(first).customers.create({ email: 'kept@example.test' })
    await first.close()
    const second = await startLocalStripe({ stateFile })
    try {
      expect(second.secretKey).toBe(first.secretKey)
      expect(second.webhookSecret).toBe(first.webhookSecret)
      expect((await sdkFor(second).customers.retrieve(customer.id)).id).toBe(customer.id)
    } finally {
      await second.close()
    }
  })
})

function post(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' })
}

/** A paid subscription to `tier` for a new customer; returns its ID. */
async function subscribe(stripe: Stripe, local: LocalStripe, tier: string): Promise<string> {
  const customer = await stripe.customers.create({})
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [{ price: local.prices[tier]!, quantity: 1 }],
    success_url: 'http://app.test/ok',
  })
  return local.account.completeCheckout(session.id).subscription!
}
