import { isId, schema, withTenant } from '@vm-algo/db'
import { and, asc, eq, gt } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { decodeCursor, PageQuerySchema, pageOf, toPage } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { MemberSchema, memberColumns, presentMember } from './members.ts'

const route = createRoute({
  method: 'get',
  path: '/members',
  tags: ['Team'],
  summary: "The workspace's members and their roles, in the order they joined",
  description: 'Every member may see who else is in the workspace.',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { query: PageQuerySchema },
  responses: {
    200: { description: 'A page of members', content: json(pageOf(MemberSchema)) },
    ...problems(400, 401, 403),
  },
})

/** GET /api/v1/team/members */
export const listMembers = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { cursor, limit } = c.req.valid('query')
  const after = cursor ? decodeCursor(cursor, (k) => isId('membership', k)) : undefined
  const { memberships, users } = schema
  const rows = await withTenant(database.db, auth, (tx) =>
    tx
      .select(memberColumns)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(eq(memberships.tenantId, auth.tenantId), after ? gt(memberships.id, after) : undefined),
      )
      .orderBy(asc(memberships.id))
      .limit(limit + 1),
  )
  const page = toPage(rows, limit, (row) => row.membershipId)
  return c.json({ items: page.items.map(presentMember), nextCursor: page.nextCursor }, 200)
})
