import { schema } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import { chainRows, PLATFORM_CHAIN } from '../../../audit/chain.ts'
import { verifyChain } from '../../../audit/verify.ts'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { PageQuerySchema, pageOf } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { AuditEntrySchema, auditPage, ChainVerdictSchema } from '../audit/entries.ts'

const ChainSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .openapi({ description: 'A tenant id, or `platform`', example: PLATFORM_CHAIN })

const listRoute = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['Admin'],
  summary: 'The audit log of every chain, or of one, newest first',
  middleware: [requireAuth(), requirePermission('admin')] as const,
  security: [{ bearer: [] }],
  request: {
    query: PageQuerySchema.extend({
      chain: ChainSchema.optional(),
      action: z.string().trim().max(100).optional().openapi({ example: 'admin.tenant_suspended' }),
    }),
  },
  responses: {
    200: { description: 'A page of entries', content: json(pageOf(AuditEntrySchema)) },
    ...problems(400, 401, 403),
  },
})

const verifyRoute = createRoute({
  method: 'get',
  path: '/audit/verify',
  tags: ['Admin'],
  summary: 'Checks one audit chain and names the first tampered entry',
  middleware: [requireAuth(), requirePermission('admin')] as const,
  security: [{ bearer: [] }],
  request: { query: z.object({ chain: ChainSchema.default(PLATFORM_CHAIN) }) },
  responses: {
    200: { description: 'The verdict', content: json(ChainVerdictSchema) },
    ...problems(400, 401, 403),
  },
})

/** GET /api/v1/admin/audit and /api/v1/admin/audit/verify — system reads of every chain. */
export const adminAudit = router()
  .openapi(listRoute, async (c) => {
    const { database } = c.get('services')
    if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
    const { chain, action, cursor, limit } = c.req.valid('query')
    const filter = and(
      chain ? chainRows(chain) : undefined,
      action ? eq(schema.auditLog.action, action) : undefined,
    )
    c.header('cache-control', 'no-store')
    return c.json(await auditPage(database.db, filter, { cursor, limit }), 200)
  })
  .openapi(verifyRoute, async (c) => {
    const { database } = c.get('services')
    if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
    c.header('cache-control', 'no-store')
    return c.json(await verifyChain(database.db, c.req.valid('query').chain), 200)
  })
