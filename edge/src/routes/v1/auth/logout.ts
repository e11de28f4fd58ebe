import type { Database } from '@vm-algo/db'
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { ACCESS_COOKIE, clearSessionCookies, REFRESH_COOKIE } from '../../../auth/cookies.ts'
import { assertAllowedOrigin, assertCsrfForSession, csrfTokenOf } from '../../../auth/csrf.ts'
import { bearerToken } from '../../../auth/middleware.ts'
import { revokeSession, sessionOfRefreshToken } from '../../../auth/sessions.ts'
import { verifyAccessToken } from '../../../auth/tokens.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import type { Env } from '../../../services.ts'
import { RefreshSchema } from './refresh.ts'

const route = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['Auth'],
  summary: 'Sign out: ends the current session and clears the cookies',
  description:
    'The session is named by a refresh token in the body, a bearer access token, or the cookies (then with `x-csrf-token`). Signing out of a session that has already ended succeeds too.',
  request: { body: { content: json(RefreshSchema), required: false } },
  responses: { 204: { description: 'Signed out' }, ...problems(400, 403) },
})

/** POST /api/v1/auth/logout */
export const logout = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const sessionId = await sessionToEnd(c, database.db, c.req.valid('json')?.refreshToken)
  if (sessionId) await revokeSession(database.db, sessionId, 'logout')
  clearSessionCookies(c)
  return c.body(null, 204)
})

async function sessionToEnd(
  c: Context<Env>,
  db: Database,
  bodyToken: string | undefined,
): Promise<string | null> {
  const { config } = c.get('services')
  if (bodyToken) return (await sessionOfRefreshToken(db, bodyToken))?.sessionId ?? null
  const bearer = bearerToken(c)
  if (bearer) {
    const verified = await verifyAccessToken(config, bearer)
    return verified.ok ? verified.claims.sessionId : null
  }
  const refreshCookie = getCookie(c, REFRESH_COOKIE)
  const accessCookie = getCookie(c, ACCESS_COOKIE)
  if (!refreshCookie && !accessCookie) return null
  // Cookies come with every request, a forged cross-site one too: same checks as requireAuth.
  assertAllowedOrigin(c, config)
  const csrf = csrfTokenOf(c)
  let sessionId = refreshCookie
    ? (await sessionOfRefreshToken(db, refreshCookie))?.sessionId
    : undefined
  if (!sessionId && accessCookie) {
    const verified = await verifyAccessToken(config, accessCookie)
    if (verified.ok) sessionId = verified.claims.sessionId
  }
  if (!sessionId) return null
  await assertCsrfForSession(config, csrf, sessionId)
  return sessionId
}
