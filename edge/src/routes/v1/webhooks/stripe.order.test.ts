import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { describeBilling, sdkOf } from '../../../node/stripe-local/testing.ts'

/*
 * Stripe delivers at least once and in no particular order. Here the local server holds every
 * event and the test delivers them — twice, at once, or in reverse — as Stripe may.
 */
describeBilling('Stripe webhooks: duplicates and order', { webhooks: 'manual' }, (world) => {
  const deliver = async (eventId: string) => {
    const res = await world().stripe.webhooks.deliver(eventId)
    expect(res.status).toBe(200)
    return (JSON.parse(res.body) as { outcome: string }).outcome
  }
  const eventIds = (type: string, subscription: string) =>
    world()
      .stripe.webhooks.events.filter(
        (e) => e.type === type && (e.data.object as { id: string }).id === subscription,
      )
      .map((e) => e.id)
  const recorded = async (eventId: string) =>
    (
      await world()
        .edge.handle.db.select()
        .from(schema.stripeEvents)
        .where(eq(schema.stripeEvents.id, eventId))
    ).length

  /** A paid checkout whose events are held, not yet delivered. */
  const paidButUndelivered = async (tier: 'pro' | 'elite' = 'pro') => {
    const member = await world().member()
    await world().pay(await world().checkout(member, tier))
    const subscription = await world().subscriptionOf(member.tenantId)
    const created = eventIds('customer.subscription.created', subscription)[0]!
    return { member, subscription, created }
  }

  it('applies an event delivered twice once, and says so', async () => {
    const { member, created } = await paidButUndelivered()
    expect(await world().tierOf(member.tenantId)).toBe('free')
    expect(await deliver(created)).toBe('processed')
    expect(await deliver(created)).toBe('duplicate')
    expect(await recorded(created)).toBe(1)
    expect(await world().tierOf(member.tenantId)).toBe('pro')
  })

  it('applies two simultaneous deliveries of one event once', async () => {
    const { member, created } = await paidButUndelivered('elite')
    const outcomes = await Promise.all([deliver(created), deliver(created)])
    expect(outcomes.sort()).toEqual(['duplicate', 'processed'])
    expect(await recorded(created)).toBe(1)
    expect(await world().tierOf(member.tenantId)).toBe('elite')
  })

  it('ends in the latest state when "updated" arrives before "created"', async () => {
    const { member, subscription, created } = await paidButUndelivered('pro')
    const sub = await sdkOf(world()).subscriptions.retrieve(subscription)
    await sdkOf(world()).subscriptions.update(subscription, {
      items: [{ id: sub.items.data[0]!.id, price: world().stripe.prices.elite! }],
    })
    const [updated] = eventIds('customer.subscription.updated', subscription)
    expect(await deliver(updated!)).toBe('processed')
    expect(await world().tierOf(member.tenantId)).toBe('elite')
    // The late "created" carries the old pro snapshot; it must not downgrade the workspace.
    await deliver(created)
    expect(await world().tierOf(member.tenantId)).toBe('elite')
  })

  it('stays free when a stale "updated" arrives after "deleted"', async () => {
    const { member, subscription, created } = await paidButUndelivered('pro')
    expect(await deliver(created)).toBe('processed')
    await sdkOf(world()).subscriptions.update(subscription, { cancel_at_period_end: true })
    await sdkOf(world()).subscriptions.cancel(subscription)
    const [updated] = eventIds('customer.subscription.updated', subscription)
    const [deleted] = eventIds('customer.subscription.deleted', subscription)
    expect(await deliver(deleted!)).toBe('processed')
    expect(await world().tierOf(member.tenantId)).toBe('free')
    await deliver(updated!)
    expect(await world().tierOf(member.tenantId)).toBe('free')
    expect((await world().status(member)).subscription?.status).toBe('canceled')
  })

  it('acknowledges events it does not follow, once', async () => {
    const { created } = await paidButUndelivered()
    const customerEvent = world().stripe.webhooks.emit('customer.created', { id: 'cus_x' })
    expect(await deliver(customerEvent.id)).toBe('ignored')
    expect(await deliver(customerEvent.id)).toBe('duplicate')
    expect(await deliver(created)).toBe('processed')
  })
})
