import type { PriceSource } from '../context.ts'

/** Bar fields a scan may read; `hl2` = (high+low)/2, `hlc3` and `ohlc4` likewise. */
export const FIELDS: readonly PriceSource[] = [
  'open',
  'high',
  'low',
  'close',
  'volume',
  'hl2',
  'hlc3',
  'ohlc4',
]

/** How many bars back a term may look (`close[5]`); the SDK's `ago` limit (runtime/indicators.ts). */
export const MAX_AGO = 99

/** Largest period an indicator may be given (the generated scanner keeps 3× as many bars). */
export const MAX_PERIOD = 1_000

/** One argument of an indicator. A `source` argument, when present, comes first and is optional. */
export interface IndicatorParam {
  name: string
  kind: 'source' | 'int' | 'number'
  /** Used when the argument is left out; none means it is required. */
  default?: number | PriceSource
  min?: number
  max?: number
}

/** An indicator of the scan language and the SDK call it becomes. */
export interface IndicatorSpec {
  /** Canonical spelling (names ignore case when parsed). */
  name: string
  description: string
  params: readonly IndicatorParam[]
  /** TypeScript for the SDK call, given the bound arguments and how many bars back. */
  code(args: Readonly<Record<string, number | string>>, ago: number): string
  /** How many bars it needs before it has a value (for sizing the scanner's history). */
  needs(args: Readonly<Record<string, number | string>>): number
}

const source = (fallback: PriceSource): IndicatorParam => ({
  name: 'source',
  kind: 'source',
  default: fallback,
})
const period = (fallback?: number, min = 1): IndicatorParam => ({
  name: 'period',
  kind: 'int',
  min,
  max: MAX_PERIOD,
  ...(fallback === undefined ? {} : { default: fallback }),
})
const TF = 'symbol, TIMEFRAME'

function series(name: string, fn: string, description: string, fallback: PriceSource = 'close') {
  return {
    name,
    description,
    params: [source(fallback), period()],
    code: (a, ago) =>
      `ctx.indicators.${fn}(${TF}, ${a.period}, { source: ${JSON.stringify(a.source)}, ago: ${ago} })`,
    needs: (a) => Number(a.period) + 1,
  } satisfies IndicatorSpec
}

function periodOnly(name: string, fn: string, description: string, pick?: string) {
  return {
    name,
    description,
    params: [period()],
    code: (a, ago) => `ctx.indicators.${fn}(${TF}, ${a.period}, { ago: ${ago} })${pickOf(pick)}`,
    needs: (a) => 2 * Number(a.period) + 1,
  } satisfies IndicatorSpec
}

function macd(name: string, pick: string, description: string) {
  return {
    name,
    description,
    params: [
      { name: 'fast', kind: 'int', default: 12, min: 1, max: MAX_PERIOD },
      { name: 'slow', kind: 'int', default: 26, min: 1, max: MAX_PERIOD },
      { name: 'signal', kind: 'int', default: 9, min: 1, max: MAX_PERIOD },
    ],
    code: (a, ago) =>
      `ctx.indicators.macd(${TF}, { fast: ${a.fast}, slow: ${a.slow}, signal: ${a.signal}, ago: ${ago} })${pickOf(pick)}`,
    needs: (a) => Math.max(Number(a.fast), Number(a.slow)) + Number(a.signal),
  } satisfies IndicatorSpec
}

function bollinger(name: string, pick: string, description: string) {
  return {
    name,
    description,
    params: [period(20, 2), { name: 'stdDev', kind: 'number', default: 2, min: 0.1, max: 10 }],
    code: (a, ago) =>
      `ctx.indicators.bollinger(${TF}, { period: ${a.period}, stdDev: ${a.stdDev}, ago: ${ago} })${pickOf(pick)}`,
    needs: (a) => Number(a.period),
  } satisfies IndicatorSpec
}

function stochastic(name: string, pick: string, description: string) {
  return {
    name,
    description,
    params: [period(14), { name: 'signal', kind: 'int', default: 3, min: 1, max: MAX_PERIOD }],
    code: (a, ago) =>
      `ctx.indicators.stochastic(${TF}, { period: ${a.period}, signalPeriod: ${a.signal}, ago: ${ago} })${pickOf(pick)}`,
    needs: (a) => Number(a.period) + Number(a.signal),
  } satisfies IndicatorSpec
}

const pickOf = (pick: string | undefined) => (pick ? `?.${pick}` : '')

/**
 * Every indicator of the scan language, by canonical name. Each maps onto one of the SDK's
 * `ctx.indicators` (plugins/src/context.ts), so a scan computes exactly what a plugin would.
 */
export const INDICATORS: readonly IndicatorSpec[] = [
  series('SMA', 'sma', 'Simple moving average: SMA(period) or SMA(source, period)'),
  series('EMA', 'ema', 'Exponential moving average: EMA(period) or EMA(source, period)'),
  series('WMA', 'wma', 'Weighted moving average: WMA(period) or WMA(source, period)'),
  series('RSI', 'rsi', "Relative strength index 0-100, Wilder's smoothing: RSI(period)"),
  series('ROC', 'roc', 'Rate of change in percent over `period` bars: ROC(period)'),
  series('SD', 'sd', 'Standard deviation over `period` bars: SD(period) or SD(source, period)'),
  series(
    'HIGHEST',
    'highest',
    'Highest value over `period` bars, this bar included: HIGHEST(period) reads the high',
    'high',
  ),
  series(
    'LOWEST',
    'lowest',
    'Lowest value over `period` bars, this bar included: LOWEST(period) reads the low',
    'low',
  ),
  periodOnly('ATR', 'atr', "Average true range, Wilder's smoothing: ATR(period)"),
  periodOnly('CCI', 'cci', 'Commodity channel index: CCI(period)'),
  periodOnly('ADX', 'adx', 'Average directional index: ADX(period)', 'adx'),
  periodOnly('PDI', 'adx', 'Plus directional indicator (+DI): PDI(period)', 'pdi'),
  periodOnly('MDI', 'adx', 'Minus directional indicator (−DI): MDI(period)', 'mdi'),
  {
    name: 'OBV',
    description: 'On-balance volume from the first bar seen: OBV()',
    params: [],
    code: (_a, ago) => `ctx.indicators.obv(${TF}, { ago: ${ago} })`,
    needs: () => 1,
  },
  macd('MACD', 'macd', 'MACD line: MACD() or MACD(fast, slow, signal), default 12, 26, 9'),
  macd('MACD_SIGNAL', 'signal', 'MACD signal line: MACD_SIGNAL(fast, slow, signal)'),
  macd('MACD_HIST', 'histogram', 'MACD histogram: MACD_HIST(fast, slow, signal)'),
  bollinger('BB_UPPER', 'upper', 'Upper Bollinger band: BB_UPPER(period, stdDev), default 20, 2'),
  bollinger('BB_MIDDLE', 'middle', 'Middle Bollinger band: BB_MIDDLE(period, stdDev)'),
  bollinger('BB_LOWER', 'lower', 'Lower Bollinger band: BB_LOWER(period, stdDev)'),
  bollinger('BB_PB', 'pb', 'Bollinger %B (0 = lower band, 1 = upper): BB_PB(period, stdDev)'),
  stochastic('STOCH_K', 'k', 'Stochastic %K: STOCH_K(period, signal), default 14, 3'),
  stochastic('STOCH_D', 'd', 'Stochastic %D: STOCH_D(period, signal)'),
]

const BY_NAME = new Map(INDICATORS.map((spec) => [spec.name.toLowerCase(), spec]))

/** The indicator called `name` (any case), if there is one. */
export function findIndicator(name: string): IndicatorSpec | undefined {
  return BY_NAME.get(name.toLowerCase())
}

/** How an indicator is called, e.g. `SMA(source, period)`, for messages. */
export function usage(spec: IndicatorSpec): string {
  return `${spec.name}(${spec.params.map((p) => p.name).join(', ')})`
}
