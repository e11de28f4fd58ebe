import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import Stripe from 'stripe'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { describeBilling, sdkOf } from '../../../node/stripe-local/testing.ts'

/*
 * Anyone can POST to the webhook URL. Only a body signed with our endpoint secret, recently,
 * may change a plan: otherwise a forged "customer.subscription.deleted" could downgrade any
 * workspace, and a forged "created" could grant elite for free. Each refusal must leave the
 * event unrecorded, so the genuine delivery still applies later.
 */
describeBilling('Stripe webhooks: signatures', { webhooks: 'manual' }, (world) => {
  const crypto = Stripe.createSubtleCryptoProvider()

  /** A pro workspace, and its not yet delivered "deleted" event. */
  const cancelledButUndelivered = async () => {
    const member = await world().member()
    await world().pay(await world().checkout(member, 'pro'))
    for (const event of [...world().stripe.webhooks.events]) {
      await world().stripe.webhooks.deliver(event.id)
    }
    const subscription = await world().subscriptionOf(member.tenantId)
    await sdkOf(world()).subscriptions.cancel(subscription)
    const event = world().stripe.webhooks.last('customer.subscription.deleted', subscription)!
    expect(await world().tierOf(member.tenantId)).toBe('pro')
    return { member, event, payload: JSON.stringify(event) }
  }

  const post = async (payload: string, headers: Record<string, string>) => {
    const res = await fetch(`${world().url}/api/v1/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: payload,
    })
    return { status: res.status, body: (await res.json()) as Problem }
  }

  const expectRefused = async (
    attempt: { status: number; body: Problem },
    member: { tenantId: string },
    eventId: string,
  ) => {
    expect(attempt.status).toBe(400)
    expect(attempt.body.code).toBe('invalid_signature')
    expect(JSON.stringify(attempt.body)).not.toContain(world().stripe.webhookSecret)
    expect(await world().tierOf(member.tenantId)).toBe('pro')
    const rows = await world()
      .edge.handle.db.select()
      .from(schema.stripeEvents)
      .where(eq(schema.stripeEvents.id, eventId))
    expect(rows).toHaveLength(0)
  }

  it('refuses a missing or malformed signature', async () => {
    const { member, event, payload } = await cancelledButUndelivered()
    await expectRefused(await post(payload, {}), member, event.id)
    await expectRefused(
      await post(payload, { 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=deadbeef` }),
      member,
      event.id,
    )
    await expectRefused(await post(payload, { 'stripe-signature': 'garbage' }), member, event.id)
  })

  it('refuses a body signed with another secret', async () => {
    const { member, event, payload } = await cancelledButUndelivered()
    const header = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: 'whsec_someone_else',
      cryptoProvider: crypto,
    })
    await expectRefused(await post(payload, { 'stripe-signature': header }), member, event.id)
  })

  it('refuses a tampered body under a genuine signature', async () => {
    const { member, event } = await cancelledButUndelivered()
    const forged = JSON.stringify({ ...event, data: { object: { id: 'sub_victim' } } })
    const res = await world().stripe.webhooks.deliver(event.id, { payload: forged })
    await expectRefused(
      { status: res.status, body: JSON.parse(res.body) as Problem },
      member,
      event.id,
    )
  })

  it('refuses a correctly signed body whose timestamp is too old (a replay)', async () => {
    const { member, event, payload } = await cancelledButUndelivered()
    const header = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: world().stripe.webhookSecret,
      timestamp: Math.floor(Date.now() / 1000) - 10 * 60,
      cryptoProvider: crypto,
    })
    await expectRefused(await post(payload, { 'stripe-signature': header }), member, event.id)
  })

  it('then applies the genuine delivery', async () => {
    const { member, payload } = await cancelledButUndelivered()
    await post(payload, { 'stripe-signature': 'garbage' })
    const header = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: world().stripe.webhookSecret,
      cryptoProvider: crypto,
    })
    const res = await fetch(`${world().url}/api/v1/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: payload,
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ received: true, outcome: 'processed' })
    expect(await world().tierOf(member.tenantId)).toBe('free')
  })

  it('refuses an oversized body before reading it', async () => {
    const res = await post('x'.repeat(300 * 1024), { 'stripe-signature': 'garbage' })
    expect(res.status).toBe(413)
    expect(res.body.code).toBe('payload_too_large')
  })
})
