import { schema } from '@vm-algo/db'
import type { Metrics } from '../metrics.ts'

export type RankMetric = schema.RankMetric
export const RANK_METRICS = schema.RANK_METRICS
export const DEFAULT_RANK_BY = schema.DEFAULT_RANK_BY

/** The metrics kept per run of a sweep or a walk-forward fold (the full set is kept for the best). */
export interface Headline {
  totalReturn: number
  cagr: number | null
  sharpe: number | null
  sortino: number | null
  calmar: number | null
  maxDrawdown: number
  trades: number
  winRate: number | null
  profitFactor: number | null
  exposure: number
}

export function headline(m: Metrics): Headline {
  return {
    totalReturn: m.totalReturn,
    cagr: m.cagr,
    sharpe: m.sharpe,
    sortino: m.sortino,
    calmar: m.calmar,
    maxDrawdown: m.maxDrawdown,
    trades: m.trades,
    winRate: m.winRate,
    profitFactor: m.profitFactor,
    exposure: m.exposure,
  }
}

/**
 * Orders two runs, better first: by `by` — higher, or for `maxDrawdown` shallower (a run whose
 * metric is undefined, a Sharpe of flat equity say, comes after every run that has one) —
 * then higher total return, then the earlier combination of the grid, so the order never
 * depends on which worker finished first.
 */
export function compareRuns(
  a: { metrics: Headline; index: number },
  b: { metrics: Headline; index: number },
  by: RankMetric = DEFAULT_RANK_BY,
): number {
  const va = a.metrics[by]
  const vb = b.metrics[by]
  if (va !== vb) {
    if (va === null) return 1
    if (vb === null) return -1
    return by === 'maxDrawdown' ? va - vb : vb - va
  }
  if (a.metrics.totalReturn !== b.metrics.totalReturn)
    return b.metrics.totalReturn - a.metrics.totalReturn
  return a.index - b.index
}

/**
 * The runs best first by `by` (a new array).
 *
 * @example rankRuns(runs, 'calmar')[0] // the winner
 */
export function rankRuns<T extends { metrics: Headline; index: number }>(
  runs: readonly T[],
  by: RankMetric = DEFAULT_RANK_BY,
): T[] {
  return [...runs].sort((a, b) => compareRuns(a, b, by))
}
