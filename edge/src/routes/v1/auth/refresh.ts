import { getCookie } from 'hono/cookie'
import { REFRESH_COOKIE } from '../../../auth/cookies.ts'
import { assertAllowedOrigin, assertCsrfForSession, csrfTokenOf } from '../../../auth/csrf.ts'
import { rotateRefreshToken } from '../../../auth/sessions.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { TokensSchema, tokensBody } from './schemas.ts'

/** A refresh token in the body (API clients); browsers send none and rely on the cookie. */
export const RefreshSchema = z
  .object({ refreshToken: z.string().min(1).max(200).optional() })
  .openapi('RefreshToken')

const route = createRoute({
  method: 'post',
  path: '/refresh',
  tags: ['Auth'],
  summary: 'Trade the refresh token for new tokens (rotation)',
  description:
    'The refresh token comes from the body or the `vm_refresh` cookie (then with `x-csrf-token`). Each refresh token works once; presenting a used one ends the whole session (401 `refresh_reused`).',
  request: { body: { content: json(RefreshSchema), required: false } },
  responses: {
    200: { description: 'New tokens (body and cookies)', content: json(TokensSchema) },
    ...problems(400, 401, 403),
  },
})

/** POST /api/v1/auth/refresh */
export const refresh = router().openapi(route, async (c) => {
  const { config, database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const fromBody = c.req.valid('json')?.refreshToken
  const presented = fromBody ?? getCookie(c, REFRESH_COOKIE)
  if (!presented) {
    throw new ApiError('invalid_refresh_token', 'Send { "refreshToken": … } or the refresh cookie.')
  }
  let guard: ((sessionId: string) => Promise<void>) | undefined
  if (!fromBody) {
    assertAllowedOrigin(c, config)
    const csrf = csrfTokenOf(c)
    guard = (sessionId) => assertCsrfForSession(config, csrf, sessionId)
  }
  const result = await rotateRefreshToken(database.db, config, presented, guard)
  if (!result.ok) {
    if (result.reason === 'reused') {
      throw new ApiError(
        'refresh_reused',
        'This refresh token was already used, so it may have been stolen: the session has been ended. Sign in again.',
      )
    }
    throw new ApiError(
      'invalid_refresh_token',
      result.reason === 'expired'
        ? 'The session has expired; sign in again.'
        : 'This refresh token is not valid; sign in again.',
    )
  }
  return c.json(tokensBody(c, result.tokens), 200)
})
