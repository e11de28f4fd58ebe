import { schema, type Tx, withTenant } from '@vm-algo/db'
import { and, eq, inArray } from 'drizzle-orm'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { assertWithinPlan, takeDailyRun } from './quotas.ts'
import {
  BacktestJobSchema,
  type CreateBacktest,
  CreateBacktestSchema,
  presentJob,
} from './schemas.ts'

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['Backtests'],
  summary:
    'Queues a backtest (a parameter sweep, a walk-forward test, or a scan) of a plugin on historical bars',
  description:
    "Answers at once with the queued job; follow it with `GET /api/v1/backtests/{id}/events` (Server-Sent Events) or by polling `GET /api/v1/backtests/{id}`. A `grid` makes it a sweep over every combination (kind `sweep`), `walkForward` with a `grid` a walk-forward test (kind `walk_forward`); a scanner's version lists its matches (kind `scan_backtest`). Plans limit runs per day (429 `quota_exceeded`, with `Retry-After`), the date range and the sweep size (402 `payment_required`; walk-forward tests count their grid as a sweep's).",
  middleware: [requireAuth(), requirePermission('backtest')] as const,
  security: [{ bearer: [] }],
  request: { body: { required: true, content: json(CreateBacktestSchema) } },
  responses: {
    202: { description: 'Queued', content: json(BacktestJobSchema) },
    ...problems(400, 401, 402, 403, 429),
  },
})

/** POST /api/v1/backtests */
export const createBacktest = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const body = c.req.valid('json')
  assertWithinPlan(auth.tier, body)
  const jobs = schema.backtestJobs
  const row = await withTenant(database.db, auth, async (tx) => {
    const kind = await kindOf(tx, body)
    await checkDatasets(tx, auth.tenantId, body)
    await takeDailyRun(tx, auth.tenantId, auth.tier, Date.now())
    const [inserted] = await tx
      .insert(jobs)
      .values({
        tenantId: auth.tenantId,
        userId: auth.userId,
        pluginVersionId: body.pluginVersionId ?? null,
        kind,
        request: stored(body),
      })
      .returning()
    return inserted!
  })
  c.header('location', `/api/v1/backtests/${row.id}`)
  c.header('cache-control', 'no-store')
  return c.json(presentJob(row), 202)
})

// A scanner plugin's backtest lists its matches; a strategy's is a backtest, a sweep with a
// grid, or a walk-forward test with walkForward (and a grid). The plugin version must be the
// tenant's (row-level security hides the others).
async function kindOf(
  tx: Tx,
  body: CreateBacktest,
): Promise<'backtest' | 'sweep' | 'walk_forward' | 'scan_backtest'> {
  let pluginKind: 'strategy' | 'scanner' = 'strategy'
  if (body.pluginVersionId) {
    const [plugin] = await tx
      .select({ kind: schema.plugins.kind })
      .from(schema.pluginVersions)
      .innerJoin(schema.plugins, eq(schema.plugins.id, schema.pluginVersions.pluginId))
      .where(eq(schema.pluginVersions.id, body.pluginVersionId))
    if (!plugin)
      throw invalid('pluginVersionId', 'no plugin version with this id in your workspace')
    pluginKind = plugin.kind
  }
  if (pluginKind === 'scanner') {
    // A walk-forward always has a grid (schemas.ts), so this refuses both.
    if (body.grid) throw invalid('grid', 'scanners cannot be swept or walked forward; remove grid')
    return 'scan_backtest'
  }
  if (body.walkForward) return 'walk_forward'
  return body.grid ? 'sweep' : 'backtest'
}

// The request as the core reads it (core/src/jobs/request.ts): symbols in capitals, defaults
// filled in, only the fields given.
/** Every dataset is the workspace's own and holds bars at the request's timeframe. */
async function checkDatasets(tx: Tx, tenantId: string, body: CreateBacktest): Promise<void> {
  if (body.datasets.length === 0) return
  const { datasets } = schema
  const rows = await tx
    .select({ id: datasets.id, symbol: datasets.symbol, timeframe: datasets.timeframe })
    .from(datasets)
    .where(and(eq(datasets.tenantId, tenantId), inArray(datasets.id, body.datasets)))
  const byId = new Map(rows.map((r) => [r.id, r]))
  const symbols = new Set(body.symbols.map((s) => s.toUpperCase()))
  for (const [i, id] of body.datasets.entries()) {
    const row = byId.get(id)
    if (!row) throw invalid(`datasets.${i}`, 'no dataset with this id in your workspace')
    if (row.timeframe !== body.timeframe) {
      throw invalid(
        `datasets.${i}`,
        `holds ${row.timeframe} bars; this backtest runs on ${body.timeframe}`,
      )
    }
    if (symbols.has(row.symbol)) {
      throw invalid(`datasets.${i}`, `${row.symbol} is given twice (in symbols and as a dataset)`)
    }
    symbols.add(row.symbol)
  }
}

function stored(body: CreateBacktest) {
  return {
    ...(body.example ? { example: body.example } : {}),
    ...(body.pluginVersionId ? { pluginVersionId: body.pluginVersionId } : {}),
    symbols: body.symbols.map((s) => s.toUpperCase()),
    ...(body.datasets.length > 0 ? { datasets: body.datasets } : {}),
    timeframe: body.timeframe,
    from: body.from,
    to: body.to,
    capital: body.capital,
    params: body.params,
    costs: body.costs,
    // A grid's runs are ranked: stored with the default, so the row says by what.
    ...(body.grid ? { grid: body.grid, rankBy: body.rankBy ?? schema.DEFAULT_RANK_BY } : {}),
    ...(body.walkForward ? { walkForward: body.walkForward } : {}),
  }
}

const invalid = (path: string, message: string) =>
  new ApiError('validation_failed', 'Some fields are missing or invalid.', {
    issues: [{ path, message }],
  })
