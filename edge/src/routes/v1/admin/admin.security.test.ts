import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import {
  callJson,
  describeEdge,
  invalidCredentials,
  testSession,
} from '../../../testing/harness.ts'

/*
 * The admin console reads every tenant and can suspend any of them. Only platform admins may
 * use it: not tenant owners on the top plan, not a user whose admin flag was taken away after
 * sign-in (it is read live), and nothing at all without a valid session.
 */
describeEdge('/api/v1/admin: security', (edge) => {
  const db = () => edge().handle.db
  const session = (options: Parameters<typeof testSession>[2] = {}) =>
    testSession(db(), edge().config, options)
  const routes = (tenantId: string) =>
    [
      ['GET', '/api/v1/admin/tenants', undefined],
      ['GET', `/api/v1/admin/tenants/${tenantId}`, undefined],
      [
        'PATCH',
        `/api/v1/admin/tenants/${tenantId}/tier`,
        { tier: 'elite', reason: 'Free upgrade' },
      ],
      ['POST', `/api/v1/admin/tenants/${tenantId}/suspend`, { reason: 'Lock them out' }],
      ['POST', `/api/v1/admin/tenants/${tenantId}/reinstate`, { reason: 'Let them in' }],
      ['GET', '/api/v1/admin/audit', undefined],
      ['GET', '/api/v1/admin/audit/verify?chain=platform', undefined],
    ] as const
  const untouched = async (tenantId: string) => {
    const [tenant] = await db().select().from(schema.tenants).where(eq(schema.tenants.id, tenantId))
    expect([tenant?.tier, tenant?.status]).toEqual(['free', 'active'])
  }

  it('answers 401 without a token, or with a forged or expired one', async () => {
    const victim = await session()
    const someone = await session({ isPlatformAdmin: true, mfa: true })
    const rejected = await invalidCredentials(edge().config, someone)
    for (const [method, path, body] of routes(victim.tenantId)) {
      for (const headers of rejected) {
        const { status } = await callJson(edge().app, method, path, { headers, body })
        expect([path, status]).toEqual([path, 401])
      }
    }
    await untouched(victim.tenantId)
  })

  it('answers 403 to everyone who is not a platform admin, whatever their role or plan', async () => {
    const victim = await session()
    const callers = [
      await session({ tier: 'elite', mfa: true }),
      await session({ role: 'admin', tier: 'pro' }),
      await session({ tenantId: victim.tenantId }),
      await session({ tenantId: victim.tenantId, role: 'owner' }),
    ]
    for (const caller of callers) {
      for (const [method, path, body] of routes(victim.tenantId)) {
        const res = await callJson<Problem>(edge().app, method, path, {
          headers: caller.headers,
          body,
        })
        expect([path, res.status, res.body.code]).toEqual([path, 403, 'forbidden'])
      }
    }
    await untouched(victim.tenantId)
  })

  it('stops a former platform admin at once', async () => {
    const victim = await session()
    const former = await session({ isPlatformAdmin: true, mfa: true })
    const list = () =>
      callJson(edge().app, 'GET', '/api/v1/admin/tenants', { headers: former.headers })
    expect((await list()).status).toBe(200)
    await db()
      .update(schema.users)
      .set({ isPlatformAdmin: false })
      .where(eq(schema.users.id, former.userId))
    expect((await list()).status).toBe(403)
    await untouched(victim.tenantId)
  })
})
