import { schema } from '@vm-algo/db'
import { z } from 'zod'
import { JobFailure } from './errors.ts'

// The backtest request as the edge stores it in `backtest_jobs.request` (see
// edge/src/routes/v1/backtests/schemas.ts, which validates it field by field before storing).
// Handlers parse it again here: the row is input like any other.

const scalar = z.union([z.number(), z.string(), z.boolean()])
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')

export const backtestRequestSchema = z
  .object({
    /** A bundled example strategy by name, or … */
    example: z.string().optional(),
    /** … a stored plugin version of the tenant. */
    pluginVersionId: z.string().optional(),
    /** Bundled series … */
    symbols: z.array(z.string()).default([]),
    /** … and the tenant's imported ones (`datasets` rows), at `timeframe`. */
    datasets: z.array(z.string()).max(10).default([]),
    timeframe: z.enum(['1m', '1d']),
    from: day,
    to: day,
    /** Starting capital in ₹. */
    capital: z.number().positive(),
    params: z.record(z.string(), scalar).default({}),
    costs: z
      .object({
        product: z.enum(['CNC', 'MIS']).default('CNC'),
        /** Adverse slippage on market and stop fills; null: the engine's default (one tick). */
        slippageBps: z.number().min(0).nullable().default(null),
      })
      .default({ product: 'CNC', slippageBps: null }),
    /** Sweeps: each parameter's values; every combination is run. */
    grid: z.record(z.string(), z.array(scalar).min(1)).optional(),
    /** Sweeps and walk-forward tests: the metric the runs are ranked by. */
    rankBy: z.enum(schema.RANK_METRICS).default(schema.DEFAULT_RANK_BY),
  })
  .refine((r) => !!r.example !== !!r.pluginVersionId, 'needs either example or pluginVersionId')
  .refine((r) => r.symbols.length + r.datasets.length > 0, {
    path: ['symbols'],
    message: 'needs a symbol or a dataset',
  })

export type BacktestRequest = z.infer<typeof backtestRequestSchema>

/**
 * Reads a job's stored backtest request; a malformed one fails the job with the field named.
 *
 * @example const request = parseBacktestRequest(job.request)
 */
export function parseBacktestRequest(request: unknown): BacktestRequest {
  const parsed = backtestRequestSchema.safeParse(request)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
  throw new JobFailure(`The backtest request is not valid (${where}${issue.message}).`)
}

/** Every combination of a sweep's grid, in a stable order (the last parameter varies fastest). */
export function gridCombinations(
  grid: Readonly<Record<string, readonly (number | string | boolean)[]>>,
): Record<string, number | string | boolean>[] {
  let combos: Record<string, number | string | boolean>[] = [{}]
  for (const [name, values] of Object.entries(grid)) {
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value })))
  }
  return combos
}
