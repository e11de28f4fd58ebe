import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { callJson, describeEdge, type TestSession, testSession } from '../../../testing/harness.ts'

describeEdge('/api/v1/team/members — errors', (edge) => {
  const db = () => edge().handle.db
  const workspace = async () => {
    const owner = await testSession(db(), edge().config)
    const join = (role: 'owner' | 'admin' | 'member' = 'member') =>
      testSession(db(), edge().config, { tenantId: owner.tenantId, role })
    return { owner, join }
  }
  const call = (s: TestSession, method: string, path: string, body?: unknown) =>
    callJson<Problem>(edge().app, method, `/api/v1/team${path}`, { headers: s.headers, body })
  const roleOf = async (userId: string) =>
    (await db().select().from(schema.memberships).where(eq(schema.memberships.userId, userId)))[0]
      ?.role

  it('never leaves a workspace without an owner', async () => {
    const { owner, join } = await workspace()
    const admin = await join('admin')
    for (const attempt of [
      call(owner, 'PATCH', `/members/${owner.userId}`, { role: 'admin' }),
      call(owner, 'DELETE', `/members/${owner.userId}`),
    ]) {
      const { status, body } = await attempt
      expect(status).toBe(409)
      expect(body).toMatchObject({
        code: 'last_owner',
        detail: expect.stringMatching(/only owner/),
      })
    }
    expect(await roleOf(owner.userId)).toBe('owner')
    expect(await roleOf(admin.userId)).toBe('admin')
  })

  it('lets only one of two owners demoting each other at once succeed', async () => {
    const { owner, join } = await workspace()
    const second = await join('owner')
    const results = await Promise.all([
      call(owner, 'PATCH', `/members/${second.userId}`, { role: 'member' }),
      call(second, 'PATCH', `/members/${owner.userId}`, { role: 'member' }),
    ])
    // Whoever comes second is no owner any more (403), or would leave none (409).
    const [won, lost] = results.sort((x, y) => x.status - y.status)
    expect(won!.status).toBe(200)
    expect(['forbidden', 'last_owner']).toContain(lost!.body.code)
    const roles = [await roleOf(owner.userId), await roleOf(second.userId)]
    expect(roles.sort()).toEqual(['member', 'owner'])
  })

  it('keeps owners out of reach of admins', async () => {
    const { owner, join } = await workspace()
    const admin = await join('admin')
    const member = await join()
    for (const attempt of [
      call(admin, 'PATCH', `/members/${owner.userId}`, { role: 'member' }),
      call(admin, 'PATCH', `/members/${member.userId}`, { role: 'owner' }),
      call(admin, 'PATCH', `/members/${admin.userId}`, { role: 'owner' }),
      call(admin, 'DELETE', `/members/${owner.userId}`),
    ]) {
      const { status, body } = await attempt
      expect(status).toBe(403)
      expect(body.detail).toMatch(/Only an owner/)
    }
    expect([await roleOf(owner.userId), await roleOf(member.userId)]).toEqual(['owner', 'member'])
  })

  it('answers 404 for someone who is not a member', async () => {
    const { owner } = await workspace()
    for (const attempt of [
      call(owner, 'PATCH', '/members/usr_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C', { role: 'admin' }),
      call(owner, 'DELETE', '/members/usr_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C'),
    ]) {
      expect((await attempt).body.code).toBe('not_found')
    }
  })

  it('refuses an unknown role or a missing body with the field named', async () => {
    const { owner, join } = await workspace()
    const member = await join()
    for (const body of [{ role: 'superuser' }, {}, { role: null }]) {
      const res = await call(owner, 'PATCH', `/members/${member.userId}`, body)
      expect(res.status).toBe(400)
      expect(res.body.errors?.map((e) => e.path)).toEqual(['role'])
    }
    const page = await call(owner, 'GET', '/members?limit=500')
    expect(page.body.errors?.map((e) => e.path)).toEqual(['limit'])
  })
})
