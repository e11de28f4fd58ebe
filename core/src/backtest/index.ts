export {
  type BacktestBenchOptions,
  type BacktestBenchResult,
  benchBacktest,
  repeatBars,
} from './bench.ts'
export {
  type ChargeKind,
  type ChargeRate,
  type ChargeSegment,
  ZERODHA_NSE_RATES,
} from './cost-rates.ts'
export {
  type ChargeSchedule,
  type Charges,
  compileSchedule,
  contractNote,
  type NoteOrder,
  orderCharges,
  roundPaise,
  type SegmentRates,
  ZERODHA_SCHEDULE,
} from './costs.ts'
export { runBacktest, runBacktestSync } from './engine.ts'
export { BacktestAbortedError, BacktestConfigError, StrategyContractError } from './errors.ts'
export { loadFeed, niftyBenchmark, sliceColumns } from './feeds.ts'
export {
  limitFill,
  marketFill,
  type Slippage,
  slip,
  stopLimitFill,
  stopMarketFill,
  stopTouch,
} from './fills.ts'
export {
  barCloseTime,
  barOpenTime,
  chargeSegment,
  DEFAULT_TICK,
  type InstrumentSpec,
  instrumentSpec,
  istTimeOfDay,
  MIS_SQUARE_OFF,
  onTick,
  type PositionSize,
  roundToTick,
  SESSION_CLOSE,
  SESSION_OPEN,
  sizeToQty,
} from './market-rules.ts'
export {
  type BenchmarkMetrics,
  type BenchmarkSeries,
  benchmarkGrowth,
  benchmarkMetrics,
  computeMetrics,
  DEFAULT_RISK_FREE,
  drawdown,
  type Metrics,
  type MetricsInput,
  type MetricsOptions,
  metricsInput,
  TRADING_DAYS,
} from './metrics.ts'
export { type SmaCrossoverParams, smaCrossover } from './reference/sma-crossover.ts'
export {
  benchmarkLine,
  downsampleBars,
  downsampleCurve,
  type StoredBenchmark,
  type StoredCurve,
  type StoredPrices,
  tradesCsv,
} from './report.ts'
export type * from './types.ts'
