import { schema, withTenant } from '@vm-algo/db'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { databaseOf, findJob, JobParamsSchema, notFound } from './jobs.ts'
import { BacktestJobSchema, presentJob } from './schemas.ts'

const route = createRoute({
  method: 'post',
  path: '/{id}/cancel',
  tags: ['Backtests'],
  summary: 'Cancels a queued or running backtest',
  description:
    'A queued job is cancelled at once. A running one gets `cancelRequested: true` and the engine stops it within a few seconds (its status then turns `cancelled`). Cancelling a cancelled job again is harmless; a finished one answers 409.',
  middleware: [requireAuth(), requirePermission('backtest')] as const,
  security: [{ bearer: [] }],
  request: { params: JobParamsSchema },
  responses: {
    200: { description: 'The backtest after the request', content: json(BacktestJobSchema) },
    ...problems(401, 402, 404, 409),
  },
})

/** POST /api/v1/backtests/{id}/cancel */
export const cancelBacktest = router().openapi(route, async (c) => {
  const db = databaseOf(c.get('services'))
  const auth = c.get('auth')
  const { id } = c.req.valid('param')
  const jobs = schema.backtestJobs
  const row = await withTenant(db, auth, async (tx) => {
    const job = await findJob(tx, auth.tenantId, id)
    if (!job) return null
    // One statement, so it cannot race the engine claiming the job: queued → cancelled,
    // running → flagged for the engine (which checks it with every lease renewal).
    const queued = sql`${jobs.status} = 'queued'`
    const [updated] = await tx
      .update(jobs)
      .set({
        cancelRequested: true,
        status: sql`(case when ${queued} then 'cancelled' else ${jobs.status} end)::job_status`,
        finishedAt: sql`case when ${queued} then now() else ${jobs.finishedAt} end`,
      })
      .where(
        and(
          eq(jobs.id, job.id),
          eq(jobs.tenantId, auth.tenantId),
          inArray(jobs.status, ['queued', 'running']),
        ),
      )
      .returning()
    return updated ?? job
  })
  if (!row) throw notFound()
  if (row.status === 'succeeded' || row.status === 'failed') {
    throw new ApiError(
      'conflict',
      `This backtest already ${row.status}; there is nothing to cancel.`,
    )
  }
  c.header('cache-control', 'no-store')
  return c.json(presentJob(row), 200)
})
