import { createHash } from 'node:crypto'
import { schema } from '@vm-algo/db'
import { and, asc, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { callJson, describeEdge, type TestSession, testSession } from '../../../testing/harness.ts'

interface Invitation {
  id: string
  email: string
  role: string
  status: string
  invitedBy: string | null
  expiresAt: string
}
interface Created {
  invitation: Invitation
  link: string
  delivery: { method: string; note: string }
}

describeEdge('/api/v1/team/invitations and /api/v1/invitations/accept', (edge) => {
  const db = () => edge().handle.db
  const session = (options: Parameters<typeof testSession>[2] = {}) =>
    testSession(db(), edge().config, options)
  const call = <T = Record<string, unknown>>(
    s: TestSession,
    method: string,
    path: string,
    body?: unknown,
  ) => callJson<T>(edge().app, method, `/api/v1${path}`, { headers: s.headers, body })
  const invite = (s: TestSession, email: string, role?: string) =>
    call<Created>(s, 'POST', '/team/invitations', { email, ...(role ? { role } : {}) })
  const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '')
  const actions = async (tenantId: string) =>
    (
      await db()
        .select()
        .from(schema.auditLog)
        .where(eq(schema.auditLog.chain, tenantId))
        .orderBy(asc(schema.auditLog.seq))
    ).map((e) => e.action)

  it('invites by email, and the invitee joins with the link', async () => {
    const owner = await session()
    const invitee = await session()
    const created = await invite(owner, invitee.email.toUpperCase(), 'admin')
    expect(created.status).toBe(201)
    expect(created.body.invitation).toMatchObject({
      email: invitee.email,
      role: 'admin',
      status: 'pending',
      invitedBy: owner.userId,
    })
    const week = Date.parse(created.body.invitation.expiresAt) - Date.now()
    expect(week).toBeGreaterThan(7 * 86_400_000 - 60_000)
    expect(week).toBeLessThanOrEqual(7 * 86_400_000)
    expect(created.body.link).toMatch(
      /^http:\/\/localhost:3000\/invitations\/accept#token=[\w-]{43}$/,
    )
    expect(created.body.delivery).toEqual({
      method: 'link',
      note: expect.stringMatching(/not set up/),
    })

    // Only a hash of the token is stored.
    const token = tokenOf(created.body.link)
    const [row] = await db()
      .select()
      .from(schema.invitations)
      .where(eq(schema.invitations.id, created.body.invitation.id))
    expect(row!.tokenHash).not.toContain(token)
    expect(row!.tokenHash).toBe(createHash('sha256').update(`invitation:${token}`).digest('hex'))

    const accepted = await call(invitee, 'POST', '/invitations/accept', { token })
    expect(accepted).toMatchObject({
      status: 200,
      body: { tenant: { id: owner.tenantId }, role: 'admin' },
    })
    const [membership] = await db()
      .select()
      .from(schema.memberships)
      .where(
        and(
          eq(schema.memberships.tenantId, owner.tenantId),
          eq(schema.memberships.userId, invitee.userId),
        ),
      )
    expect(membership?.role).toBe('admin')
    const listed = await call<{ items: Invitation[] }>(owner, 'GET', '/team/invitations')
    expect(listed.body.items.map((i) => i.status)).toEqual(['accepted'])
    expect(await actions(owner.tenantId)).toEqual([
      'team.invitation_created',
      'team.invitation_accepted',
    ])
  })

  it('lists invitations newest first, a page at a time; an empty list is an empty page', async () => {
    const owner = await session()
    expect((await call(owner, 'GET', '/team/invitations')).body).toEqual({
      items: [],
      nextCursor: null,
    })
    for (const name of ['asha', 'bhavin', 'chitra']) await invite(owner, `${name}@example.in`)
    const first = await call<{ items: Invitation[]; nextCursor: string }>(
      owner,
      'GET',
      '/team/invitations?limit=2',
    )
    expect(first.body.items.map((i) => i.email)).toEqual(['chitra@example.in', 'bhavin@example.in'])
    const rest = await call(
      owner,
      'GET',
      `/team/invitations?limit=2&cursor=${first.body.nextCursor}`,
    )
    expect(rest.body).toEqual({
      items: [expect.objectContaining({ email: 'asha@example.in', status: 'pending' })],
      nextCursor: null,
    })
  })

  it('replaces a pending invitation when the same address is invited again', async () => {
    const owner = await session()
    const invitee = await session()
    const old = await invite(owner, invitee.email)
    const fresh = await invite(owner, invitee.email, 'admin')
    const listed = await call<{ items: Invitation[] }>(owner, 'GET', '/team/invitations')
    expect(listed.body.items.map((i) => i.id)).toEqual([fresh.body.invitation.id])
    const stale = await call(invitee, 'POST', '/invitations/accept', {
      token: tokenOf(old.body.link),
    })
    expect(stale.body.code).toBe('invitation_invalid')
    const ok = await call(invitee, 'POST', '/invitations/accept', {
      token: tokenOf(fresh.body.link),
    })
    expect(ok.body.role).toBe('admin')
  })

  it('withdraws an invitation: its link stops working at once', async () => {
    const owner = await session()
    const admin = await session({ tenantId: owner.tenantId, role: 'admin' })
    const invitee = await session()
    const created = await invite(owner, invitee.email)
    const revoked = await call(admin, 'DELETE', `/team/invitations/${created.body.invitation.id}`)
    expect(revoked.status).toBe(204)
    const accept = await call(invitee, 'POST', '/invitations/accept', {
      token: tokenOf(created.body.link),
    })
    expect(accept.status).toBe(404)
    expect((await call(owner, 'GET', '/team/invitations')).body.items).toEqual([])
    expect(await actions(owner.tenantId)).toEqual([
      'team.invitation_created',
      'team.invitation_revoked',
    ])
  })
})
