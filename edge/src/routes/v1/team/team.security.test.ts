import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import {
  callJson,
  describeEdge,
  invalidCredentials,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'

/*
 * Team routes decide who is in a workspace and with what powers. Without a valid session
 * nothing answers; plain members may look but not change; and nobody reaches another
 * workspace's members or invitations — an id from elsewhere is simply not found.
 */
describeEdge('/api/v1/team: security', (edge) => {
  const db = () => edge().handle.db
  const session = (options: Parameters<typeof testSession>[2] = {}) =>
    testSession(db(), edge().config, options)

  /** A workspace with an owner, a member and a pending invitation. */
  const workspace = async () => {
    const owner = await session()
    const member = await session({ tenantId: owner.tenantId })
    const { body } = await callJson<{ invitation: { id: string } }>(
      edge().app,
      'POST',
      '/api/v1/team/invitations',
      { headers: owner.headers, body: { email: 'pending@example.in' } },
    )
    return { owner, member, invitationId: body.invitation.id }
  }
  type World = Awaited<ReturnType<typeof workspace>>
  const routes: { method: string; path: (w: World) => string; body?: unknown; manage: boolean }[] =
    [
      { method: 'GET', path: () => '/api/v1/team/members', manage: false },
      {
        method: 'PATCH',
        path: (w) => `/api/v1/team/members/${w.owner.userId}`,
        body: { role: 'member' },
        manage: true,
      },
      { method: 'DELETE', path: (w) => `/api/v1/team/members/${w.owner.userId}`, manage: true },
      {
        method: 'POST',
        path: () => '/api/v1/team/invitations',
        body: { email: 'x@example.in' },
        manage: true,
      },
      { method: 'GET', path: () => '/api/v1/team/invitations', manage: true },
      { method: 'DELETE', path: (w) => `/api/v1/team/invitations/${w.invitationId}`, manage: true },
    ]
  const call = (route: (typeof routes)[number], w: World, headers: Record<string, string>) =>
    callJson<Problem>(edge().app, route.method, route.path(w), { headers, body: route.body })
  const unchanged = async (w: World) => {
    const members = await db()
      .select()
      .from(schema.memberships)
      .where(eq(schema.memberships.tenantId, w.owner.tenantId))
    expect(members.map((m) => m.role).sort()).toEqual(['member', 'owner'])
    const invitations = await db()
      .select()
      .from(schema.invitations)
      .where(eq(schema.invitations.tenantId, w.owner.tenantId))
    expect(invitations.map((i) => i.id)).toEqual([w.invitationId])
  }

  it('answers 401 without a token, or with a forged or expired one', async () => {
    const w = await workspace()
    const rejected = await invalidCredentials(edge().config, w.owner)
    for (const route of routes) {
      for (const headers of rejected) {
        const { status, body } = await call(route, w, headers)
        expect(status).toBe(401)
        expect(body.code).toBe('unauthenticated')
      }
    }
    expect(
      (
        await callJson(edge().app, 'POST', '/api/v1/invitations/accept', {
          body: { token: 'x'.repeat(43) },
        })
      ).status,
    ).toBe(401)
    await unchanged(w)
  })

  it('lets plain members see the team but change nothing, on every plan', async () => {
    for (const tier of ['free', 'elite'] as const) {
      const w = await workspace()
      await db().update(schema.tenants).set({ tier }).where(eq(schema.tenants.id, w.owner.tenantId))
      for (const route of routes) {
        const { status, body } = await call(route, w, w.member.headers)
        if (route.manage) {
          expect([route.method, status, body.code]).toEqual([route.method, 403, 'forbidden'])
        } else {
          expect(status).toBe(200)
        }
      }
      await unchanged(w)
    }
  })

  it("never reaches another workspace's members or invitations", async () => {
    const w = await workspace()
    const outsider: TestSession = await session()
    for (const route of routes) {
      const { status, body } = await call(route, w, outsider.headers)
      if (route.method === 'GET') {
        expect(status).toBe(200)
        const items = (body as unknown as { items: { userId?: string; email: string }[] }).items
        expect(items.map((i) => i.userId ?? i.email)).not.toContain(w.owner.userId)
        expect(items.map((i) => i.email)).not.toContain('pending@example.in')
      } else if (route.method !== 'POST') {
        expect([route.method, status]).toEqual([route.method, 404])
      }
    }
    await unchanged(w)
  })
})
