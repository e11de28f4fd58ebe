import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { hashPassword } from '../../../crypto/password.ts'
import type { Problem } from '../../../errors.ts'
import {
  callJson,
  describeEdge,
  TEST_PASSWORD,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'

describeEdge('DELETE /api/v1/me — errors', (edge) => {
  const db = () => edge().handle.db
  const withPassword = async (options: Parameters<typeof testSession>[2] = {}) => {
    const s = await testSession(db(), edge().config, options)
    await db()
      .update(schema.users)
      .set({ passwordHash: await hashPassword(TEST_PASSWORD) })
      .where(eq(schema.users.id, s.userId))
    return s
  }
  const remove = (s: TestSession, body: unknown) =>
    callJson<Problem>(edge().app, 'DELETE', '/api/v1/me', { headers: s.headers, body })
  const exists = async (s: TestSession) =>
    (await db().select().from(schema.users).where(eq(schema.users.id, s.userId))).length === 1

  it('wants the password, and counts wrong ones towards the lockout', async () => {
    const s = await withPassword()
    for (const body of [{}, { password: '' }, undefined]) {
      const { status, body: problem } = await remove(s, body)
      expect(status).toBe(400)
      expect(problem.code).toBe('validation_failed')
    }
    for (let i = 0; i < 5; i++) {
      const { status, body } = await remove(s, { password: 'not my password' })
      expect([status, body.code]).toEqual([401, 'invalid_credentials'])
    }
    const locked = await remove(s, { password: TEST_PASSWORD })
    expect(locked.status).toBe(429)
    expect(locked.body.code).toBe('account_locked')
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await exists(s)).toBe(true)
  })

  it('refuses while a workspace going with the account still pays, and goes ahead once cancelled', async () => {
    const s = await withPassword({ tier: 'pro' })
    const subscriptionId = `sub_${crypto.randomUUID()}`
    await db().insert(schema.subscriptions).values({
      tenantId: s.tenantId,
      stripeSubscriptionId: subscriptionId,
      tier: 'pro',
      status: 'active',
    })
    const refused = await remove(s, { password: TEST_PASSWORD })
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({
      code: 'subscription_active',
      detail: expect.stringMatching(/^Cancel the subscription of "Tenant \w+" first\.$/),
    })
    expect(await exists(s)).toBe(true)
    await db()
      .update(schema.subscriptions)
      .set({ status: 'canceled' })
      .where(eq(schema.subscriptions.stripeSubscriptionId, subscriptionId))
    expect((await remove(s, { password: TEST_PASSWORD })).status).toBe(200)
    expect(await exists(s)).toBe(false)
  })
})
