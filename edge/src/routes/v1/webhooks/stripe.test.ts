import { schema } from '@vm-algo/db'
import { asc, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { verifyChain } from '../../../audit/index.ts'
import { expireGracePeriods } from '../../../billing/grace.ts'
import { describeBilling, sdkOf } from '../../../node/stripe-local/testing.ts'

const DAY = 24 * 60 * 60 * 1000

describeBilling('Stripe webhooks: subscription lifecycle → plan', {}, (world) => {
  /** A workspace that paid for `tier` through checkout; returns it with its subscription. */
  const subscribed = async (tier: 'pro' | 'elite' = 'pro') => {
    const member = await world().member()
    await world().pay(await world().checkout(member, tier))
    return { member, subscription: await world().subscriptionOf(member.tenantId) }
  }
  const settled = () => world().stripe.webhooks.idle()

  it('created/active gives the plan of the price, with the period end from the items', async () => {
    const { member, subscription } = await subscribed('elite')
    expect(await world().tierOf(member.tenantId)).toBe('elite')
    const status = await world().status(member)
    expect(status.subscription).toMatchObject({ tier: 'elite', status: 'active', graceUntil: null })
    const item = world().stripe.account.subscription(subscription).items.data[0]!
    expect(status.subscription?.currentPeriodEnd).toBe(
      new Date(item.current_period_end * 1000).toISOString(),
    )
    const delivered = world().stripe.webhooks.deliveries.filter(
      (d) => d.status === 200 && d.eventId.startsWith('evt_'),
    )
    expect(delivered.length).toBeGreaterThanOrEqual(3)
  })

  it('updated: a plan change moves the workspace to the new plan', async () => {
    const { member, subscription } = await subscribed('pro')
    const sub = await sdkOf(world()).subscriptions.retrieve(subscription)
    await sdkOf(world()).subscriptions.update(subscription, {
      items: [{ id: sub.items.data[0]!.id, price: world().stripe.prices.elite! }],
    })
    await settled()
    expect(await world().tierOf(member.tenantId)).toBe('elite')
    expect((await world().status(member)).subscription?.tier).toBe('elite')
  })

  it('updated: cancelling at period end keeps the plan until then, and can be undone', async () => {
    const { member, subscription } = await subscribed('pro')
    await sdkOf(world()).subscriptions.update(subscription, { cancel_at_period_end: true })
    await settled()
    expect(await world().tierOf(member.tenantId)).toBe('pro')
    expect((await world().status(member)).subscription).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: true,
    })
    await sdkOf(world()).subscriptions.update(subscription, { cancel_at_period_end: false })
    await settled()
    expect((await world().status(member)).subscription?.cancelAtPeriodEnd).toBe(false)
  })

  it('deleted: the workspace drops to free', async () => {
    const { member, subscription } = await subscribed('elite')
    await sdkOf(world()).subscriptions.cancel(subscription)
    await settled()
    expect(await world().tierOf(member.tenantId)).toBe('free')
    const status = await world().status(member)
    expect(status.tier).toBe('free')
    expect(status.subscription).toMatchObject({ tier: 'elite', status: 'canceled' })
  })

  it('payment failed: past_due keeps the plan for the grace period, then the sweep drops it', async () => {
    const { member, subscription } = await subscribed('pro')
    const failedAt = Date.now()
    world().stripe.account.failRenewal(subscription)
    await settled()
    expect(await world().tierOf(member.tenantId)).toBe('pro')
    const status = await world().status(member)
    expect(status.subscription?.status).toBe('past_due')
    const graceUntil = Date.parse(status.subscription!.graceUntil!)
    expect(graceUntil).toBeGreaterThanOrEqual(failedAt + 7 * DAY - 1000)
    expect(graceUntil).toBeLessThanOrEqual(Date.now() + 7 * DAY)

    const { db } = world().edge.handle
    const mine = (changes: Array<{ tenantId: string }>) =>
      changes.filter((c) => c.tenantId === member.tenantId)
    expect(mine(await expireGracePeriods(db, new Date(failedAt + 6 * DAY)))).toEqual([])
    expect(await world().tierOf(member.tenantId)).toBe('pro')
    expect(mine(await expireGracePeriods(db, new Date(failedAt + 8 * DAY)))).toEqual([
      { tenantId: member.tenantId, from: 'pro', to: 'free' },
    ])
    expect(await world().tierOf(member.tenantId)).toBe('free')
  })

  it('paid again (resumed): back to active with the plan, and the grace clock stops', async () => {
    const { member, subscription } = await subscribed('elite')
    world().stripe.account.failRenewal(subscription)
    await settled()
    expect((await world().status(member)).subscription?.graceUntil).not.toBeNull()
    world().stripe.account.payOpenInvoice(subscription)
    await settled()
    expect(await world().tierOf(member.tenantId)).toBe('elite')
    expect((await world().status(member)).subscription).toMatchObject({
      status: 'active',
      graceUntil: null,
    })
  })

  it('the billing page ends a grace period that ran out since the last sweep', async () => {
    const { member, subscription } = await subscribed('pro')
    world().stripe.account.failRenewal(subscription)
    await settled()
    // Eight days pass: the grace deadline is now behind us.
    await world()
      .edge.handle.db.update(schema.subscriptions)
      .set({ graceUntil: new Date(Date.now() - DAY) })
      .where(eq(schema.subscriptions.stripeSubscriptionId, subscription))
    const status = await world().status(member)
    expect(status.tier).toBe('free')
    expect(status.subscription?.status).toBe('past_due')
    expect(await world().tierOf(member.tenantId)).toBe('free')
  })

  it("records each plan change and payment event on the workspace's audit chain", async () => {
    const { member, subscription } = await subscribed('pro')
    world().stripe.account.failRenewal(subscription)
    await settled()
    world().stripe.account.payOpenInvoice(subscription)
    await settled()
    await sdkOf(world()).subscriptions.cancel(subscription)
    await settled()
    const { db } = world().edge.handle
    // The owner's 2FA enrolment is on the same chain; this test is about billing's entries.
    const entries = (
      await db
        .select()
        .from(schema.auditLog)
        .where(eq(schema.auditLog.tenantId, member.tenantId))
        .orderBy(asc(schema.auditLog.seq))
    ).filter((e) => e.action.startsWith('billing.'))
    const tiers = (data: unknown) => data as { from?: string; to?: string }
    expect(
      entries.map((e) => [e.action, e.actorUserId, tiers(e.data).from, tiers(e.data).to]),
    ).toEqual([
      ['billing.checkout_started', member.userId, undefined, undefined],
      ['billing.tier_changed', null, 'free', 'pro'],
      ['billing.payment_failed', null, undefined, undefined],
      ['billing.payment_recovered', null, undefined, undefined],
      ['billing.tier_changed', null, 'pro', 'free'],
    ])
    expect(entries[1]).toMatchObject({
      target: subscription,
      data: { reason: 'customer.subscription.created' },
    })
    expect((await verifyChain(db, member.tenantId)).ok).toBe(true)
  })

  it('a recovered payment after the grace period restores the plan', async () => {
    const { member, subscription } = await subscribed('pro')
    world().stripe.account.failRenewal(subscription)
    await settled()
    await expireGracePeriods(world().edge.handle.db, new Date(Date.now() + 8 * DAY))
    expect(await world().tierOf(member.tenantId)).toBe('free')
    world().stripe.account.payOpenInvoice(subscription)
    await settled()
    expect(await world().tierOf(member.tenantId)).toBe('pro')
  })
})
