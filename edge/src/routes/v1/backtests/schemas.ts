import { isId, schema } from '@vm-algo/db'
import { z } from '../../../openapi.ts'

// The backtest request as the API takes it and as it is stored in backtest_jobs.request; the
// core parses the stored form again (core/src/jobs/request.ts) before it runs a job.

/** Example strategies bundled with the SDK (plugins/examples), runnable without publishing. */
export const EXAMPLE_STRATEGIES = [
  'sma-crossover',
  'rsi-mean-reversion',
  'opening-range-breakout',
] as const

export const JOB_STATUSES = schema.jobStatusEnum.enumValues
export const MAX_SYMBOLS = 50
/** Folds of a walk-forward test (core/src/backtest/jobs/walk-forward.ts reads the same bounds). */
export const MIN_FOLDS = 2
export const MAX_FOLDS = 10
const MAX_PARAMS = 50

const scalar = z.union([z.number(), z.string().max(200), z.boolean()])
const paramName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a parameter name (letters, digits, _)')
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((v) => dayNumber(v) !== null, 'is not a calendar date')
// NSE symbols: letters, digits and & - _ . (e.g. M&M, BAJAJ-AUTO); stored in capitals.
const symbol = z
  .string()
  .regex(/^[A-Za-z0-9&._-]{1,32}$/, 'must be an NSE symbol such as RELIANCE or M&M')

export const CreateBacktestSchema = z
  .object({
    pluginVersionId: z
      .string()
      .refine((v) => isId('pluginVersion', v), 'must be a plugin version id (plv_…)')
      .optional()
      .openapi({ description: 'A plugin version of your workspace; or give `example`' }),
    example: z
      .enum(EXAMPLE_STRATEGIES)
      .optional()
      .openapi({ description: 'A bundled example strategy; or give `pluginVersionId`' }),
    symbols: z
      .array(symbol)
      .max(MAX_SYMBOLS, `at most ${MAX_SYMBOLS} symbols`)
      .refine(
        (s) => new Set(s.map((x) => x.toUpperCase())).size === s.length,
        'lists a symbol twice',
      )
      .default([])
      .openapi({ example: ['NIFTY50'], description: 'Bundled NSE series to run on' }),
    datasets: z
      .array(z.string().refine((v) => isId('dataset', v), 'must be a dataset id (dst_…)'))
      .max(10, 'at most 10 datasets')
      .refine((d) => new Set(d).size === d.length, 'lists a dataset twice')
      .default([])
      .openapi({
        description:
          'Imported series of your workspace (`POST /api/v1/datasets`) to run on, beside or instead of `symbols`; at the request’s timeframe; also for sweeps and walk-forward tests.',
      }),
    timeframe: z.enum(['1m', '1d']).openapi({ description: 'Bars the backtest runs on' }),
    from: day.openapi({ example: '2024-01-01', description: 'First day (IST), included' }),
    to: day.openapi({ example: '2024-06-30', description: 'Last day (IST), included' }),
    capital: z
      .number()
      .min(1_000, 'must be at least ₹1,000')
      .max(10_000_000_000, 'must be at most ₹1,000 crore')
      .openapi({ description: 'Starting capital in ₹', example: 1_000_000 }),
    params: z
      .record(paramName, scalar)
      .refine((p) => Object.keys(p).length <= MAX_PARAMS, `at most ${MAX_PARAMS} parameters`)
      .default({})
      .openapi({ description: "The strategy's parameters", example: { fast: 10, slow: 30 } }),
    costs: z
      .object({
        product: z
          .enum(['CNC', 'MIS'])
          .default('CNC')
          .openapi({ description: 'CNC (delivery) or MIS (intraday, needs 1m bars)' }),
        slippageBps: z
          .number()
          .min(0, 'must be 0 or more')
          .max(1_000, 'must be at most 1000 bps')
          .nullable()
          .default(null)
          .openapi({ description: 'Adverse slippage in basis points; null: one tick' }),
      })
      .default({ product: 'CNC', slippageBps: null }),
    grid: z
      .record(paramName, z.array(scalar).min(1, 'needs at least one value').max(1_000))
      .refine((g) => Object.keys(g).length >= 1, 'needs at least one parameter')
      .refine((g) => Object.keys(g).length <= 10, 'at most 10 parameters')
      .optional()
      .openapi({
        description: 'A parameter sweep: every combination of these values is run',
        example: { fast: [5, 10, 20], slow: [30, 50] },
      }),
    rankBy: z.enum(schema.RANK_METRICS).optional().openapi({
      description:
        'What the runs of a sweep or walk-forward are ranked by: the highest first, but the shallowest for maxDrawdown; default sharpe. Needs a grid',
      example: 'sortino',
    }),
    walkForward: z
      .object({
        folds: z
          .number()
          .int('must be a whole number')
          .min(MIN_FOLDS, `must be at least ${MIN_FOLDS}`)
          .max(MAX_FOLDS, `must be at most ${MAX_FOLDS}`)
          .openapi({ description: 'Consecutive folds the dates are cut into', example: 4 }),
        inSampleRatio: z
          .number()
          .min(0.5, 'must be at least 0.5')
          .max(0.9, 'must be at most 0.9')
          .default(0.7)
          .openapi({
            description:
              "Share of each fold's trading days that picks the parameters; the rest tests them",
            example: 0.7,
          }),
      })
      .optional()
      .openapi({
        description:
          'A walk-forward test of the `grid`: in each fold the best combination in sample is then run out of sample, and the out-of-sample runs are shown beside the in-sample ones and stitched together',
      }),
  })
  .superRefine((body, ctx) => {
    if (body.symbols.length + body.datasets.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['symbols'],
        message: 'needs at least one symbol or dataset',
      })
    }
    if (body.walkForward && !body.grid) {
      ctx.addIssue({
        code: 'custom',
        path: ['grid'],
        message: 'a walk-forward needs a grid: the values it picks from in each fold',
      })
    }
    if (body.rankBy && !body.grid) {
      ctx.addIssue({
        code: 'custom',
        path: ['rankBy'],
        message: 'ranks the runs of a sweep: give a grid too, or leave rankBy out',
      })
    }
    if (!body.pluginVersionId === !body.example) {
      ctx.addIssue({
        code: 'custom',
        path: [body.example ? 'pluginVersionId' : 'example'],
        message: 'give either example or pluginVersionId (exactly one)',
      })
    }
    const from = dayNumber(body.from)
    const to = dayNumber(body.to)
    if (from !== null && to !== null && from > to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' })
    }
    if (to !== null && to > todayIst()) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be in the future' })
    }
    if (body.costs.product === 'MIS' && body.timeframe !== '1m') {
      ctx.addIssue({
        code: 'custom',
        path: ['costs', 'product'],
        message: 'MIS (intraday) needs 1m bars; use CNC for daily bars',
      })
    }
  })
  .openapi('CreateBacktest')

export type CreateBacktest = z.infer<typeof CreateBacktestSchema>

export const BacktestJobSchema = z
  .object({
    id: z.string().openapi({ example: 'btj_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C' }),
    kind: z.string().openapi({ description: 'backtest, sweep, walk_forward or scan_backtest' }),
    status: z.enum(JOB_STATUSES),
    progress: z.number().openapi({ description: '0..1' }),
    progressMessage: z.string().nullable().openapi({
      description: 'What it is doing, e.g. "run 37 of 100"; null when nothing is said',
    }),
    error: z.string().nullable().openapi({ description: 'Why it failed, in plain words' }),
    cancelRequested: z.boolean(),
    attempts: z
      .number()
      .int()
      .openapi({ description: 'Runs started; more than 1 after a restart' }),
    pluginVersionId: z.string().nullable(),
    request: z.record(z.string(), z.unknown()).openapi({ description: 'The request as stored' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    startedAt: z.string().nullable().openapi({ format: 'date-time' }),
    finishedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('BacktestJob')

export type BacktestJob = z.infer<typeof BacktestJobSchema>

export const BacktestHeadlineSchema = z
  .object({
    totalReturn: z.number().openapi({ description: 'Fraction: 0.12 is +12 %', example: 0.1234 }),
    maxDrawdown: z
      .number()
      .openapi({ description: 'Deepest fall from a peak, a positive fraction' }),
    sharpe: z.number().nullable().openapi({ description: 'null when undefined for the run' }),
    trades: z.number().int(),
  })
  .openapi('BacktestHeadline', {
    description:
      "A finished run's headline metrics: a sweep's best run, a walk-forward's out-of-sample account",
  })

export type BacktestHeadline = z.infer<typeof BacktestHeadlineSchema>

/** A job in the list: the job, and its headline once it has succeeded. */
export const BacktestListItemSchema = BacktestJobSchema.extend({
  headline: BacktestHeadlineSchema.nullable().openapi({
    description: 'null until the job succeeds, and for results without these metrics (scans)',
  }),
}).openapi('BacktestListItem')

export type BacktestListItem = z.infer<typeof BacktestListItemSchema>

type JobRow = typeof schema.backtestJobs.$inferSelect

/** A job row as the API shows it (never who holds its lease). */
export function presentJob(row: JobRow): BacktestJob {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: row.progress,
    progressMessage: row.progressMessage,
    error: row.error,
    cancelRequested: row.cancelRequested,
    attempts: row.attempts,
    pluginVersionId: row.pluginVersionId,
    request: (row.request ?? {}) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  }
}

/** Days since 1970-01-01 of a YYYY-MM-DD date, or null when it is no calendar date. */
export function dayNumber(value: string): number | null {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number]
  const ms = Date.UTC(y, m - 1, d)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d)
    return null
  return ms / 86_400_000
}

/** India Standard Time is UTC+5:30 all year (no daylight saving). */
export const IST_OFFSET_MS = 330 * 60_000

/** Today's day number in IST. */
export const todayIst = (now = Date.now()) => Math.floor((now + IST_OFFSET_MS) / 86_400_000)
