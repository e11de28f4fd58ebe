import { loadBarColumns } from '../market/catalog.ts'
import { allocColumns } from '../market/columns.ts'
import type { BarColumns } from '../market/types.ts'
import { runBacktestSync } from './engine.ts'
import { smaCrossover } from './reference/sma-crossover.ts'
import type { BatchStrategy } from './types.ts'

export interface BacktestBenchOptions {
  /** Bars to build by repeating NIFTY 50 1-minute 2024 (57,960 bars); default 470,000. */
  bars?: number
  /** Untimed runs first, so the JIT has compiled the hot loops. Default 3. */
  warmup?: number
  /** Timed runs; the median counts. Default 5. */
  runs?: number
  /** The strategy under test; default the plain-JS SMA crossover (10/30, 25 units, MIS). */
  strategy?: () => BatchStrategy
}

export interface BacktestBenchResult {
  bars: number
  /** Median wall time of one full run (setup, strategy, fills, charges, ledger), seconds. */
  seconds: number
  barsPerSecond: number
  /** Every timed run's bars per second. */
  samples: number[]
  trades: number
  fills: number
}

/**
 * Speed of a full backtest: the SMA crossover with fills and Zerodha charges over NIFTY 50
 * 1-minute bars repeated to about five years of minutes. Repetitions are shifted by whole
 * weeks so weekdays and times of day stay real. For `npm run bench`; never asserted in tests.
 *
 * @example const { barsPerSecond } = await benchBacktest()
 */
export async function benchBacktest(
  options: BacktestBenchOptions = {},
): Promise<BacktestBenchResult> {
  const bars = repeatBars(await loadBarColumns('NIFTY50', '1m'), options.bars ?? 470_000)
  const make =
    options.strategy ?? (() => smaCrossover({ fast: 10, slow: 30, qty: 25, product: 'MIS' }))
  const run = () => {
    const started = performance.now()
    const result = runBacktestSync({
      feeds: [{ symbol: 'NIFTY50', timeframe: '1m', bars }],
      capital: 10_000_000,
      strategy: make(),
    })
    return { seconds: (performance.now() - started) / 1000, result }
  }
  for (let i = 0; i < (options.warmup ?? 3); i++) run()
  const timed = Array.from({ length: Math.max(1, options.runs ?? 5) }, run)
  const sorted = [...timed].sort((a, b) => a.seconds - b.seconds)
  const median = sorted[Math.floor(sorted.length / 2)]!
  return {
    bars: bars.length,
    seconds: median.seconds,
    barsPerSecond: bars.length / median.seconds,
    samples: timed.map((t) => bars.length / t.seconds),
    trades: median.result.trades.length,
    fills: median.result.fills.length,
  }
}

/** `src` repeated (shifted forward by whole weeks each time) until it holds `n` bars. */
export function repeatBars(src: BarColumns, n: number): BarColumns {
  const week = 7 * 86_400_000
  const span = src.length > 0 ? src.ts[src.length - 1]! - src.ts[0]! : 0
  const shift = (Math.floor(span / week) + 1) * week
  const out = allocColumns(n)
  for (let i = 0; i < n && src.length > 0; i++) {
    const r = i % src.length
    out.ts[i] = src.ts[r]! + Math.floor(i / src.length) * shift
    out.open[i] = src.open[r]!
    out.high[i] = src.high[r]!
    out.low[i] = src.low[r]!
    out.close[i] = src.close[r]!
    out.volume[i] = src.volume[r]!
  }
  out.length = src.length > 0 ? n : 0
  return out
}
