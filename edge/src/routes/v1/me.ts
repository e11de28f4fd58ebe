import { schema, withTenant } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { requireAuth } from '../../auth/middleware.ts'
import { ApiError } from '../../errors.ts'
import { isMfaEnrolled } from '../../mfa/credentials.ts'
import { createRoute, json, problems, router, z } from '../../openapi.ts'
import { PERMISSIONS } from '../../plans.ts'
import { TenantSchema, UserSchema } from './auth/schemas.ts'

export const MeSchema = z
  .object({
    user: UserSchema.extend({ isPlatformAdmin: z.boolean() }),
    tenant: TenantSchema.extend({ status: z.enum(['active', 'suspended']) }),
    tier: z.enum(['free', 'pro', 'elite']),
    role: z.enum(['owner', 'admin', 'member']),
    permissions: z.array(z.enum(PERMISSIONS)),
    mfa: z.object({
      enrolled: z.boolean().openapi({ description: 'A confirmed authenticator app' }),
      sessionVerified: z
        .boolean()
        .openapi({ description: 'This session was opened with the second factor' }),
    }),
  })
  .openapi('Me')

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['Account'],
  summary: 'Who is calling: user, workspace, plan, role, permissions and two-factor state',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  responses: { 200: { description: 'The caller', content: json(MeSchema) }, ...problems(401, 403) },
})

/** GET /api/v1/me */
export const me = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { users, tenants } = schema
  const { user, tenant, enrolled } = await withTenant(database.db, auth, async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, auth.userId))
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, auth.tenantId))
    return { user, tenant, enrolled: await isMfaEnrolled(tx, auth.userId) }
  })
  if (!user || !tenant)
    throw new ApiError('unauthenticated', 'This session has ended; sign in again.')
  c.header('cache-control', 'no-store')
  return c.json(
    {
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        createdAt: user.createdAt.toISOString(),
        isPlatformAdmin: user.isPlatformAdmin,
      },
      tenant: {
        id: tenant.id,
        name: tenant.name,
        slug: tenant.slug,
        tier: tenant.tier,
        status: tenant.status,
      },
      tier: auth.tier,
      role: auth.role,
      permissions: auth.permissions,
      mfa: { enrolled, sessionVerified: auth.mfa },
    },
    200,
  )
})
