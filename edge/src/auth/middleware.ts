import { schema } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { ApiError } from '../errors.ts'
import { isMfaEnrolled } from '../mfa/credentials.ts'
import { type Permission, permissionsFor, type Role, type Tier } from '../plans.ts'
import type { Env } from '../services.ts'
import { ACCESS_COOKIE } from './cookies.ts'
import { assertAllowedOrigin, assertCsrfForSession, csrfTokenOf, isUnsafeMethod } from './csrf.ts'
import { verifyAccessToken } from './tokens.ts'

/** Who is calling, as `c.get('auth')` after `requireAuth`. Read live from the database. */
export interface AuthContext {
  userId: string
  tenantId: string
  sessionId: string
  role: Role
  tier: Tier
  isPlatformAdmin: boolean
  /** The session was created with the second factor. */
  mfa: boolean
  permissions: Permission[]
  /** How the token came: cookie-authenticated unsafe requests need a CSRF check. */
  via: 'bearer' | 'cookie'
}

export { ACCESS_COOKIE }

/** The token of an `Authorization: Bearer <token>` header, if the request has one. */
export const bearerToken = (c: Context): string | undefined =>
  c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]

/**
 * Authenticates the request from `Authorization: Bearer` or the access cookie, then loads the
 * session, membership and tenant, so a revoked session, a suspended tenant or a changed role
 * takes effect at once rather than when the token expires. A cookie-authenticated request with
 * an unsafe method must also pass the CSRF check (`x-csrf-token` echoing the `vm_csrf` cookie,
 * bound to this session) and come from an allowed origin; bearer clients need neither, since a
 * cross-site page cannot make a browser send an Authorization header.
 */
export const requireAuth = () =>
  createMiddleware<Env>(async (c, next) => {
    const bearer = bearerToken(c)
    const token = bearer ?? getCookie(c, ACCESS_COOKIE)
    if (!token)
      throw new ApiError('unauthenticated', 'Sign in, or send Authorization: Bearer <token>.')
    const { config, database } = c.get('services')
    const csrf = !bearer && isUnsafeMethod(c.req.method)
    if (csrf) assertAllowedOrigin(c, config)
    const csrfToken = csrf ? csrfTokenOf(c) : null
    const verified = await verifyAccessToken(config, token)
    if (!verified.ok) {
      throw new ApiError(
        'unauthenticated',
        verified.reason === 'expired'
          ? 'The access token has expired; refresh it.'
          : 'The access token is not valid.',
      )
    }
    if (csrfToken) await assertCsrfForSession(config, csrfToken, verified.claims.sessionId)
    if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
    const { userId, tenantId, sessionId } = verified.claims
    const [row] = await database.db
      .select({
        revokedAt: schema.sessions.revokedAt,
        expiresAt: schema.sessions.expiresAt,
        mfa: schema.sessions.mfa,
        role: schema.memberships.role,
        tier: schema.tenants.tier,
        tenantStatus: schema.tenants.status,
        isPlatformAdmin: schema.users.isPlatformAdmin,
        disabledAt: schema.users.disabledAt,
      })
      .from(schema.sessions)
      .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
      .innerJoin(schema.tenants, eq(schema.tenants.id, schema.sessions.tenantId))
      .innerJoin(
        schema.memberships,
        and(
          eq(schema.memberships.userId, schema.sessions.userId),
          eq(schema.memberships.tenantId, schema.sessions.tenantId),
        ),
      )
      .where(
        and(
          eq(schema.sessions.id, sessionId),
          eq(schema.sessions.userId, userId),
          eq(schema.sessions.tenantId, tenantId),
        ),
      )
      .limit(1)
    if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now() || row.disabledAt) {
      throw new ApiError('unauthenticated', 'This session has ended; sign in again.')
    }
    if (row.tenantStatus === 'suspended' && !row.isPlatformAdmin) {
      throw new ApiError('forbidden', 'This workspace is suspended. Contact support.')
    }
    c.set('auth', {
      userId,
      tenantId,
      sessionId,
      role: row.role,
      tier: row.tier,
      isPlatformAdmin: row.isPlatformAdmin,
      mfa: row.mfa,
      permissions: permissionsFor({
        tier: row.tier,
        role: row.role,
        isPlatformAdmin: row.isPlatformAdmin,
      }),
      via: bearer ? 'bearer' : 'cookie',
    })
    await next()
  })

/**
 * Lets the request through only with `permission`. Plan features answer 402 (upgrade to get
 * it); team and admin powers answer 403.
 *
 * @example
 * app.post('/orders', requireAuth(), requirePermission('trade'), handler)
 */
export const requirePermission = (permission: Permission) =>
  createMiddleware<Env>(async (c, next) => {
    const auth = c.get('auth')
    if (!auth) throw new ApiError('unauthenticated')
    if (!auth.permissions.includes(permission)) {
      const planFeature =
        permission !== 'admin' && permission !== 'manage_team' && permission !== 'manage_billing'
      throw planFeature
        ? new ApiError(
            'payment_required',
            `Your ${auth.tier} plan does not include "${permission}". Upgrade to use it.`,
          )
        : new ApiError('forbidden', `This needs the "${permission}" permission.`)
    }
    await next()
  })

/**
 * Lets tenant owners and platform admins through only with the second factor: a confirmed TOTP
 * credential and a session that was opened with it. Others pass. Put it on routes that trade or
 * manage billing, after `requireAuth()`. Answers 403 `mfa_required`.
 *
 * @example
 * app.post('/orders', requireAuth(), requirePermission('trade'), requireMfa(), handler)
 */
export const requireMfa = () =>
  createMiddleware<Env>(async (c, next) => {
    const auth = c.get('auth')
    if (!auth) throw new ApiError('unauthenticated')
    if (auth.role === 'owner' || auth.isPlatformAdmin) {
      const { database } = c.get('services')
      // The session flag alone is not enough: the factor may have been removed since.
      const verified = auth.mfa && !!database && (await isMfaEnrolled(database.db, auth.userId))
      if (!verified) {
        throw new ApiError(
          'mfa_required',
          auth.mfa
            ? 'Two-factor authentication is no longer set up; enrol again to continue.'
            : 'Owners and platform admins need two-factor authentication here: set it up, or sign in again with your code.',
          { status: 403 },
        )
      }
    }
    await next()
  })
