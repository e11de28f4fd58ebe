import { isId, schema, withTenant } from '@vm-algo/db'
import { and, desc, eq, isNull, lt, type SQL, sql } from 'drizzle-orm'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { decodeCursor, PageQuerySchema, pageOf, toPage } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { databaseOf } from './jobs.ts'
import {
  type BacktestHeadline,
  type BacktestListItem,
  BacktestListItemSchema,
  JOB_STATUSES,
  presentJob,
} from './schemas.ts'

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['Backtests'],
  summary: "The workspace's backtests, newest first, each finished one with its headline",
  middleware: [requireAuth(), requirePermission('backtest')] as const,
  security: [{ bearer: [] }],
  request: {
    query: PageQuerySchema.extend({
      status: z.enum(JOB_STATUSES).optional().openapi({ description: 'Only jobs in this state' }),
    }),
  },
  responses: {
    200: { description: 'A page of backtests', content: json(pageOf(BacktestListItemSchema)) },
    ...problems(400, 401, 402),
  },
})

const jobs = schema.backtestJobs
const results = schema.backtestResults

/**
 * A number of the stored metrics, or null when the result has none there: results are jsonb
 * written by the engine's handlers, and a scan's carries other metrics.
 */
const metric = (key: string): SQL<number | null> =>
  sql`case when jsonb_typeof(${results.metrics} -> ${key}) = 'number' then (${results.metrics} ->> ${key})::float8 end`.mapWith(
    Number,
  )

/** GET /api/v1/backtests */
export const listBacktests = router().openapi(route, async (c) => {
  const db = databaseOf(c.get('services'))
  const auth = c.get('auth')
  const { cursor, limit, status } = c.req.valid('query')
  // IDs sort by creation time, so the last id shown is the cursor.
  const before = cursor ? decodeCursor(cursor, (k) => isId('backtestJob', k)) : undefined
  // Only the four numbers of each result are read, never its curve or trades.
  const rows = await withTenant(db, auth, (tx) =>
    tx
      .select({
        job: jobs,
        totalReturn: metric('totalReturn'),
        maxDrawdown: metric('maxDrawdown'),
        sharpe: metric('sharpe'),
        trades: metric('trades'),
      })
      .from(jobs)
      .leftJoin(results, eq(results.jobId, jobs.id))
      .where(
        and(
          eq(jobs.tenantId, auth.tenantId),
          isNull(jobs.deletedAt),
          status ? eq(jobs.status, status) : undefined,
          before ? lt(jobs.id, before) : undefined,
        ),
      )
      .orderBy(desc(jobs.id))
      .limit(limit + 1),
  )
  c.header('cache-control', 'no-store')
  return c.json(
    toPage(rows.map(listItem), limit, (job) => job.id),
    200,
  )
})

function listItem(row: {
  job: typeof jobs.$inferSelect
  totalReturn: number | null
  maxDrawdown: number | null
  sharpe: number | null
  trades: number | null
}): BacktestListItem {
  const { job, totalReturn, maxDrawdown, sharpe, trades } = row
  // Only a succeeded job has a result row (stored in the transaction that marks it so).
  const headline: BacktestHeadline | null =
    totalReturn !== null && maxDrawdown !== null && trades !== null && Number.isInteger(trades)
      ? { totalReturn, maxDrawdown, sharpe, trades }
      : null
  return { ...presentJob(job), headline }
}
