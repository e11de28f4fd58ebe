import { newId, schema } from '@vm-algo/db'
import { openTestDatabase, seedTenant, testDrivers } from '@vm-algo/db/testing'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordSubscription, type SubscriptionSnapshot } from './sync.ts'

const DAY = 24 * 60 * 60 * 1000
const cause = { reason: 'test' }

for (const driver of testDrivers().filter((d) => d !== 'pglite-socket')) {
  describe(`recordSubscription [${driver}]`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>
    beforeAll(async () => {
      handle = await openTestDatabase(driver)
    })
    afterAll(() => handle.close())
    suite(() => handle)
  })
}

function suite(handle: () => Awaited<ReturnType<typeof openTestDatabase>>) {
  const setup = async () => {
    const { db } = handle()
    const { tenantId } = await seedTenant(db)
    const snapshot: SubscriptionSnapshot = {
      tenantId,
      stripeSubscriptionId: newId('subscription').replace('sub_', 'sub_test'),
      stripePriceId: 'price_pro',
      tier: 'pro',
      status: 'active',
      currentPeriodEnd: new Date(Date.now() + 30 * DAY),
      cancelAtPeriodEnd: false,
    }
    const record = (s: Partial<SubscriptionSnapshot>, observedAt: Date, graceMs = 7 * DAY) =>
      db.transaction((tx) =>
        recordSubscription(tx, { ...snapshot, ...s }, { observedAt, graceMs, cause }),
      )
    const stored = async () => {
      const [row] = await db
        .select()
        .from(schema.subscriptions)
        .where(eq(schema.subscriptions.stripeSubscriptionId, snapshot.stripeSubscriptionId))
      const [tenant] = await db
        .select({ tier: schema.tenants.tier })
        .from(schema.tenants)
        .where(eq(schema.tenants.id, tenantId))
      return { row: row!, tier: tenant!.tier }
    }
    return { record, stored }
  }

  it('never lets an older reading replace a newer one', async () => {
    const { record, stored } = await setup()
    const t0 = new Date()
    expect(await record({}, t0)).toEqual({ applied: true, change: { from: 'free', to: 'pro' } })
    const later = new Date(t0.getTime() + 1000)
    expect((await record({ status: 'canceled' }, later)).change).toEqual({
      from: 'pro',
      to: 'free',
    })
    // A reading taken before the cancellation (a slow webhook) comes in last.
    expect(await record({ status: 'active' }, t0)).toEqual({ applied: false, change: null })
    expect(await stored()).toMatchObject({ row: { status: 'canceled' }, tier: 'free' })
  })

  it('starts the grace clock once, keeps it across readings, and stops it when paid', async () => {
    const { record, stored } = await setup()
    const t0 = new Date()
    await record({}, t0)
    const failed = new Date(t0.getTime() + 1000)
    await record({ status: 'past_due' }, failed)
    const first = (await stored()).row.graceUntil
    expect(first?.getTime()).toBe(failed.getTime() + 7 * DAY)
    await record({ status: 'past_due' }, new Date(failed.getTime() + DAY))
    expect((await stored()).row.graceUntil).toEqual(first)
    expect((await stored()).tier).toBe('pro')
    await record({ status: 'active' }, new Date(failed.getTime() + 2 * DAY))
    expect((await stored()).row.graceUntil).toBeNull()
  })

  it('with no grace period, a failed renewal drops the plan at once', async () => {
    const { record, stored } = await setup()
    const t0 = new Date()
    await record({}, t0, 0)
    const { change } = await record({ status: 'past_due' }, new Date(t0.getTime() + 1000), 0)
    expect(change).toEqual({ from: 'pro', to: 'free' })
    expect(await stored()).toMatchObject({ row: { status: 'past_due' }, tier: 'free' })
  })
}
