import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { cookieHeader, describeEdge, jsonRequest, signUp } from '../../../testing/harness.ts'
import type { Tokens } from './schemas.ts'

describeEdge('POST /api/v1/auth/refresh — security', (edge) => {
  const refresh = async (body?: unknown, headers: Record<string, string> = {}) => {
    const res = await edge().app.request('/api/v1/auth/refresh', jsonRequest('POST', body, headers))
    return { status: res.status, body: (await res.json()) as Problem & Partial<Tokens> }
  }
  const me = async (accessToken: string) =>
    (
      await edge().app.request('/api/v1/me', {
        headers: { authorization: `Bearer ${accessToken}` },
      })
    ).status

  it('a reused refresh token ends the whole session: the thief and the owner must sign in again', async () => {
    const account = await signUp(edge().app)
    const legit = await refresh({ refreshToken: account.refreshToken })
    expect(legit.status).toBe(200)

    const replay = await refresh({ refreshToken: account.refreshToken })
    expect(replay.status).toBe(401)
    expect(replay.body.code).toBe('refresh_reused')
    // Every token of the family is dead now, the newest one too, and so is access at once.
    expect((await refresh({ refreshToken: legit.body.refreshToken })).status).toBe(401)
    expect(await me(legit.body.accessToken!)).toBe(401)
    expect(await me(account.accessToken)).toBe(401)
  })

  it('refuses an expired refresh token, an unknown one, and none at all with 401', async () => {
    const account = await signUp(edge().app)
    await edge()
      .handle.db.update(schema.refreshTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.refreshTokens.tenantId, account.tenantId))
    const expired = await refresh({ refreshToken: account.refreshToken })
    expect(expired.status).toBe(401)
    expect(expired.body).toMatchObject({
      code: 'invalid_refresh_token',
      detail: expect.stringMatching(/expired/),
    })
    expect((await refresh({ refreshToken: 'x'.repeat(43) })).body.code).toBe(
      'invalid_refresh_token',
    )
    const none = await edge().app.request('/api/v1/auth/refresh', { method: 'POST' })
    expect(none.status).toBe(401)
  })

  it('refuses a refresh token of a revoked session', async () => {
    const account = await signUp(edge().app)
    await edge()
      .handle.db.update(schema.sessions)
      .set({ revokedAt: new Date() })
      .where(eq(schema.sessions.userId, account.userId))
    expect((await refresh({ refreshToken: account.refreshToken })).status).toBe(401)
  })

  it('needs the CSRF header when the refresh token comes from the cookie', async () => {
    const account = await signUp(edge().app)
    const cookie = cookieHeader(account.cookies)
    const missing = await refresh(undefined, { cookie })
    expect(missing.status).toBe(403)
    expect(missing.body.code).toBe('csrf_failed')
    const mismatched = await refresh(undefined, { cookie, 'x-csrf-token': 'forged.value' })
    expect(mismatched.status).toBe(403)

    // Header and cookie agree, but the token was issued to another session (planted cookie).
    const other = await signUp(edge().app)
    const planted = cookieHeader({ ...account.cookies, vm_csrf: other.csrfToken })
    const foreign = await refresh(undefined, { cookie: planted, 'x-csrf-token': other.csrfToken })
    expect(foreign.status).toBe(403)
    expect(foreign.body.detail).toMatch(/this session/)

    const crossSite = await refresh(undefined, {
      cookie,
      'x-csrf-token': account.csrfToken,
      origin: 'https://evil.example',
    })
    expect(crossSite.status).toBe(403)
    // None of these used the token up.
    expect((await refresh(undefined, { cookie, 'x-csrf-token': account.csrfToken })).status).toBe(
      200,
    )
  })
})
