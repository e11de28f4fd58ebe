import { isId, schema, withTenant } from '@vm-algo/db'
import { and, desc, eq, lt } from 'drizzle-orm'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { decodeCursor, PageQuerySchema, pageOf, toPage } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { databaseOf } from './jobs.ts'
import { BacktestJobSchema, JOB_STATUSES, presentJob } from './schemas.ts'

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['Backtests'],
  summary: "The workspace's backtests, newest first",
  middleware: [requireAuth(), requirePermission('backtest')] as const,
  security: [{ bearer: [] }],
  request: {
    query: PageQuerySchema.extend({
      status: z.enum(JOB_STATUSES).optional().openapi({ description: 'Only jobs in this state' }),
    }),
  },
  responses: {
    200: { description: 'A page of backtests', content: json(pageOf(BacktestJobSchema)) },
    ...problems(400, 401, 402),
  },
})

/** GET /api/v1/backtests */
export const listBacktests = router().openapi(route, async (c) => {
  const db = databaseOf(c.get('services'))
  const auth = c.get('auth')
  const { cursor, limit, status } = c.req.valid('query')
  // IDs sort by creation time, so the last id shown is the cursor.
  const before = cursor ? decodeCursor(cursor, (k) => isId('backtestJob', k)) : undefined
  const jobs = schema.backtestJobs
  const rows = await withTenant(db, auth, (tx) =>
    tx
      .select()
      .from(jobs)
      .where(
        and(
          eq(jobs.tenantId, auth.tenantId),
          status ? eq(jobs.status, status) : undefined,
          before ? lt(jobs.id, before) : undefined,
        ),
      )
      .orderBy(desc(jobs.id))
      .limit(limit + 1),
  )
  c.header('cache-control', 'no-store')
  return c.json(
    toPage(rows.map(presentJob), limit, (job) => job.id),
    200,
  )
})
