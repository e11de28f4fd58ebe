import { isId, schema } from '@vm-algo/db'
import { and, desc, eq, ilike, lt, or, sql } from 'drizzle-orm'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { decodeCursor, PageQuerySchema, pageOf, toPage } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { summarise, TenantStatusSchema, TenantSummarySchema, TierSchema } from './tenants.ts'

const route = createRoute({
  method: 'get',
  path: '/tenants',
  tags: ['Admin'],
  summary: 'Lists and searches tenants, newest first',
  description:
    'Platform admins. `q` matches part of the name, the slug or an owner’s email, ignoring case.',
  middleware: [requireAuth(), requirePermission('admin')] as const,
  security: [{ bearer: [] }],
  request: {
    query: PageQuerySchema.extend({
      q: z.string().trim().max(100).optional(),
      tier: TierSchema.optional(),
      status: TenantStatusSchema.optional(),
    }),
  },
  responses: {
    200: { description: 'A page of tenants', content: json(pageOf(TenantSummarySchema)) },
    ...problems(400, 401, 403),
  },
})

/** GET /api/v1/admin/tenants */
export const listTenants = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const { q, tier, status, cursor, limit } = c.req.valid('query')
  const before = cursor ? decodeCursor(cursor, (k) => isId('tenant', k)) : undefined
  const { tenants, memberships, users } = schema
  const pattern = q ? `%${q.replace(/[\\%_]/g, '\\$&')}%` : undefined
  const ownerEmailMatches = sql`exists (select 1 from ${memberships} join ${users} on ${users.id} = ${memberships.userId} where ${memberships.tenantId} = ${tenants.id} and ${memberships.role} = 'owner' and ${users.email} ilike ${pattern})`
  // System work: a platform admin reads every tenant.
  const rows = await database.db
    .select()
    .from(tenants)
    .where(
      and(
        pattern
          ? or(ilike(tenants.name, pattern), ilike(tenants.slug, pattern), ownerEmailMatches)
          : undefined,
        tier ? eq(tenants.tier, tier) : undefined,
        status ? eq(tenants.status, status) : undefined,
        before ? lt(tenants.id, before) : undefined,
      ),
    )
    .orderBy(desc(tenants.id))
    .limit(limit + 1)
  const page = toPage(rows, limit, (row) => row.id)
  c.header('cache-control', 'no-store')
  return c.json(
    { items: await summarise(database.db, page.items), nextCursor: page.nextCursor },
    200,
  )
})
