import { withTenant } from '@vm-algo/db'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { endKiteSession, findKite, kiteSessionOf } from '../../../brokers/kite.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { throughCore } from '../brokers/schemas.ts'
import { databaseOf } from '../plugins/store.ts'
import { MAX_CSV_CHARS } from './create.ts'
import { DatasetSchema, NewDatasetFields } from './schemas.ts'
import { storeDataset } from './store.ts'

const day = z
  .string()
  .regex(/^\d{4}-\d\d-\d\d$/, 'must be a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'must be a real date')

const ImportKiteSchema = NewDatasetFields.extend({
  from: day.openapi({ description: 'First IST trading day to import', example: '2024-01-01' }),
  to: day.openapi({
    description: 'Last IST trading day to import (included)',
    example: '2024-03-31',
  }),
}).refine((b) => b.from <= b.to, { path: ['to'], message: 'must not be before `from`' })

const route = createRoute({
  method: 'post',
  path: '/kite',
  tags: ['Datasets'],
  summary: 'Imports bars from your Kite account, for backtests',
  description:
    'Fetches the bars from Kite’s historical API with your live Kite session and stores them exactly as a CSV import. Any NSE equity imports by its trading symbol (`RELIANCE`, `M&M`), any NSE index as `NIFTY50`, `BANKNIFTY` or Kite’s index name without spaces (`NIFTYIT`). No saved Kite key: 409 `kite_not_configured`; no live session (never logged in, or ended at 06:00 IST): 412 `kite_session_required`. Kite refusing (unknown symbol, bad range): 422 `kite_refused`; Kite down: 502 `kite_unavailable`. Plan limits and unique names as for CSV imports. Needs the `backtest` permission.',
  middleware: [requireAuth(), requirePermission('backtest')] as const,
  security: [{ bearer: [] }],
  request: { body: { required: true, content: json(ImportKiteSchema) } },
  responses: {
    201: { description: 'Imported', content: json(DatasetSchema) },
    ...problems(400, 401, 402, 403, 409, 412, 422, 502, 503),
  },
})

/** POST /api/v1/datasets/kite */
export const importFromKite = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { config, core } = c.get('services')
  const body = c.req.valid('json')
  const db = databaseOf(c)
  const row = await withTenant(db, auth, (tx) => findKite(tx, auth))
  if (!row?.apiKey) {
    throw new ApiError('kite_not_configured', 'Connect your Kite account first (Account → Broker).')
  }
  const session = await kiteSessionOf(config, row)
  if (session.state !== 'live') {
    throw new ApiError(
      'kite_session_required',
      session.state === 'expired'
        ? 'Your Kite session has expired (Kite ends sessions at 06:00 IST); log in with Kite again.'
        : 'Log in with Kite first (Account → Broker).',
    )
  }
  // Kite is called outside any transaction: one must never wait on another process.
  const { csv, check } = await throughCore(c, () =>
    core.kiteHistory({ apiKey: row.apiKey!, accessToken: session.accessToken, ...body }),
  ).catch(async (error: unknown) => {
    if (error instanceof ApiError && error.code === 'kite_session_required') {
      await withTenant(db, auth, (tx) => endKiteSession(tx, auth))
    }
    throw error
  })
  if (csv.length > MAX_CSV_CHARS) {
    throw new ApiError(
      'kite_refused',
      'That range holds more bars than a dataset keeps; import a shorter range.',
    )
  }
  const { name, symbol, timeframe } = body
  return c.json(await storeDataset(c, { name, symbol, timeframe, csv, source: 'kite' }, check), 201)
})
