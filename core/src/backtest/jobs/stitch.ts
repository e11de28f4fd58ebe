import type { MetricsInput } from '../metrics.ts'
import type { Trade } from '../types.ts'
import type { RunSeries } from './grid-protocol.ts'

export interface Stitched {
  /** For computeMetrics: the stitched equity, daily equity, trades and exposure. */
  input: MetricsInput
  /** Per event: close time, stitched equity, drawdown from the running peak (≤ 0), fold (1-based). */
  curve: { time: Float64Array; equity: Float64Array; drawdown: Float64Array; fold: Float64Array }
  /** Every fold's trades in order, each with its fold. */
  trades: (Trade & { fold: number })[]
}

/**
 * Joins the out-of-sample runs of a walk-forward into one account, additively: each fold
 * traded the same starting capital, so fold `i`'s equity is shifted by the profit and loss
 * of the folds before it. The stitched equity then ends at capital + the sum of every fold's
 * P&L, and the trades' P&L adds up to it (compounding would rescale each fold's trades).
 * Drawdown runs over the stitched curve from a peak that starts at the capital.
 *
 * @example computeMetrics(stitchFolds(outOfSampleRuns).input)
 */
export function stitchFolds(runs: readonly RunSeries[]): Stitched {
  const capital = runs[0]?.capital ?? 0
  const events = runs.reduce((n, r) => n + r.time.length, 0)
  const days = runs.reduce((n, r) => n + r.day.length, 0)
  const curve = {
    time: new Float64Array(events),
    equity: new Float64Array(events),
    drawdown: new Float64Array(events),
    fold: new Float64Array(events),
  }
  const daily = { day: new Float64Array(days), equity: new Float64Array(days) }
  const trades: Stitched['trades'] = []
  let offset = 0
  let at = 0
  let atDay = 0
  let exposed = 0
  let peak = capital
  runs.forEach((run, i) => {
    for (let k = 0; k < run.time.length; k++, at++) {
      const equity = run.equity[k]! + offset
      peak = Math.max(peak, equity)
      curve.time[at] = run.time[k]!
      curve.equity[at] = equity
      curve.drawdown[at] = equity / peak - 1
      curve.fold[at] = i + 1
    }
    for (let d = 0; d < run.day.length; d++, atDay++) {
      daily.day[atDay] = run.day[d]!
      daily.equity[atDay] = run.dayEquity[d]! + offset
    }
    for (const trade of run.trades) trades.push({ ...trade, fold: i + 1 })
    exposed += run.exposure * run.events
    offset += (run.equity.at(-1) ?? run.capital) - run.capital
  })
  const eventCount = runs.reduce((n, r) => n + r.events, 0)
  return {
    input: {
      capital,
      equity: curve.equity,
      daily,
      trades,
      exposure: eventCount > 0 ? exposed / eventCount : 0,
    },
    curve,
    trades,
  }
}
