import { schema } from '@vm-algo/db'
import { and, asc, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { PLATFORM_CHAIN } from '../../../audit/chain.ts'
import {
  callJson,
  describeEdge,
  enrolTotp,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'

describeEdge('platform admin actions: tier, suspend, reinstate', (edge) => {
  const db = () => edge().handle.db
  const session = (options: Parameters<typeof testSession>[2] = {}) =>
    testSession(db(), edge().config, options)
  /** A platform admin signed in with two-factor, as the admin actions require. */
  const platformAdmin = async () => {
    const admin = await session({ isPlatformAdmin: true, mfa: true })
    await enrolTotp(edge().app, admin.headers)
    return admin
  }
  const call = <T = Record<string, unknown>>(
    s: TestSession,
    method: string,
    path: string,
    body?: unknown,
  ) => callJson<T>(edge().app, method, `/api/v1${path}`, { headers: s.headers, body })
  /** The entries of `action` about `tenantId`, on its own chain and on the platform chain. */
  const trail = (tenantId: string, action: string) =>
    db()
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.target, tenantId), eq(schema.auditLog.action, action)))
      .orderBy(asc(schema.auditLog.seq))

  it('changes a plan with a reason, recorded where the owners and the platform can see it', async () => {
    const admin = await platformAdmin()
    const owner = await session()
    const changed = await call(admin, 'PATCH', `/admin/tenants/${owner.tenantId}/tier`, {
      tier: 'elite',
      reason: 'Partner programme',
    })
    expect(changed).toMatchObject({ status: 200, body: { id: owner.tenantId, tier: 'elite' } })
    // The owner's very next request has the new plan.
    const me = await call<{ tier: string }>(owner, 'GET', '/me')
    expect(me.body.tier).toBe('elite')
    const entries = await trail(owner.tenantId, 'admin.tier_changed')
    expect(entries.map((e) => [e.chain, e.actorUserId, e.data])).toEqual([
      [owner.tenantId, admin.userId, { from: 'free', to: 'elite', reason: 'Partner programme' }],
      [PLATFORM_CHAIN, admin.userId, { from: 'free', to: 'elite', reason: 'Partner programme' }],
    ])
    const seen = await call<{ items: { action: string }[] }>(owner, 'GET', '/audit')
    expect(seen.body.items.map((e) => e.action)).toEqual(['admin.tier_changed'])
  })

  it("suspends a tenant: its members' next request is refused, and they cannot start again", async () => {
    const admin = await platformAdmin()
    const owner = await session({ tier: 'pro' })
    const member = await session({ tenantId: owner.tenantId })
    expect((await call(member, 'GET', '/team/members')).status).toBe(200)
    const suspended = await call(admin, 'POST', `/admin/tenants/${owner.tenantId}/suspend`, {
      reason: 'Chargeback fraud',
    })
    expect(suspended).toMatchObject({
      status: 200,
      body: {
        sessionsRevoked: 2,
        tenant: {
          status: 'suspended',
          suspendedReason: 'Chargeback fraud',
          suspendedAt: expect.any(String),
        },
      },
    })
    for (const s of [owner, member]) {
      expect((await call(s, 'GET', '/team/members')).status).toBe(401)
    }
    const fresh = await session({ tenantId: owner.tenantId })
    const refused = await call(fresh, 'GET', '/team/members')
    expect([refused.status, refused.body.detail]).toEqual([403, expect.stringMatching(/suspended/)])
    const entries = await trail(owner.tenantId, 'admin.tenant_suspended')
    expect(entries.map((e) => [e.chain, e.data])).toEqual([
      [owner.tenantId, { reason: 'Chargeback fraud', sessionsRevoked: 2 }],
      [PLATFORM_CHAIN, { reason: 'Chargeback fraud', sessionsRevoked: 2 }],
    ])
  })

  it('reinstates a tenant: members sign in again, ended sessions stay ended', async () => {
    const admin = await platformAdmin()
    const owner = await session()
    await call(admin, 'POST', `/admin/tenants/${owner.tenantId}/suspend`, { reason: 'Review' })
    const back = await call(admin, 'POST', `/admin/tenants/${owner.tenantId}/reinstate`, {
      reason: 'Cleared after review',
    })
    expect(back).toMatchObject({
      status: 200,
      body: { status: 'active', suspendedAt: null, suspendedReason: null },
    })
    expect((await call(owner, 'GET', '/team/members')).status).toBe(401)
    const again = await session({ tenantId: owner.tenantId })
    expect((await call(again, 'GET', '/team/members')).status).toBe(200)
    const entries = await trail(owner.tenantId, 'admin.tenant_reinstated')
    expect(entries.map((e) => [e.chain, e.data])).toEqual([
      [owner.tenantId, { reason: 'Cleared after review', suspendedReason: 'Review' }],
      [PLATFORM_CHAIN, { reason: 'Cleared after review', suspendedReason: 'Review' }],
    ])
  })
})
