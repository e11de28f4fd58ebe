import { schema } from '@vm-algo/db'
import { and, eq, isNull } from 'drizzle-orm'
import { requireAuth, requireMfa, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import {
  lockTenant,
  ReasonSchema,
  recordAdminAction,
  TenantIdParam,
  TenantSummarySchema,
  tenantSummary,
} from './tenants.ts'

const SuspendedSchema = z
  .object({
    tenant: TenantSummarySchema,
    sessionsRevoked: z.number().int().openapi({ description: 'Sessions ended by the suspension' }),
  })
  .openapi('TenantSuspended')

const route = createRoute({
  method: 'post',
  path: '/tenants/{id}/suspend',
  tags: ['Admin'],
  summary: 'Suspends a tenant: every session ends at once and its members cannot sign in',
  description:
    'Platform admins, signed in with two-factor. Not the workspace you are signed in to. Audited as `admin.tenant_suspended` on the tenant and platform chains.',
  middleware: [requireAuth(), requirePermission('admin'), requireMfa()] as const,
  security: [{ bearer: [] }],
  request: {
    params: TenantIdParam,
    body: { content: json(z.object({ reason: ReasonSchema })), required: true },
  },
  responses: {
    200: { description: 'Suspended', content: json(SuspendedSchema) },
    ...problems(400, 401, 403, 404, 409),
  },
})

/** POST /api/v1/admin/tenants/{id}/suspend */
export const suspendTenant = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const { id } = c.req.valid('param')
  const { reason } = c.req.valid('json')
  if (id === c.get('auth').tenantId) {
    throw new ApiError('conflict', 'You cannot suspend the workspace you are signed in to.')
  }
  const { tenants, sessions } = schema
  const result = await database.db.transaction(async (tx) => {
    const tenant = await lockTenant(tx, id)
    if (tenant.status === 'suspended') throw new ApiError('conflict', 'Already suspended.')
    const now = new Date()
    await tx
      .update(tenants)
      .set({ status: 'suspended', suspendedAt: now, suspendedReason: reason })
      .where(eq(tenants.id, id))
    const revoked = await tx
      .update(sessions)
      .set({ revokedAt: now, revokedReason: 'tenant_suspended' })
      .where(and(eq(sessions.tenantId, id), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id })
    await recordAdminAction(tx, c, id, 'admin.tenant_suspended', {
      reason,
      sessionsRevoked: revoked.length,
    })
    return { tenant: await tenantSummary(tx, id), sessionsRevoked: revoked.length }
  })
  return c.json(result, 200)
})
