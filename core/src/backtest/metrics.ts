/**
 * Performance metrics of a backtest. Definitions are in README.md ("Metrics"); in short:
 * returns are daily (last equity of each IST trading day), annualised over 252 trading days,
 * Sharpe and volatility use the sample standard deviation (n − 1), Sortino the downside
 * deviation over all n days, and ratios that are undefined come back as null (JSON has no
 * Infinity or NaN).
 */
import type { BacktestResult, Trade } from './types.ts'

export const TRADING_DAYS = 252

/**
 * Default risk-free rate: 6.5 % a year, the RBI policy repo rate from 2023-02-08 to 2025-02-07
 * (RBI monetary policy statements), which covers the bundled 2024 data. For later periods
 * pass the 91-day T-bill yield instead (about 5.5 % at the RBI auctions of January 2026).
 */
export const DEFAULT_RISK_FREE = 0.065

export interface MetricsInput {
  capital: number
  /** Equity after each bar, in time order. */
  equity: ArrayLike<number>
  /** Last equity of each trading day, in time order. */
  daily: { day: ArrayLike<number>; equity: ArrayLike<number> }
  trades: readonly Pick<Trade, 'netPnl' | 'exitReason'>[]
  /** Fraction of bars with an open position. */
  exposure: number
}

/** Daily bars of a benchmark index (`day` = 00:00 IST). */
export interface BenchmarkSeries {
  name: string
  day: ArrayLike<number>
  open: ArrayLike<number>
  close: ArrayLike<number>
}

export interface BenchmarkMetrics {
  name: string
  /** Trading days of the backtest the benchmark has data for, and their share of all its days. */
  days: number
  coverage: number
  totalReturn: number
  cagr: number | null
  maxDrawdown: number
  sharpe: number | null
  /** Strategy total return minus the benchmark's. */
  excessReturn: number
}

export interface Metrics {
  totalReturn: number
  cagr: number | null
  tradingDays: number
  /** Deepest fall from a running peak, as a positive fraction (0.12 = 12 %). */
  maxDrawdown: number
  /** Longest time from a peak until equity is back at it (or the end): bars and trading days. */
  maxDrawdownBars: number
  maxDrawdownDays: number
  volatility: number | null
  sharpe: number | null
  sortino: number | null
  calmar: number | null
  trades: number
  winRate: number | null
  profitFactor: number | null
  expectancy: number | null
  averageWin: number | null
  averageLoss: number | null
  exposure: number
  riskFreeRate: number
  benchmark: BenchmarkMetrics | null
}

export interface MetricsOptions {
  /** Annual risk-free rate as a fraction; default DEFAULT_RISK_FREE. */
  riskFreeRate?: number
  benchmark?: BenchmarkSeries | null
}

/**
 * Computes every metric of a run (or of hand-built series in tests).
 *
 * @example computeMetrics(metricsInput(result), { benchmark: await niftyBenchmark() }).sharpe
 */
export function computeMetrics(input: MetricsInput, options: MetricsOptions = {}): Metrics {
  const rf = options.riskFreeRate ?? DEFAULT_RISK_FREE
  if (!(Number.isFinite(rf) && rf > -1))
    throw new RangeError('riskFreeRate must be a number above -1')
  const { capital, daily } = input
  const days = daily.equity.length
  const end = days > 0 ? daily.equity[days - 1]! : capital
  const totalReturn = end / capital - 1
  const returns = dailyReturns(capital, daily.equity)
  const dd = drawdown(capital, input.equity)
  const ddDays = drawdown(capital, daily.equity)
  const cagr = annualise(totalReturn, days)
  const r = riskAdjusted(returns, rf)
  const closed = input.trades.filter((t) => t.exitReason !== 'open').map((t) => t.netPnl)
  const wins = closed.filter((p) => p > 0)
  const losses = closed.filter((p) => p < 0)
  const lossSum = -sum(losses)
  return {
    totalReturn,
    cagr,
    tradingDays: days,
    maxDrawdown: dd.depth,
    maxDrawdownBars: dd.duration,
    maxDrawdownDays: ddDays.duration,
    volatility: r.volatility,
    sharpe: r.sharpe,
    sortino: r.sortino,
    calmar: cagr !== null && dd.depth > 0 ? cagr / dd.depth : null,
    trades: closed.length,
    winRate: closed.length > 0 ? wins.length / closed.length : null,
    profitFactor: lossSum > 0 ? sum(wins) / lossSum : null,
    expectancy: closed.length > 0 ? sum(closed) / closed.length : null,
    averageWin: wins.length > 0 ? sum(wins) / wins.length : null,
    averageLoss: losses.length > 0 ? -lossSum / losses.length : null,
    exposure: input.exposure,
    riskFreeRate: rf,
    benchmark: options.benchmark
      ? benchmarkMetrics(options.benchmark, daily.day, totalReturn, rf)
      : null,
  }
}

/** The metrics input of an engine result. */
export function metricsInput(result: BacktestResult): MetricsInput {
  const { capital, daily, trades, exposure } = result
  return { capital, equity: result.curve.equity, daily, trades, exposure }
}

/**
 * Buy-and-hold of the benchmark over the backtest's trading days: bought at the open of the
 * first day it has data for, marked at each day's close, over the days both have (see
 * `coverage`). Null when no day overlaps.
 */
export function benchmarkMetrics(
  series: BenchmarkSeries,
  days: ArrayLike<number>,
  strategyReturn: number,
  riskFreeRate = DEFAULT_RISK_FREE,
): BenchmarkMetrics | null {
  const { growth: equity } = benchmarkGrowth(series, days)
  if (equity.length === 0) return null
  const totalReturn = equity[equity.length - 1]! - 1
  return {
    name: series.name,
    days: equity.length,
    coverage: equity.length / days.length,
    totalReturn,
    cagr: annualise(totalReturn, equity.length),
    maxDrawdown: drawdown(1, equity).depth,
    sharpe: riskAdjusted(dailyReturns(1, equity), riskFreeRate).sharpe,
    excessReturn: strategyReturn - totalReturn,
  }
}

/**
 * The benchmark bought and held over the backtest's trading days `days` (00:00 IST): bought at
 * the open of the first day it has data for, marked at each day's close, on the days both
 * have. `growth` is what 1 invested is worth at each of those days' close (1.05 = +5 %); the
 * metrics and the stored benchmark line both come from it.
 *
 * @example benchmarkGrowth(await niftyBenchmark(), result.daily.day).growth.at(-1)
 */
export function benchmarkGrowth(
  series: BenchmarkSeries,
  days: ArrayLike<number>,
): { day: number[]; growth: number[] } {
  const index = new Map<number, number>()
  for (let i = 0; i < series.day.length; i++) index.set(series.day[i]!, i)
  const out = { day: [] as number[], growth: [] as number[] }
  let entry = Number.NaN
  for (let d = 0; d < days.length; d++) {
    const i = index.get(days[d]!)
    if (i === undefined) continue
    if (Number.isNaN(entry)) entry = series.open[i]!
    out.day.push(days[d]!)
    out.growth.push(series.close[i]! / entry)
  }
  return out
}

/**
 * Deepest drawdown and longest drawdown duration of a series that starts from `start` (the
 * peak before the first point). Duration counts points from the peak to the first point back
 * at or above it, or to the last point when it never recovers.
 */
export function drawdown(
  start: number,
  values: ArrayLike<number>,
): { depth: number; duration: number } {
  let peak = start
  let peakAt = -1
  let depth = 0
  let duration = 0
  let under = false
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v >= peak) {
      if (under) duration = Math.max(duration, i - peakAt)
      under = false
      peak = v
      peakAt = i
    } else {
      under = true
      depth = Math.max(depth, 1 - v / peak)
    }
  }
  // Still under water at the end: the stretch since the last peak counts too.
  if (under) duration = Math.max(duration, values.length - 1 - peakAt)
  return { depth, duration }
}

function dailyReturns(start: number, equity: ArrayLike<number>): number[] {
  const out: number[] = []
  let prev = start
  for (let i = 0; i < equity.length; i++) {
    out.push(equity[i]! / prev - 1)
    prev = equity[i]!
  }
  return out
}

function annualise(totalReturn: number, days: number): number | null {
  if (days < 1) return null
  return 1 + totalReturn <= 0 ? -1 : (1 + totalReturn) ** (TRADING_DAYS / days) - 1
}

function riskAdjusted(returns: readonly number[], rf: number) {
  const n = returns.length
  const rfDaily = (1 + rf) ** (1 / TRADING_DAYS) - 1
  const excess = returns.map((r) => r - rfDaily)
  const mean = n > 0 ? sum(excess) / n : 0
  const sd = n > 1 ? Math.sqrt(sum(excess.map((x) => (x - mean) ** 2)) / (n - 1)) : 0
  const rMean = n > 0 ? sum(returns) / n : 0
  const vol = n > 1 ? Math.sqrt(sum(returns.map((x) => (x - rMean) ** 2)) / (n - 1)) : 0
  const downside = n > 0 ? Math.sqrt(sum(excess.map((x) => Math.min(0, x) ** 2)) / n) : 0
  const root = Math.sqrt(TRADING_DAYS)
  return {
    volatility: n > 1 ? vol * root : null,
    sharpe: sd > 0 ? (mean / sd) * root : null,
    sortino: n > 1 && downside > 0 ? (mean / downside) * root : null,
  }
}

function sum(xs: readonly number[]): number {
  let s = 0
  for (const x of xs) s += x
  return s
}
