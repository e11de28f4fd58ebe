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
  return {
    metrics: (row.metrics ?? {}) as Record<string, unknown>,
    equityCurve: query.points ? downsampleCurve(row.equityCurve, query.points) : row.equityCurve,
    equityPoints: curvePoints(row.equityCurve),
    trades: { items: parseJson(row.items), total: Number(row.total), offset, limit },
  }
}

// A jsonb computed in SQL comes back parsed from PGlite and as text from some drivers.
function parseJson(value: unknown): unknown[] {
  const parsed = typeof value === 'string' ? JSON.parse(value) : value
  return Array.isArray(parsed) ? parsed : []
}
