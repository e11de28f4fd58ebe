import { schema, withTenant } from '@vm-algo/db'
import { and, eq, sql } from 'drizzle-orm'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, problems, router } from '../../../openapi.ts'
import { databaseOf, findJob, isFinal, JobParamsSchema, notFound } from './jobs.ts'

const route = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['Backtests'],
  summary: 'Deletes a finished backtest and its result',
  description:
    "Its report (metrics, curves, trades) is gone at once and the run leaves the list. A queued or running backtest answers 409: cancel it first. Deleted runs still count toward the day's runs of the plan.",
  middleware: [requireAuth(), requirePermission('backtest')] as const,
  security: [{ bearer: [] }],
  request: { params: JobParamsSchema },
  responses: {
    204: { description: 'Deleted' },
    ...problems(401, 402, 404, 409),
  },
})

/** DELETE /api/v1/backtests/{id} */
export const deleteBacktest = router().openapi(route, async (c) => {
  const db = databaseOf(c.get('services'))
  const auth = c.get('auth')
  const { id } = c.req.valid('param')
  const { backtestJobs: jobs, backtestResults: results } = schema
  await withTenant(db, auth, async (tx) => {
    const job = await findJob(tx, auth.tenantId, id)
    if (!job) throw notFound()
    if (!isFinal(job.status)) {
      throw new ApiError(
        'conflict',
        `This backtest is ${job.status}; cancel it first, then delete it.`,
      )
    }
    // The row stays, marked, for the plan's daily count (quotas.ts counts rows by creation);
    // the result, which is what is large and what the user asked to be rid of, goes. A final
    // status never changes again, so nothing can race this.
    await tx
      .update(jobs)
      .set({ deletedAt: sql`now()` })
      .where(and(eq(jobs.id, job.id), eq(jobs.tenantId, auth.tenantId)))
    await tx.delete(results).where(eq(results.jobId, job.id))
  })
  return c.body(null, 204)
})
