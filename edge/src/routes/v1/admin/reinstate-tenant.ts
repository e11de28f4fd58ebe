import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
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

const route = createRoute({
  method: 'post',
  path: '/tenants/{id}/reinstate',
  tags: ['Admin'],
  summary: 'Lifts a suspension; members sign in again',
  description:
    'Platform admins, signed in with two-factor. Sessions ended by the suspension stay ended. Audited as `admin.tenant_reinstated` on the tenant and platform chains.',
  middleware: [requireAuth(), requirePermission('admin'), requireMfa()] as const,
  security: [{ bearer: [] }],
  request: {
    params: TenantIdParam,
    body: { content: json(z.object({ reason: ReasonSchema })), required: true },
  },
  responses: {
    200: { description: 'Reinstated', content: json(TenantSummarySchema) },
    ...problems(400, 401, 403, 404, 409),
  },
})

/** POST /api/v1/admin/tenants/{id}/reinstate */
export const reinstateTenant = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const { id } = c.req.valid('param')
  const { reason } = c.req.valid('json')
  const { tenants } = schema
  const summary = await database.db.transaction(async (tx) => {
    const tenant = await lockTenant(tx, id)
    if (tenant.status === 'active') throw new ApiError('conflict', 'The tenant is not suspended.')
    await tx
      .update(tenants)
      .set({ status: 'active', suspendedAt: null, suspendedReason: null })
      .where(eq(tenants.id, id))
    await recordAdminAction(tx, c, id, 'admin.tenant_reinstated', {
      reason,
      suspendedReason: tenant.suspendedReason,
    })
    return tenantSummary(tx, id)
  })
  return c.json(summary, 200)
})
