import { withTenant } from '@vm-algo/db'
import { chainRows } from '../../../audit/chain.ts'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { PageQuerySchema, pageOf } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { AuditEntrySchema, auditPage } from './entries.ts'

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['Audit'],
  summary: "The workspace's audit log, newest first",
  description:
    'Sign-ins, two-factor changes, role and plan changes, billing events and platform-admin actions on this workspace. Owners and admins only.',
  middleware: [requireAuth(), requirePermission('manage_team')] as const,
  security: [{ bearer: [] }],
  request: { query: PageQuerySchema },
  responses: {
    200: { description: 'A page of entries', content: json(pageOf(AuditEntrySchema)) },
    ...problems(400, 401, 403),
  },
})

/** GET /api/v1/audit */
export const listAudit = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const page = await withTenant(database.db, auth, (tx) =>
    auditPage(tx, chainRows(auth.tenantId), c.req.valid('query')),
  )
  c.header('cache-control', 'no-store')
  return c.json(page, 200)
})
