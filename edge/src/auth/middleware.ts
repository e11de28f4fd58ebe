import { schema } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { ApiError } from '../errors.ts'
import { type Permission, permissionsFor, type Role, type Tier } from '../plans.ts'
import type { Env } from '../services.ts'
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

export const ACCESS_COOKIE = 'vm_access'

/**
 * Authenticates the request from `Authorization: Bearer` or the access cookie, then loads the
 * session, membership and tenant, so a revoked session, a suspended tenant or a changed role
 * takes effect at once rather than when the token expires.
 */
export const requireAuth = () =>
  createMiddleware<Env>(async (c, next) => {
    const header = c.req.header('authorization')
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1]
    const token = bearer ?? getCookie(c, ACCESS_COOKIE)
    if (!token)
      throw new ApiError('unauthenticated', 'Sign in, or send Authorization: Bearer <token>.')
    const { config, database } = c.get('services')
    const verified = await verifyAccessToken(config, token)
    if (!verified.ok) {
      throw new ApiError(
        'unauthenticated',
        verified.reason === 'expired'
          ? 'The access token has expired; refresh it.'
          : 'The access token is not valid.',
      )
    }
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
