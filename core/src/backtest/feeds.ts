import { loadBarColumns } from '../market/catalog.ts'
import { resampleColumns } from '../market/resample.ts'
import type { BarColumns, Timeframe } from '../market/types.ts'
import { BacktestConfigError } from './errors.ts'
import type { BenchmarkSeries } from './metrics.ts'
import type { FeedInput } from './types.ts'

/**
 * Bars of `columns` whose start lies in [from, to) (epoch ms; either bound optional), as
 * views on the same memory.
 */
export function sliceColumns(columns: BarColumns, from = -Infinity, to = Infinity): BarColumns {
  const lo = lowerBound(columns.ts, columns.length, from)
  const hi = lowerBound(columns.ts, columns.length, to)
  const n = Math.max(0, hi - lo)
  const v = (a: Float64Array) => a.subarray(lo, lo + n)
  return {
    length: n,
    ts: v(columns.ts),
    open: v(columns.open),
    high: v(columns.high),
    low: v(columns.low),
    close: v(columns.close),
    volume: v(columns.volume),
  }
}

/**
 * Loads a bundled series as a backtest feed, optionally cut to [from, to). Throws a
 * BacktestConfigError when nothing is left.
 *
 * @example await loadFeed('RELIANCE', '1d', { from: Date.parse('2021-01-01T00:00:00+05:30') })
 */
export async function loadFeed(
  symbol: string,
  timeframe: Timeframe,
  range: { from?: number; to?: number } = {},
): Promise<FeedInput> {
  const bars = sliceColumns(await loadBarColumns(symbol, timeframe), range.from, range.to)
  if (bars.length === 0) {
    throw new BacktestConfigError(
      'range',
      `no ${timeframe} bars of ${symbol} in the requested dates`,
    )
  }
  return { symbol, timeframe, bars }
}

/**
 * The NIFTY 50 benchmark: daily candles built from the bundled 1-minute file (2024-01-01 ..
 * 2024-08-23) with resample. Its opens and closes are the first and last 1-minute prints,
 * a few points off the official ones.
 */
export async function niftyBenchmark(): Promise<BenchmarkSeries> {
  const daily = resampleColumns(await loadBarColumns('NIFTY50', '1m'), '1d')
  return { name: 'NIFTY 50 buy-and-hold', day: daily.ts, open: daily.open, close: daily.close }
}

function lowerBound(ts: Float64Array, n: number, t: number): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (ts[mid]! < t) lo = mid + 1
    else hi = mid
  }
  return lo
}
