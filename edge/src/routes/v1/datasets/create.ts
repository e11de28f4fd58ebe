import { bodyLimit } from 'hono/body-limit'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { CoreUnavailableError } from '../../../lib/core-client.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { DatasetSchema, NewDatasetFields } from './schemas.ts'
import { storeDataset } from './store.ts'

/** Largest CSV accepted, in characters (about 130,000 one-minute bars). */
export const MAX_CSV_CHARS = 8 * 1024 * 1024

const CreateDatasetSchema = NewDatasetFields.extend({
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
  return c.json(await storeDataset(c, { ...body, source: 'csv' }, check), 201)
})
