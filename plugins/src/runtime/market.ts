import type { IndicatorOptions, Indicators } from '../context.ts'
import type { Bar, Timeframe } from '../types.ts'
import {
  adxStepper,
  atrStepper,
  bollingerStepper,
  cciStepper,
  MAX_AGO,
  macdStepper,
  obvStepper,
  period,
  type SeriesIndicator,
  type Stepper,
  seriesStepper,
  sourceOf,
  stochasticStepper,
} from './indicators.ts'
import { NumberRing, Ring } from './ring.ts'

/** Most distinct indicator instances one plugin may create (memory bound). */
export const MAX_INDICATORS = 20_000

interface Tracked {
  create: () => Stepper
  step: Stepper
  values: Ring<unknown> | NumberRing
}

/**
 * One indicator as a plugin asks for it: its id on a series, how to make it, and where it was
 * last read (its series and tracked state: a caller asking for the same indicator on the same
 * series bar after bar skips the lookup by id).
 */
export interface IndicatorSpec {
  id: string
  create: () => Stepper
  /** Values are numbers or undefined (our averages): kept unboxed in a NumberRing. */
  numeric: boolean
  symbol?: string
  timeframe?: Timeframe
  tracked?: Tracked
}

/**
 * A symbol's last traded price: one object per symbol, written in place on every bar. NaN
 * until the first price (never undefined): a field that only ever holds numbers keeps them
 * unboxed, where one that may hold undefined boxes every price written, an allocation per bar.
 */
interface Quote {
  price: number
}

interface Series {
  bars: Ring<Bar>
  quote: Quote
  indicators: Map<string, Tracked>
  /** The same indicators in creation order, for the per-bar loop (no iterator per bar). */
  stepped: Tracked[]
  /** Whether its bars go to the plugin's bar hook (worked out once, not per bar). */
  hooked: boolean
}

/**
 * The bars a plugin has received, per symbol and timeframe, with the indicators attached to
 * each series. Pushing a bar advances every indicator of its series once.
 */
export class MarketData {
  readonly history: number
  /** By symbol, then timeframe: no key string is built per bar or per indicator call. */
  #series = new Map<string, Map<Timeframe, Series>>()
  #quotes = new Map<string, Quote>()
  #indicatorCount = 0
  // The series used last: a backtest of one series (or a strategy asking about the series of
  // the bar it handles) finds it again without two map lookups per bar and per indicator.
  #lastSymbol: string | undefined
  #lastTimeframe: Timeframe | undefined
  #lastSeries: Series | undefined

  readonly #hooked: (symbol: string, timeframe: Timeframe) => boolean

  /**
   * @param hooked which series' bars the plugin's bar hook gets (its universe and timeframes);
   * asked once per series
   */
  constructor(
    history: number,
    hooked: (symbol: string, timeframe: Timeframe) => boolean = () => true,
  ) {
    this.history = history
    this.#hooked = hooked
  }

  /** Whether bars of this series go to the plugin's bar hook. */
  hooked(symbol: string, timeframe: Timeframe): boolean {
    return this.#get(symbol, timeframe).hooked
  }

  /**
   * Adds a closed bar, kept as it is: callers hand over frozen bars (`ctx.bars` gives them to
   * the plugin). A bar no newer than the series' last is a repeat and is ignored (returns
   * false); a bar older than that means time went back (a replay looped), and the series
   * starts over.
   */
  pushBar(symbol: string, timeframe: Timeframe, bar: Readonly<Bar>): boolean {
    const series = this.#get(symbol, timeframe)
    const last = series.bars.back(0)
    if (last && bar.ts === last.ts) return false
    const stepped = series.stepped
    if (last && bar.ts < last.ts) {
      series.bars.clear()
      for (let i = 0; i < stepped.length; i++) {
        const t = stepped[i]!
        t.step = t.create()
        t.values.clear()
      }
    }
    series.bars.push(bar)
    for (let i = 0; i < stepped.length; i++) {
      const t = stepped[i]!
      t.values.push(t.step(bar))
    }
    series.quote.price = bar.close
    return true
  }

  setTickPrice(symbol: string, price: number): void {
    this.#quote(symbol).price = price
  }

  ltp(symbol: string): number | undefined {
    const price = this.#quotes.get(symbol)?.price
    return price === undefined || Number.isNaN(price) ? undefined : price
  }

  bars(symbol: string, timeframe: Timeframe, count?: number): Bar[] {
    const series = this.#series.get(symbol)?.get(timeframe)
    if (!series) return []
    if (count === undefined) return series.bars.last(series.bars.length)
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new RangeError(`bars: count must be a whole number, got ${String(count)}`)
    }
    return series.bars.last(count)
  }

  /**
   * The value of the indicator `spec` on a series `ago` bars back, creating and seeding it on
   * first use. Kept this small (the lookup and the seeding live in #track) so V8 inlines it,
   * with the caller, into a plugin's bar hook: a call that is not inlined returns its number
   * boxed, an allocation per indicator per bar.
   */
  indicator(symbol: string, timeframe: Timeframe, spec: IndicatorSpec, ago: unknown): unknown {
    const back = ago === undefined ? 0 : checkAgo(ago)
    const tracked =
      spec.symbol === symbol && spec.timeframe === timeframe
        ? spec.tracked!
        : this.#track(symbol, timeframe, spec)
    return tracked.values.back(back)
  }

  /** The indicator `spec` of a series, created and seeded from its bars on first use. */
  #track(symbol: string, timeframe: Timeframe, spec: IndicatorSpec): Tracked {
    const series = this.#get(symbol, timeframe)
    let tracked = series.indicators.get(spec.id)
    if (!tracked) {
      if (this.#indicatorCount >= MAX_INDICATORS) {
        throw new RangeError(`too many indicators: at most ${MAX_INDICATORS} per plugin`)
      }
      const step = spec.create()
      const values = spec.numeric ? new NumberRing(MAX_AGO + 1) : new Ring<unknown>(MAX_AGO + 1)
      tracked = { create: spec.create, step, values }
      for (const bar of series.bars.last(series.bars.length)) tracked.values.push(step(bar))
      series.indicators.set(spec.id, tracked)
      series.stepped.push(tracked)
      this.#indicatorCount++
    }
    spec.symbol = symbol
    spec.timeframe = timeframe
    spec.tracked = tracked
    return tracked
  }

  #get(symbol: string, timeframe: Timeframe): Series {
    if (symbol === this.#lastSymbol && timeframe === this.#lastTimeframe) return this.#lastSeries!
    const series = this.#lookUp(symbol, timeframe)
    this.#lastSymbol = symbol
    this.#lastTimeframe = timeframe
    this.#lastSeries = series
    return series
  }

  #quote(symbol: string): Quote {
    let quote = this.#quotes.get(symbol)
    if (!quote) {
      quote = { price: Number.NaN }
      this.#quotes.set(symbol, quote)
    }
    return quote
  }

  #lookUp(symbol: string, timeframe: Timeframe): Series {
    let bySymbol = this.#series.get(symbol)
    if (!bySymbol) {
      bySymbol = new Map()
      this.#series.set(symbol, bySymbol)
    }
    let series = bySymbol.get(timeframe)
    if (!series) {
      series = {
        bars: new Ring(this.history),
        quote: this.#quote(symbol),
        indicators: new Map(),
        stepped: [],
        hooked: this.#hooked(symbol, timeframe),
      }
      bySymbol.set(timeframe, series)
    }
    return series
  }
}

/** `ago` as given, when it is a whole number from 0 to MAX_AGO. */
function checkAgo(ago: unknown): number {
  if (typeof ago === 'number' && ago >= 0 && ago <= MAX_AGO && Number.isInteger(ago)) return ago
  throw new RangeError(`ago must be a whole number from 0 to ${MAX_AGO}, got ${String(ago)}`)
}

/** An indicator asked for once (a one-off spec: found again by its id). */
const once = (id: string, create: () => Stepper): IndicatorSpec => ({ id, create, numeric: false })

/** `ctx.indicators` over a MarketData. */
export function createIndicators(market: MarketData): Indicators {
  const max = market.history
  const series = (kind: SeriesIndicator, fallback: 'close' | 'high' | 'low') => {
    // Each (source, period) gets its spec once: a strategy asks for the same few averages on
    // every bar, and building them anew cost more than the averages themselves.
    // Our own averages yield a number or undefined, never anything else.
    const numeric = kind === 'sma' || kind === 'ema'
    const specs = new Map<string, Map<unknown, IndicatorSpec>>()
    // The usual call (the default source) finds its spec by period, without the maps.
    const plain: IndicatorSpec[] = []
    const specOf = (n: unknown, options: IndicatorOptions | undefined): IndicatorSpec => {
      const usual = options?.source === undefined
      const source = usual ? fallback : sourceOf(kind, options, fallback)
      let byPeriod = specs.get(source)
      if (!byPeriod) {
        byPeriod = new Map()
        specs.set(source, byPeriod)
      }
      // Only a period that passed the check is ever a key: the check runs once per period.
      let spec = byPeriod.get(n)
      if (!spec) {
        const p = period(kind, 'period', n, max)
        spec = {
          id: `${kind}:${p}:${source}`,
          create: () => seriesStepper(kind, p, source),
          numeric,
        }
        byPeriod.set(p, spec)
        if (usual) plain[p] = spec
      }
      return spec
    }
    // The call a strategy makes on every bar: small enough for V8 to inline it (and
    // `indicator`) into the bar hook; anything unusual goes through specOf.
    return (symbol: string, timeframe: Timeframe, n: number, options?: IndicatorOptions) => {
      const spec =
        (typeof n === 'number' && options?.source === undefined ? plain[n] : undefined) ??
        specOf(n, options)
      return market.indicator(symbol, timeframe, spec, options?.ago) as number | undefined
    }
  }
  return {
    sma: series('sma', 'close'),
    ema: series('ema', 'close'),
    wma: series('wma', 'close'),
    rsi: series('rsi', 'close'),
    roc: series('roc', 'close'),
    sd: series('sd', 'close'),
    highest: series('highest', 'high'),
    lowest: series('lowest', 'low'),
    atr(symbol, timeframe, n, options) {
      const p = period('atr', 'period', n, max)
      return market.indicator(
        symbol,
        timeframe,
        once(`atr:${p}`, () => atrStepper(p)),
        options?.ago,
      ) as number | undefined
    },
    cci(symbol, timeframe, n, options) {
      const p = period('cci', 'period', n, max)
      return market.indicator(
        symbol,
        timeframe,
        once(`cci:${p}`, () => cciStepper(p)),
        options?.ago,
      ) as number | undefined
    },
    adx(symbol, timeframe, n, options) {
      const p = period('adx', 'period', n, max)
      return market.indicator(
        symbol,
        timeframe,
        once(`adx:${p}`, () => adxStepper(p)),
        options?.ago,
      ) as ReturnType<Indicators['adx']>
    },
    obv(symbol, timeframe, options) {
      return market.indicator(symbol, timeframe, once('obv', obvStepper), options?.ago) as
        | number
        | undefined
    },
    macd(symbol, timeframe, options) {
      const fast = period('macd', 'fast', options?.fast ?? 12, max)
      const slow = period('macd', 'slow', options?.slow ?? 26, max)
      const signal = period('macd', 'signal', options?.signal ?? 9, max)
      const source = sourceOf('macd', options, 'close')
      const id = `macd:${fast}:${slow}:${signal}:${source}`
      return market.indicator(
        symbol,
        timeframe,
        once(id, () => macdStepper(fast, slow, signal, source)),
        options?.ago,
      ) as ReturnType<Indicators['macd']>
    },
    bollinger(symbol, timeframe, options) {
      const p = period('bollinger', 'period', options?.period ?? 20, max)
      const stdDev = options?.stdDev ?? 2
      if (typeof stdDev !== 'number' || !(stdDev > 0 && stdDev <= 10)) {
        throw new RangeError(
          `bollinger: stdDev must be a number above 0 and at most 10, got ${String(stdDev)}`,
        )
      }
      const source = sourceOf('bollinger', options, 'close')
      const id = `bollinger:${p}:${stdDev}:${source}`
      return market.indicator(
        symbol,
        timeframe,
        once(id, () => bollingerStepper(p, stdDev, source)),
        options?.ago,
      ) as ReturnType<Indicators['bollinger']>
    },
    stochastic(symbol, timeframe, options) {
      const p = period('stochastic', 'period', options?.period ?? 14, max)
      const signal = period('stochastic', 'signalPeriod', options?.signalPeriod ?? 3, max)
      const id = `stochastic:${p}:${signal}`
      return market.indicator(
        symbol,
        timeframe,
        once(id, () => stochasticStepper(p, signal)),
        options?.ago,
      ) as ReturnType<Indicators['stochastic']>
    },
  }
}
