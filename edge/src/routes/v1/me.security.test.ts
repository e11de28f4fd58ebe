import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { issueAccessToken } from '../../auth/tokens.ts'
import type { Problem } from '../../errors.ts'
import { describeEdge, signUp } from '../../testing/harness.ts'

describeEdge('GET /api/v1/me — security', (edge) => {
  const me = async (headers: Record<string, string> = {}) => {
    const res = await edge().app.request('/api/v1/me', { headers })
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as Problem,
    }
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

  it('refuses no token, a forged one and a token signed with another key (401 problem+json)', async () => {
    const none = await me()
    expect(none).toMatchObject({ status: 401, type: 'application/problem+json' })
    expect(none.body.code).toBe('unauthenticated')
    const account = await signUp(edge().app)
    expect((await me(bearer(`${account.accessToken}x`))).status).toBe(401)
    const otherKey = await issueAccessToken(
      { ...edge().config, JWT_SECRET: 'another-secret-of-at-least-thirty-two-chars' },
      { userId: account.userId, tenantId: account.tenantId, sessionId: 'ses_x' },
    )
    expect((await me(bearer(otherKey))).status).toBe(401)
  })

  it('refuses an expired token and says to refresh', async () => {
    const account = await signUp(edge().app)
    const [session] = await edge()
      .handle.db.select()
      .from(schema.sessions)
      .where(eq(schema.sessions.userId, account.userId))
    const old = await issueAccessToken(
      edge().config,
      { userId: account.userId, tenantId: account.tenantId, sessionId: session!.id },
      Date.now() - 2 * 3600_000,
    )
    const res = await me(bearer(old))
    expect(res.status).toBe(401)
    expect(res.body.detail).toMatch(/expired/)
  })

  it("refuses a token naming another tenant than the user's session", async () => {
    const a = await signUp(edge().app)
    const b = await signUp(edge().app)
    const [session] = await edge()
      .handle.db.select()
      .from(schema.sessions)
      .where(eq(schema.sessions.userId, a.userId))
    const crossed = await issueAccessToken(edge().config, {
      userId: a.userId,
      tenantId: b.tenantId,
      sessionId: session!.id,
    })
    expect((await me(bearer(crossed))).status).toBe(401)
  })

  it('stops answering the moment the session is revoked, before the token expires', async () => {
    const account = await signUp(edge().app)
    expect((await me(account.headers)).status).toBe(200)
    await edge()
      .handle.db.update(schema.sessions)
      .set({ revokedAt: new Date() })
      .where(eq(schema.sessions.userId, account.userId))
    expect((await me(account.headers)).status).toBe(401)
  })
})
