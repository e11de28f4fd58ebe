import type { JobResult } from '../../jobs/types.ts'
import { niftyBenchmark } from '../feeds.ts'
import { computeMetrics, metricsInput } from '../metrics.ts'
import { downsampleCurve } from '../report.ts'
import type { BacktestResult } from '../types.ts'

/** Most points of a stored equity curve. */
export const CURVE_POINTS = 2000

/**
 * What a finished backtest stores: every metric (with the NIFTY 50 benchmark), the equity and
 * drawdown curve thinned to `curvePoints`, and the trades.
 *
 * @example return backtestReport(await runSystem(run))
 */
export async function backtestReport(
  result: BacktestResult,
  curvePoints = CURVE_POINTS,
): Promise<JobResult> {
  return {
    metrics: { ...computeMetrics(metricsInput(result), { benchmark: await niftyBenchmark() }) },
    equityCurve: downsampleCurve(result, curvePoints),
    trades: result.trades,
  }
}
