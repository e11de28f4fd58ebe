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
  TierSchema,
  tenantSummary,
} from './tenants.ts'

const route = createRoute({
  method: 'patch',
  path: '/tenants/{id}/tier',
  tags: ['Admin'],
  summary: "Sets a tenant's plan by hand",
  description:
    'Platform admins, signed in with two-factor. Takes effect on the next request. A tenant with a Stripe subscription gets the tier of its subscription back at the next billing event. Audited as `admin.tier_changed` on the tenant and platform chains.',
  middleware: [requireAuth(), requirePermission('admin'), requireMfa()] as const,
  security: [{ bearer: [] }],
  request: {
    params: TenantIdParam,
    body: { content: json(z.object({ tier: TierSchema, reason: ReasonSchema })), required: true },
  },
  responses: {
    200: { description: 'The tenant after the change', content: json(TenantSummarySchema) },
    ...problems(400, 401, 403, 404),
  },
})

/** PATCH /api/v1/admin/tenants/{id}/tier */
export const changeTier = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const { id } = c.req.valid('param')
  const { tier, reason } = c.req.valid('json')
  const { tenants } = schema
  const summary = await database.db.transaction(async (tx) => {
    const tenant = await lockTenant(tx, id)
    if (tenant.tier !== tier) {
      await tx.update(tenants).set({ tier }).where(eq(tenants.id, id))
      await recordAdminAction(tx, c, id, 'admin.tier_changed', {
        from: tenant.tier,
        to: tier,
        reason,
      })
    }
    return tenantSummary(tx, id)
  })
  return c.json(summary, 200)
})
