import {
  ADX,
  ATR,
  BollingerBands,
  CCI,
  EMA,
  Highest,
  Lowest,
  MACD,
  OBV,
  ROC,
  RSI,
  SD,
  SMA,
  Stochastic,
  WMA,
} from 'technicalindicators'
import type {
  AdxValue,
  BollingerValue,
  IndicatorOptions,
  MacdValue,
  PriceSource,
  StochasticValue,
} from '../context.ts'
import type { Bar } from '../types.ts'
import { emaStepper, smaStepper } from './moving-averages.ts'

/** Advances an indicator by one bar and returns its value at that bar (undefined while warming up). */
export type Stepper = (bar: Bar) => unknown

// technicalindicators' declarations type some `nextValue` inputs wrongly (ADX takes a candle),
// so every streaming instance is used through this one shape.
interface Streaming {
  nextValue(input: unknown): unknown
}
type Candle = { high: number; low: number; close: number }
const candle = (b: Bar): Candle => ({ high: b.high, low: b.low, close: b.close })
const make = (Ctor: unknown, input: object): Streaming =>
  new (Ctor as new (input: object) => Streaming)(input)

const SOURCES: Record<PriceSource, (b: Bar) => number> = {
  open: (b) => b.open,
  high: (b) => b.high,
  low: (b) => b.low,
  close: (b) => b.close,
  volume: (b) => b.volume,
  hl2: (b) => (b.high + b.low) / 2,
  hlc3: (b) => (b.high + b.low + b.close) / 3,
  ohlc4: (b) => (b.open + b.high + b.low + b.close) / 4,
}

/** How many bars back `ago` may reach. */
export const MAX_AGO = 99

/** Checks an indicator's period: a whole number in 1..max (the history length). */
export function period(name: string, what: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(
      `${name}: ${what} must be a whole number from 1 to ${max}, got ${String(value)}`,
    )
  }
  return value
}

export function sourceOf(
  name: string,
  options: IndicatorOptions | undefined,
  fallback: PriceSource,
): PriceSource {
  const source = options?.source ?? fallback
  if (!Object.hasOwn(SOURCES, source)) {
    throw new RangeError(
      `${name}: source must be one of ${Object.keys(SOURCES).join(', ')}, got ${String(source)}`,
    )
  }
  return source
}

/** Single-input indicators that read one number per bar. */
const SERIES = {
  sma: SMA,
  ema: EMA,
  wma: WMA,
  rsi: RSI,
  roc: ROC,
  sd: SD,
  highest: Highest,
  lowest: Lowest,
}
export type SeriesIndicator = keyof typeof SERIES

export function seriesStepper(kind: SeriesIndicator, n: number, source: PriceSource): Stepper {
  const read = SOURCES[source]
  // The two averages strategies ask for on every bar: the library's arithmetic without its
  // per-value allocations (moving-averages.ts).
  if (kind === 'sma') return smaStepper(n, read)
  if (kind === 'ema') return emaStepper(n, read)
  const ind = make(SERIES[kind], { period: n, values: [] })
  return (bar) => ind.nextValue(read(bar))
}

export function atrStepper(n: number): Stepper {
  const ind = make(ATR, { period: n, high: [], low: [], close: [] })
  return (bar) => ind.nextValue(candle(bar))
}

export function cciStepper(n: number): Stepper {
  const ind = make(CCI, { period: n, high: [], low: [], close: [] })
  return (bar) => ind.nextValue(candle(bar))
}

export function adxStepper(n: number): Stepper {
  const ind = make(ADX, { period: n, high: [], low: [], close: [] })
  return (bar): AdxValue | undefined => {
    const v = ind.nextValue(candle(bar)) as Partial<AdxValue> | undefined
    return v && isNum(v.adx) && isNum(v.pdi) && isNum(v.mdi)
      ? { adx: v.adx, pdi: v.pdi, mdi: v.mdi }
      : undefined
  }
}

export function obvStepper(): Stepper {
  const ind = make(OBV, { close: [], volume: [] })
  return (bar) => ind.nextValue({ close: bar.close, volume: bar.volume })
}

export function macdStepper(
  fast: number,
  slow: number,
  signal: number,
  source: PriceSource,
): Stepper {
  const ind = make(MACD, {
    fastPeriod: fast,
    slowPeriod: slow,
    signalPeriod: signal,
    values: [],
    SimpleMAOscillator: false,
    SimpleMASignal: false,
  })
  const read = SOURCES[source]
  return (bar): MacdValue | undefined => {
    const v = ind.nextValue(read(bar)) as
      | { MACD?: number; signal?: number; histogram?: number }
      | undefined
    return v && isNum(v.MACD) && isNum(v.signal) && isNum(v.histogram)
      ? { macd: v.MACD, signal: v.signal, histogram: v.histogram }
      : undefined
  }
}

export function bollingerStepper(n: number, stdDev: number, source: PriceSource): Stepper {
  const ind = make(BollingerBands, { period: n, stdDev, values: [] })
  const read = SOURCES[source]
  return (bar): BollingerValue | undefined => {
    const v = ind.nextValue(read(bar)) as Partial<BollingerValue> | undefined
    return v && isNum(v.upper) && isNum(v.middle) && isNum(v.lower)
      ? { upper: v.upper, middle: v.middle, lower: v.lower, pb: v.pb as number }
      : undefined
  }
}

export function stochasticStepper(n: number, signalPeriod: number): Stepper {
  const ind = make(Stochastic, { period: n, signalPeriod, high: [], low: [], close: [] })
  return (bar): StochasticValue | undefined => {
    const v = ind.nextValue(candle(bar)) as Partial<StochasticValue> | undefined
    return v && isNum(v.k) && isNum(v.d) ? { k: v.k, d: v.d } : undefined
  }
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && !Number.isNaN(v)
}
