import { csvField } from '../market/csv.ts'
import { formatIst } from '../market/time.ts'
import type { BarColumns, Timeframe } from '../market/types.ts'
import { barCloseTime } from './market-rules.ts'
import { type BenchmarkSeries, benchmarkGrowth } from './metrics.ts'
import type { BacktestResult, Trade } from './types.ts'

/** A curve small enough to store with the run and chart. */
export interface StoredCurve {
  time: number[]
  equity: number[]
  drawdown: number[]
}

/**
 * Shrinks the per-event curves to at most `maxPoints` points for storage: events are taken in
 * equal buckets; each point is the bucket's last time and equity and its **deepest** drawdown,
 * so the drawdown chart keeps its troughs. Curves already small enough are copied as they are.
 *
 * @example downsampleCurve(result, 2000).equity.length // ≤ 2000
 */
export function downsampleCurve(
  result: Pick<BacktestResult, 'curve'>,
  maxPoints = 2000,
): StoredCurve {
  const { time, equity, drawdown } = result.curve
  const n = equity.length
  const step = bucketSize(n, maxPoints)
  const out: StoredCurve = { time: [], equity: [], drawdown: [] }
  for (let start = 0; start < n; start += step) {
    const end = Math.min(n, start + step)
    let deepest = 0
    for (let k = start; k < end; k++) deepest = Math.min(deepest, drawdown[k]!)
    out.time.push(time[end - 1]!)
    out.equity.push(equity[end - 1]!)
    out.drawdown.push(deepest)
  }
  return out
}

/** The candles of one traded series, thinned for the report's price chart. */
export interface StoredPrices {
  symbol: string
  timeframe: Timeframe
  /** Open time of each candle's first bar (epoch ms). */
  time: number[]
  open: number[]
  high: number[]
  low: number[]
  close: number[]
}

/**
 * A feed's bars as at most `maxBars` candles for storage: consecutive bars are merged in equal
 * buckets (first open, highest high, lowest low, last close, at the first bar's time), so
 * every candle covers real bars only — none is made up for a night, a weekend or a gap — and
 * the chart keeps every extreme. Series already small enough are copied as they are.
 *
 * @example downsampleBars(feed, 2000).close.length // ≤ 2000
 */
export function downsampleBars(
  feed: { symbol: string; timeframe: Timeframe; bars: BarColumns },
  maxBars = 2000,
): StoredPrices {
  const { bars } = feed
  const step = bucketSize(bars.length, maxBars)
  const out: StoredPrices = {
    symbol: feed.symbol,
    timeframe: feed.timeframe,
    time: [],
    open: [],
    high: [],
    low: [],
    close: [],
  }
  for (let start = 0; start < bars.length; start += step) {
    const end = Math.min(bars.length, start + step)
    let high = bars.high[start]!
    let low = bars.low[start]!
    for (let k = start + 1; k < end; k++) {
      high = Math.max(high, bars.high[k]!)
      low = Math.min(low, bars.low[k]!)
    }
    out.time.push(bars.ts[start]!)
    out.open.push(bars.open[start]!)
    out.high.push(high)
    out.low.push(low)
    out.close.push(bars.close[end - 1]!)
  }
  return out
}

/** The benchmark's buy-and-hold line, in rupees of the run's capital, as stored with a run. */
export interface StoredBenchmark {
  name: string
  /** Close of each day (15:30 IST), as the equity curve's daily points. */
  time: number[]
  equity: number[]
}

/**
 * The benchmark bought with the run's `capital` and held over its trading `days` (see
 * `benchmarkGrowth`, the same buy-and-hold the metrics measure), at most `maxPoints` points:
 * each the last day of an equal bucket, as `downsampleCurve` thins the equity. Equity is in
 * rupees to the paisa. Null when the benchmark has none of the days.
 *
 * @example benchmarkLine(await niftyBenchmark(), result.daily.day, result.capital, 2000)
 */
export function benchmarkLine(
  series: BenchmarkSeries,
  days: ArrayLike<number>,
  capital: number,
  maxPoints = 2000,
): StoredBenchmark | null {
  const { day, growth } = benchmarkGrowth(series, days)
  if (day.length === 0) return null
  const step = bucketSize(day.length, maxPoints)
  const out: StoredBenchmark = { name: series.name, time: [], equity: [] }
  for (let start = 0; start < day.length; start += step) {
    const last = Math.min(day.length, start + step) - 1
    out.time.push(barCloseTime(day[last]!, '1d'))
    out.equity.push(Math.round(capital * growth[last]! * 100) / 100)
  }
  return out
}

// Points per bucket so that `n` points make at most `maxPoints` buckets.
function bucketSize(n: number, maxPoints: number): number {
  if (!(Number.isInteger(maxPoints) && maxPoints > 0))
    throw new RangeError('maxPoints must be a positive integer')
  return Math.max(1, Math.ceil(n / maxPoints))
}

const TRADE_HEADER =
  'symbol,direction,product,qty,entry_time,entry_price,exit_time,exit_price,gross_pnl,costs,net_pnl,exit_reason'

/**
 * The trade log as CSV (times in IST, ISO 8601 with +05:30; money to the paisa). Open trades
 * have empty exit fields.
 *
 * @example writeFile('trades.csv', tradesCsv(result.trades))
 */
export function tradesCsv(trades: readonly Trade[]): string {
  const money = (x: number) => x.toFixed(2)
  const price = (x: number | null) => (x === null ? '' : String(Math.round(x * 10_000) / 10_000))
  const lines = trades.map((t) =>
    [
      csvField(t.symbol),
      t.direction,
      t.product,
      t.qty,
      formatIst(t.entryTime),
      price(t.entryPrice),
      t.exitTime === null ? '' : formatIst(t.exitTime),
      price(t.exitPrice),
      money(t.grossPnl),
      money(t.costs),
      money(t.netPnl),
      t.exitReason,
    ].join(','),
  )
  return `${[TRADE_HEADER, ...lines].join('\n')}\n`
}
