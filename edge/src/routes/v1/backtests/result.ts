import { schema, type Tx } from '@vm-algo/db'
import { eq, sql } from 'drizzle-orm'
import { z } from '../../../openapi.ts'
import { curvePoints, downsampleCurve } from './downsample.ts'

export const TRADES_DEFAULT = 100
export const TRADES_MAX = 1_000

/** Query parameters of GET /api/v1/backtests/{id}: how much of the result to send. */
export const ResultQuerySchema = z.object({
  points: z.coerce
    .number()
    .int()
    .min(2)
    .max(20_000)
    .optional()
    .openapi({ description: 'Thin the equity curve to at most this many points' }),
  tradesOffset: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .openapi({ description: 'First trade to send (0-based)' }),
  tradesLimit: z.coerce
    .number()
    .int()
    .min(0)
    .max(TRADES_MAX)
    .default(TRADES_DEFAULT)
    .openapi({ description: `Trades to send, 0–${TRADES_MAX}` }),
})

const numbers = z.array(z.number())

const PriceSeriesSchema = z
  .object({
    symbol: z.string().openapi({ example: 'RELIANCE' }),
    timeframe: z.string().openapi({ example: '1d' }),
    time: numbers.openapi({ description: "Open time of each candle's first bar (epoch ms)" }),
    open: numbers,
    high: numbers,
    low: numbers,
    close: numbers,
  })
  .openapi('PriceSeries', {
    description:
      "Candles of one series the run traded, at most 2,000: consecutive bars merged (first open, highest high, lowest low, last close, at the first bar's time), none made up for gaps",
  })

const BenchmarkCurveSchema = z
  .object({
    name: z.string().openapi({ example: 'NIFTY 50 buy-and-hold' }),
    time: numbers.openapi({ description: 'Close of each day (epoch ms)' }),
    equity: numbers.openapi({ description: "The run's capital invested in the index, in ₹" }),
  })
  .openapi('BenchmarkCurve', {
    description:
      'The benchmark bought with the starting capital at the first day’s open and held, marked at each close (the buy-and-hold `metrics.benchmark` measures), thinned by `points`',
  })

export const BacktestResultSchema = z
  .object({
    metrics: z.record(z.string(), z.unknown()).openapi({
      description:
        "The run's metrics. A sweep's are its best run's, with `sweep` (every combination's parameters and headline metrics, ranked, and the failed ones); a walk-forward's are the stitched out-of-sample runs', with `walkForward` (each fold's in-sample and out-of-sample metrics side by side); a scan's are its match counts (`matches`, `bySymbol`, `byDay`)",
    }),
    equityCurve: z.unknown().openapi({
      description:
        'Columns (`time`, `equity`, `drawdown`, …; a walk-forward adds `fold`, a scan has `time`, `matches` per day) or points, thinned by `points`',
    }),
    equityPoints: z.number().int().openapi({ description: 'Points stored, before thinning' }),
    prices: z.array(PriceSeriesSchema).optional().openapi({
      description:
        'The candles of each series the run traded, for a price chart with its trades; absent for scans and for runs stored before prices were',
    }),
    benchmarkCurve: BenchmarkCurveSchema.nullable().optional().openapi({
      description:
        'NIFTY 50 buy-and-hold over the run’s days, to draw beside the equity; null when the index has none of them, absent for scans and older runs',
    }),
    trades: z
      .object({
        items: z.array(z.unknown()),
        total: z.number().int(),
        offset: z.number().int(),
        limit: z.number().int(),
      })
      .openapi({
        description:
          "One page of the trade log (a sweep's best run's; a walk-forward's out-of-sample trades, each with its `fold`) or of a scan's matches (`symbol`, `barTime`, `score`, `data`)",
      }),
  })
  .openapi('BacktestResult')

export type BacktestResultView = z.infer<typeof BacktestResultSchema>

/**
 * The stored result of a job, with one page of its trades (sliced in the database, so a long
 * trade log is never read whole) and the equity curve thinned to `points`.
 */
export async function readResult(
  tx: Tx,
  jobId: string,
  query: z.infer<typeof ResultQuerySchema>,
): Promise<BacktestResultView | null> {
  const r = schema.backtestResults
  const { tradesOffset: offset, tradesLimit: limit } = query
  const page =
    limit === 0
      ? sql`'[]'::jsonb`
      : sql`jsonb_path_query_array(${r.trades}, ${`$[${offset} to ${offset + limit - 1}]`}::jsonpath)`
  const [row] = await tx
    .select({
      metrics: r.metrics,
      equityCurve: r.equityCurve,
      total: sql<number>`case when jsonb_typeof(${r.trades}) = 'array' then jsonb_array_length(${r.trades}) else 0 end`,
      items: sql<
        unknown[]
      >`case when jsonb_typeof(${r.trades}) = 'array' then ${page} else '[]'::jsonb end`,
    })
    .from(r)
    .where(eq(r.jobId, jobId))
  if (!row) return null
  const { curve, prices, benchmark } = chartParts(row.equityCurve)
  const thin = (c: unknown) => (query.points ? downsampleCurve(c, query.points) : c)
  return {
    metrics: (row.metrics ?? {}) as Record<string, unknown>,
    equityCurve: thin(curve),
    equityPoints: curvePoints(curve),
    ...(prices !== undefined ? { prices } : {}),
    ...(benchmark !== undefined
      ? { benchmarkCurve: thin(benchmark) as BenchmarkCurve | null }
      : {}),
    trades: { items: parseJson(row.items), total: Number(row.total), offset, limit },
  }
}

type BenchmarkCurve = z.infer<typeof BenchmarkCurveSchema>

/**
 * The engine stores the report's other charts inside the equity curve's document (`prices`:
 * the traded series' candles; `benchmark`: the index's line); they are served beside it, so
 * the curve thins as columns of one length. Runs stored before them have neither.
 */
function chartParts(stored: unknown): {
  curve: unknown
  prices?: z.infer<typeof PriceSeriesSchema>[]
  benchmark?: BenchmarkCurve | null
} {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return { curve: stored }
  const { prices, benchmark, ...curve } = stored as Record<string, unknown>
  return {
    curve,
    ...(Array.isArray(prices) ? { prices: prices as z.infer<typeof PriceSeriesSchema>[] } : {}),
    ...(benchmark === null || (benchmark && typeof benchmark === 'object')
      ? { benchmark: benchmark as BenchmarkCurve | null }
      : {}),
  }
}

// A jsonb computed in SQL comes back parsed from PGlite and as text from some drivers.
function parseJson(value: unknown): unknown[] {
  const parsed = typeof value === 'string' ? JSON.parse(value) : value
  return Array.isArray(parsed) ? parsed : []
}
