import { withTenant } from '@vm-algo/db'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { databaseOf, findJob, JobParamsSchema, notFound } from './jobs.ts'
import { BacktestResultSchema, ResultQuerySchema, readResult } from './result.ts'
import { BacktestJobSchema, presentJob } from './schemas.ts'

const route = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Backtests'],
  summary: 'One backtest: status, progress, error, and its result once it succeeded',
  description:
    'The result carries the metrics, the equity curve (thin it with `points`) and one page of the trade log (`tradesOffset`, `tradesLimit`).',
  middleware: [requireAuth(), requirePermission('backtest')] as const,
  security: [{ bearer: [] }],
  request: { params: JobParamsSchema, query: ResultQuerySchema },
  responses: {
    200: {
      description: 'The backtest',
      content: json(BacktestJobSchema.extend({ result: BacktestResultSchema.nullable() })),
    },
    ...problems(400, 401, 402, 404),
  },
})

/** GET /api/v1/backtests/{id} */
export const getBacktest = router().openapi(route, async (c) => {
  const db = databaseOf(c.get('services'))
  const auth = c.get('auth')
  const { id } = c.req.valid('param')
  const query = c.req.valid('query')
  const found = await withTenant(db, auth, async (tx) => {
    const job = await findJob(tx, auth.tenantId, id)
    if (!job) return null
    const result = job.status === 'succeeded' ? await readResult(tx, job.id, query) : null
    return { job, result }
  })
  if (!found) throw notFound()
  c.header('cache-control', 'no-store')
  return c.json({ ...presentJob(found.job), result: found.result }, 200)
})
