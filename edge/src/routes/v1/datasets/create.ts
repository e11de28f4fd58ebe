import { schema, withTenant } from '@vm-algo/db'
import { count, eq } from 'drizzle-orm'
import { bodyLimit } from 'hono/body-limit'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { CoreUnavailableError } from '../../../lib/core-client.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { PLANS } from '../../../plans.ts'
import { lockTenant } from '../deployments/schemas.ts'
import { databaseOf } from '../plugins/store.ts'
import { DatasetSchema, findDataset, presentDataset } from './schemas.ts'

/** Largest CSV accepted, in characters (about 130,000 one-minute bars). */
export const MAX_CSV_CHARS = 8 * 1024 * 1024

const CreateDatasetSchema = z.object({
  name: z.string().trim().min(1).max(64).openapi({ example: 'RELIANCE 2019 minutes' }),
  symbol: z
    .string()
    .regex(/^[A-Za-z0-9&_.:-]{1,40}$/, 'must be a symbol such as RELIANCE or M&M')
    .transform((s) => s.toUpperCase()),
  timeframe: z.enum(['1m', '5m', '15m', '1d']),
  csv: z
    .string()
    .min(1, 'must not be empty')
    .max(MAX_CSV_CHARS, `must be at most ${MAX_CSV_CHARS} characters`)
    .openapi({
      description:
        'Header `timestamp,open,high,low,close,volume`, then one bar per line: ISO timestamp with offset (e.g. `2024-01-02T09:15:00+05:30`) of the bar’s open, strictly rising; low ≤ open, close ≤ high; volume ≥ 0. Bars on the timeframe’s grid (1m on whole minutes, 5m/15m from 09:15 IST, 1d at 00:00 IST).',
    }),
})

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['Datasets'],
  summary: 'Imports bars from a CSV, for backtests',
  description:
    'The whole file is checked by the core before anything is stored: a bad row answers 422 `invalid_csv` naming its line and the problem, and nothing is kept. Plans limit how many datasets a workspace keeps (402 `plan_limit_reached`); names are unique per workspace (409 `conflict`). Needs the `backtest` permission.',
  middleware: [
    requireAuth(),
    requirePermission('backtest'),
    bodyLimit({
      // JSON may escape a character as six; a file at the cap fits, nothing much more.
      maxSize: MAX_CSV_CHARS * 6 + 4096,
      onError: () => {
        throw new ApiError('payload_too_large', `A CSV is at most ${MAX_CSV_CHARS} characters.`)
      },
    }),
  ] as const,
  security: [{ bearer: [] }],
  request: { body: { required: true, content: json(CreateDatasetSchema) } },
  responses: {
    201: { description: 'Imported', content: json(DatasetSchema) },
    ...problems(400, 401, 402, 403, 409, 413, 422, 503),
  },
})

/** POST /api/v1/datasets */
export const createDataset = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const body = c.req.valid('json')
  const { core, logError } = c.get('services')
  let check: Awaited<ReturnType<typeof core.checkBars>>
  try {
    check = await core.checkBars(body.csv, body.timeframe)
  } catch (error) {
    if (!(error instanceof CoreUnavailableError)) throw error
    logError(error, c.get('requestId'))
    throw new ApiError(
      'service_unavailable',
      'Imports are checked by the core engine, which is not reachable right now; try again shortly.',
    )
  }
  if (!check.ok) {
    throw new ApiError(
      'invalid_csv',
      `Line ${check.line}: ${check.reason}. Nothing was imported.`,
      {
        diagnostics: [{ severity: 'error', message: check.reason, line: check.line, column: 1 }],
      },
    )
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body.csv))
  const sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
  const { datasets } = schema
  const row = await withTenant(databaseOf(c), auth, async (tx) => {
    await lockTenant(tx, auth.tenantId)
    const [kept] = await tx
      .select({ n: count() })
      .from(datasets)
      .where(eq(datasets.tenantId, auth.tenantId))
    const limit = PLANS[auth.tier].datasets
    if ((kept?.n ?? 0) >= limit) {
      throw new ApiError(
        'plan_limit_reached',
        `Your ${auth.tier} plan keeps at most ${limit} datasets. Delete one, or upgrade.`,
      )
    }
    const [inserted] = await tx
      .insert(datasets)
      .values({
        tenantId: auth.tenantId,
        userId: auth.userId,
        name: body.name,
        symbol: body.symbol,
        timeframe: body.timeframe,
        rows: check.rows,
        firstBar: new Date(check.first),
        lastBar: new Date(check.last),
        csv: body.csv,
        sha256,
      })
      .onConflictDoNothing()
      .returning({ id: datasets.id })
    if (!inserted) {
      throw new ApiError('conflict', `A dataset named "${body.name}" exists already.`)
    }
    return findDataset(tx, auth.tenantId, inserted.id)
  })
  c.header('location', `/api/v1/datasets/${row.id}`)
  return c.json(presentDataset(row), 201)
})
