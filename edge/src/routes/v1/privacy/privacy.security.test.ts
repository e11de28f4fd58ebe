import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { ACCESS_COOKIE } from '../../../auth/cookies.ts'
import { hashPassword } from '../../../crypto/password.ts'
import type { Problem } from '../../../errors.ts'
import {
  callJson,
  cookieHeader,
  describeEdge,
  invalidCredentials,
  TEST_PASSWORD,
  testSession,
} from '../../../testing/harness.ts'

/*
 * An export hands over everything about a person, and deletion destroys it: both only for the
 * signed-in user, about that user. A cross-site page must not be able to delete an account
 * through the browser's cookies, and an export must not carry another workspace's data just
 * because the user is a member of it.
 */
describeEdge('/api/v1/me/export and DELETE /api/v1/me: security', (edge) => {
  const db = () => edge().handle.db

  it('answers 401 without a token, or with a forged or expired one', async () => {
    const s = await testSession(db(), edge().config)
    const rejected = await invalidCredentials(edge().config, s)
    for (const [method, path] of [
      ['GET', '/api/v1/me/export'],
      ['DELETE', '/api/v1/me'],
    ] as const) {
      for (const headers of rejected) {
        const { status } = await callJson(edge().app, method, path, {
          headers,
          body: method === 'DELETE' ? { password: TEST_PASSWORD } : undefined,
        })
        expect([path, status]).toEqual([path, 401])
      }
    }
  })

  it('refuses a cookie-only DELETE with no CSRF token, from any origin', async () => {
    const s = await testSession(db(), edge().config)
    await db()
      .update(schema.users)
      .set({ passwordHash: await hashPassword(TEST_PASSWORD) })
      .where(eq(schema.users.id, s.userId))
    for (const origin of ['https://evil.example', 'http://localhost:3000']) {
      const { status, body } = await callJson<Problem>(edge().app, 'DELETE', '/api/v1/me', {
        headers: { cookie: cookieHeader({ [ACCESS_COOKIE]: s.token }), origin },
        body: { password: TEST_PASSWORD },
      })
      expect(status).toBe(403)
      expect(body.code).toBe('csrf_failed')
    }
    const [user] = await db().select().from(schema.users).where(eq(schema.users.id, s.userId))
    expect(user).toBeDefined()
  })

  it("exports only workspaces the user alone owns, never another's data", async () => {
    const owner = await testSession(db(), edge().config)
    const member = await testSession(db(), edge().config, { tenantId: owner.tenantId })
    const coOwner = await testSession(db(), edge().config, {
      tenantId: owner.tenantId,
      role: 'owner',
    })
    await db()
      .insert(schema.plugins)
      .values({ tenantId: owner.tenantId, kind: 'strategy', name: 'Secret sauce', slug: 'sauce' })
    const stranger = await testSession(db(), edge().config)
    // Two owners: the workspace is nobody's alone, so nobody's export carries it.
    for (const s of [member, coOwner, owner, stranger]) {
      const res = await edge().app.request('/api/v1/me/export', { headers: s.headers })
      const text = await res.text()
      const ids = JSON.parse(text).workspaces.map((w: { tenant: { id: string } }) => w.tenant.id)
      expect(ids).toEqual(s === stranger ? [stranger.tenantId] : [])
      expect(text).not.toContain('Secret sauce')
    }
  })
})
