import type { Metrics } from '../metrics.ts'

/** The metric runs are ranked by; the README says why (risk-adjusted, scale-free). */
export const RANKED_BY = 'sharpe'

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
 * Orders two runs, better first: higher Sharpe ratio (a run whose Sharpe is undefined — flat
 * equity, fewer than two days — comes after every run that has one), then higher total
 * return, then the earlier combination of the grid, so the order never depends on which
 * worker finished first.
 */
export function compareRuns(
  a: { metrics: Headline; index: number },
  b: { metrics: Headline; index: number },
): number {
  const sa = a.metrics.sharpe
  const sb = b.metrics.sharpe
  if (sa !== sb) {
    if (sa === null) return 1
    if (sb === null) return -1
    return sb - sa
  }
  if (a.metrics.totalReturn !== b.metrics.totalReturn)
    return b.metrics.totalReturn - a.metrics.totalReturn
  return a.index - b.index
}

/**
 * The runs best first (a new array).
 *
 * @example rankRuns(runs)[0] // the winner
 */
export function rankRuns<T extends { metrics: Headline; index: number }>(runs: readonly T[]): T[] {
  return [...runs].sort(compareRuns)
}
