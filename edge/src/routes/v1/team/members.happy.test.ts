import { schema } from '@vm-algo/db'
import { and, asc, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { callJson, describeEdge, type TestSession, testSession } from '../../../testing/harness.ts'

interface Member {
  userId: string
  email: string
  role: string
}
interface Page {
  items: Member[]
  nextCursor: string | null
}

describeEdge('/api/v1/team/members', (edge) => {
  const db = () => edge().handle.db
  const workspace = async () => {
    const owner = await testSession(db(), edge().config)
    const join = (role: 'owner' | 'admin' | 'member' = 'member') =>
      testSession(db(), edge().config, { tenantId: owner.tenantId, role })
    return { owner, join }
  }
  const call = <T = Record<string, unknown>>(
    s: TestSession,
    method: string,
    path: string,
    body?: unknown,
  ) => callJson<T>(edge().app, method, `/api/v1/team${path}`, { headers: s.headers, body })
  const auditOf = (tenantId: string) =>
    db()
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.chain, tenantId))
      .orderBy(asc(schema.auditLog.seq))

  it('lists members in the order they joined, to every member, a page at a time', async () => {
    const { owner, join } = await workspace()
    const admin = await join('admin')
    const member = await join()
    const all = await call<Page>(member, 'GET', '/members')
    expect(all.status).toBe(200)
    expect(all.body.items).toEqual([
      {
        userId: owner.userId,
        email: owner.email,
        name: null,
        role: 'owner',
        joinedAt: expect.any(String),
      },
      expect.objectContaining({ userId: admin.userId, role: 'admin' }),
      expect.objectContaining({ userId: member.userId, role: 'member' }),
    ])
    expect(all.body.nextCursor).toBeNull()
    const first = await call<Page>(owner, 'GET', '/members?limit=2')
    expect(first.body.items.map((m) => m.userId)).toEqual([owner.userId, admin.userId])
    const rest = await call<Page>(owner, 'GET', `/members?limit=2&cursor=${first.body.nextCursor}`)
    expect(rest.body).toEqual({
      items: [expect.objectContaining({ userId: member.userId })],
      nextCursor: null,
    })
  })

  it('changes roles, auditing each change with from and to', async () => {
    const { owner, join } = await workspace()
    const member = await join()
    const promoted = await call(owner, 'PATCH', `/members/${member.userId}`, { role: 'admin' })
    expect(promoted).toMatchObject({ status: 200, body: { userId: member.userId, role: 'admin' } })
    // The new admin can now manage the team: the role is read live, not from the token.
    const other = await join()
    expect(
      (await call(member, 'PATCH', `/members/${other.userId}`, { role: 'admin' })).status,
    ).toBe(200)
    await call(owner, 'PATCH', `/members/${member.userId}`, { role: 'owner' })
    // Two owners: one may now step down.
    expect(
      (await call(owner, 'PATCH', `/members/${owner.userId}`, { role: 'member' })).status,
    ).toBe(200)
    const entries = (await auditOf(owner.tenantId)).filter((e) => e.action === 'team.role_changed')
    expect(entries.map((e) => [e.actorUserId, e.target, e.data])).toEqual([
      [owner.userId, member.userId, { from: 'member', to: 'admin' }],
      [member.userId, other.userId, { from: 'member', to: 'admin' }],
      [owner.userId, member.userId, { from: 'admin', to: 'owner' }],
      [owner.userId, owner.userId, { from: 'owner', to: 'member' }],
    ])
  })

  it('records nothing when the role does not change', async () => {
    const { owner, join } = await workspace()
    const admin = await join('admin')
    expect((await call(owner, 'PATCH', `/members/${admin.userId}`, { role: 'admin' })).status).toBe(
      200,
    )
    expect(await auditOf(owner.tenantId)).toEqual([])
  })

  it('removes a member, whose sessions in the workspace end at once', async () => {
    const { owner, join } = await workspace()
    const member = await join()
    expect((await call(member, 'GET', '/members')).status).toBe(200)
    const removed = await call(owner, 'DELETE', `/members/${member.userId}`)
    expect(removed.status).toBe(204)
    expect((await call(member, 'GET', '/members')).status).toBe(401)
    const [session] = await db()
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.id, member.sessionId))
    expect(session).toMatchObject({ revokedReason: 'removed_from_workspace' })
    expect((await auditOf(owner.tenantId)).map((e) => [e.action, e.target])).toEqual([
      ['team.member_removed', member.userId],
    ])
  })

  it('lets any member leave, an owner too while another owner remains', async () => {
    const { owner, join } = await workspace()
    const member = await join()
    const coOwner = await join('owner')
    expect((await call(member, 'DELETE', `/members/${member.userId}`)).status).toBe(204)
    expect((await call(owner, 'DELETE', `/members/${owner.userId}`)).status).toBe(204)
    const left = await db()
      .select()
      .from(schema.memberships)
      .where(and(eq(schema.memberships.tenantId, owner.tenantId)))
    expect(left.map((m) => [m.userId, m.role])).toEqual([[coOwner.userId, 'owner']])
    expect((await auditOf(owner.tenantId)).map((e) => e.action)).toEqual([
      'team.member_left',
      'team.member_left',
    ])
  })
})
