import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { callJson, describeEdge, type TestSession, testSession } from '../../../testing/harness.ts'

describeEdge('/api/v1/team/invitations and /api/v1/invitations/accept — errors', (edge) => {
  const db = () => edge().handle.db
  const session = (options: Parameters<typeof testSession>[2] = {}) =>
    testSession(db(), edge().config, options)
  const call = (s: TestSession, method: string, path: string, body?: unknown) =>
    callJson<Problem & Record<string, unknown>>(edge().app, method, `/api/v1${path}`, {
      headers: s.headers,
      body,
    })
  /** An owner's invitation for a fresh user: its id and token, and the invitee. */
  const invitation = async (role = 'member') => {
    const owner = await session()
    const invitee = await session()
    const { body } = await call(owner, 'POST', '/team/invitations', { email: invitee.email, role })
    const { id } = body.invitation as { id: string }
    const token = new URL(body.link as string).hash.replace('#token=', '')
    return { owner, invitee, id, token }
  }

  it('tells a wrong, used or expired link apart', async () => {
    const { invitee, token } = await invitation()
    const wrong = await call(invitee, 'POST', '/invitations/accept', { token: `${token}x` })
    expect(wrong).toMatchObject({ status: 404, body: { code: 'invitation_invalid' } })
    expect((await call(invitee, 'POST', '/invitations/accept', { token })).status).toBe(200)
    const again = await call(invitee, 'POST', '/invitations/accept', { token })
    expect(again).toMatchObject({ status: 409, body: { code: 'invitation_used' } })

    const later = await invitation()
    await db()
      .update(schema.invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.invitations.id, later.id))
    const expired = await call(later.invitee, 'POST', '/invitations/accept', { token: later.token })
    expect(expired).toMatchObject({ status: 410, body: { code: 'invitation_expired' } })
    const listed = await call(later.owner, 'GET', '/team/invitations')
    expect((listed.body.items as { status: string }[])[0]?.status).toBe('expired')
  })

  it('refuses a link opened by someone signed in with another address', async () => {
    const { token, owner } = await invitation()
    const stranger = await session()
    const { status, body } = await call(stranger, 'POST', '/invitations/accept', { token })
    expect(status).toBe(403)
    expect(body.code).toBe('invitation_email_mismatch')
    const members = await call(owner, 'GET', '/team/members')
    expect((members.body.items as unknown[]).length).toBe(1)
  })

  it('refuses to invite a member, or to let a member join twice', async () => {
    const owner = await session()
    const member = await session({ tenantId: owner.tenantId })
    const invited = await call(owner, 'POST', '/team/invitations', { email: member.email })
    expect(invited).toMatchObject({ status: 409, body: { code: 'already_member' } })
  })

  it('refuses a link to a suspended workspace', async () => {
    const { owner, invitee, token } = await invitation()
    await db()
      .update(schema.tenants)
      .set({ status: 'suspended' })
      .where(eq(schema.tenants.id, owner.tenantId))
    const { status, body } = await call(invitee, 'POST', '/invitations/accept', { token })
    expect(status).toBe(403)
    expect(body.detail).toMatch(/suspended/)
  })

  it('keeps owner invitations to owners', async () => {
    const owner = await session()
    const admin = await session({ tenantId: owner.tenantId, role: 'admin' })
    const byAdmin = await call(admin, 'POST', '/team/invitations', {
      email: 'new@example.in',
      role: 'owner',
    })
    expect(byAdmin.status).toBe(403)
    const byOwner = await call(owner, 'POST', '/team/invitations', {
      email: 'new@example.in',
      role: 'owner',
    })
    expect(byOwner.status).toBe(201)
    const id = (byOwner.body.invitation as { id: string }).id
    expect((await call(admin, 'DELETE', `/team/invitations/${id}`)).status).toBe(403)
  })

  it('validates the body and names each bad field', async () => {
    const owner = await session()
    const bad = await call(owner, 'POST', '/team/invitations', { email: 'nope', role: 'king' })
    expect(bad.status).toBe(400)
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['email', 'role'])
    const short = await call(owner, 'POST', '/invitations/accept', { token: 'abc' })
    expect(short.body.errors).toEqual([{ path: 'token', message: 'Not an invitation token.' }])
    const none = await call(owner, 'POST', '/invitations/accept', {})
    expect(none.body.errors?.map((e) => e.path)).toEqual(['token'])
  })

  it('answers 404 or 409 when withdrawing what cannot be withdrawn', async () => {
    const { owner, invitee, id, token } = await invitation()
    const unknown = await call(owner, 'DELETE', '/team/invitations/inv_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C')
    expect(unknown.status).toBe(404)
    await call(invitee, 'POST', '/invitations/accept', { token })
    const used = await call(owner, 'DELETE', `/team/invitations/${id}`)
    expect(used).toMatchObject({ status: 409, body: { code: 'invitation_used' } })
  })
})
