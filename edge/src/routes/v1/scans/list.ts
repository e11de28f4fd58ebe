import { isId, schema, withTenant } from '@vm-algo/db'
import { and, desc, eq, lt } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { decodeCursor, PageQuerySchema, pageOf, toPage } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'
import { presentScan, ScanSchema } from './schemas.ts'

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['Scans'],
  summary: "The workspace's scans, newest first",
  description:
    'Open to every plan, so a workspace that moved to the free plan can still see and delete its scans (they do not run without the `scanner` permission).',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { query: PageQuerySchema },
  responses: {
    200: { description: 'A page of scans', content: json(pageOf(ScanSchema)) },
    ...problems(400, 401, 403),
  },
})

/** GET /api/v1/scans */
export const listScans = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { cursor, limit } = c.req.valid('query')
  const before = cursor ? decodeCursor(cursor, (k) => isId('scan', k)) : undefined
  const { scans } = schema
  const rows = await withTenant(databaseOf(c), auth, (tx) =>
    tx
      .select()
      .from(scans)
      .where(and(eq(scans.tenantId, auth.tenantId), before ? lt(scans.id, before) : undefined))
      .orderBy(desc(scans.id))
      .limit(limit + 1),
  )
  const page = toPage(rows, limit, (row) => row.id)
  return c.json({ ...page, items: page.items.map(presentScan) }, 200)
})
