import { isId, schema, withTenant } from '@vm-algo/db'
import { and, desc, eq, lt } from 'drizzle-orm'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { decodeCursor, PageQuerySchema, pageOf, toPage } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { InvitationSchema, presentInvitation } from './invitations.ts'

const route = createRoute({
  method: 'get',
  path: '/invitations',
  tags: ['Team'],
  summary: "The workspace's invitations, newest first, with their status",
  middleware: [requireAuth(), requirePermission('manage_team')] as const,
  security: [{ bearer: [] }],
  request: { query: PageQuerySchema },
  responses: {
    200: { description: 'A page of invitations', content: json(pageOf(InvitationSchema)) },
    ...problems(400, 401, 403),
  },
})

/** GET /api/v1/team/invitations */
export const listInvitations = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { cursor, limit } = c.req.valid('query')
  const before = cursor ? decodeCursor(cursor, (k) => isId('invitation', k)) : undefined
  const { invitations } = schema
  const rows = await withTenant(database.db, auth, (tx) =>
    tx
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.tenantId, auth.tenantId),
          before ? lt(invitations.id, before) : undefined,
        ),
      )
      .orderBy(desc(invitations.id))
      .limit(limit + 1),
  )
  const page = toPage(rows, limit, (row) => row.id)
  const now = Date.now()
  return c.json(
    { items: page.items.map((row) => presentInvitation(row, now)), nextCursor: page.nextCursor },
    200,
  )
})
