import type { JobResult } from '../../jobs/types.ts'
import { niftyBenchmark } from '../feeds.ts'
import { type BenchmarkSeries, computeMetrics, metricsInput } from '../metrics.ts'
import {
  benchmarkLine,
  downsampleBars,
  downsampleCurve,
  type StoredBenchmark,
  type StoredPrices,
} from '../report.ts'
import type { BacktestResult, FeedInput } from '../types.ts'

/** Most points of a stored equity curve, and most candles of each stored price series. */
export const CURVE_POINTS = 2000

/**
 * What the report charts beside the equity, stored inside `equityCurve` (the edge serves them
 * as the result's `prices` and `benchmarkCurve`): the candles of every traded series and the
 * benchmark's buy-and-hold line over the run's days (null when the benchmark has none).
 */
export interface ChartParts {
  prices?: StoredPrices[]
  benchmark: StoredBenchmark | null
}

/**
 * The chart parts of a run over `feeds` whose trading days are `days` (00:00 IST): each feed
 * thinned to at most `points` candles, the benchmark bought with `capital` on the first day.
 * Without feeds (a caller that does not know them) no prices are stored.
 *
 * @example chartParts(result.feeds, result.daily.day, result.capital, await niftyBenchmark())
 */
export function chartParts(
  feeds: readonly FeedInput[] | undefined,
  days: ArrayLike<number>,
  capital: number,
  benchmark: BenchmarkSeries,
  points = CURVE_POINTS,
): ChartParts {
  return {
    ...(feeds ? { prices: feeds.map((f) => downsampleBars(f, points)) } : {}),
    benchmark: benchmarkLine(benchmark, days, capital, points),
  }
}

/**
 * What a finished backtest stores: every metric (with the NIFTY 50 benchmark), the equity and
 * drawdown curve thinned to `curvePoints` with the chart parts (the traded series' candles
 * when the result carries its feeds, as `runSystem`'s does, and the benchmark's line), and
 * the trades.
 *
 * @example return backtestReport(await runSystem(run))
 */
export async function backtestReport(
  result: BacktestResult & { feeds?: readonly FeedInput[] },
  curvePoints = CURVE_POINTS,
): Promise<JobResult> {
  const benchmark = await niftyBenchmark()
  return {
    metrics: { ...computeMetrics(metricsInput(result), { benchmark }) },
    equityCurve: {
      ...downsampleCurve(result, curvePoints),
      ...chartParts(result.feeds, result.daily.day, result.capital, benchmark, curvePoints),
    },
    trades: result.trades,
  }
}
