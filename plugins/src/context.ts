import type {
  Bar,
  MatchData,
  OrderStatus,
  OrderType,
  Position,
  Product,
  Side,
  Timeframe,
} from './types.ts'

/** Which number of a bar an indicator reads. `hl2` = (high+low)/2, `hlc3`, `ohlc4` likewise. */
export type PriceSource = 'open' | 'high' | 'low' | 'close' | 'volume' | 'hl2' | 'hlc3' | 'ohlc4'

/** Common options of single-series indicators. */
export interface IndicatorOptions {
  /** The bar field to read; default `close`. */
  source?: PriceSource
  /** Value this many bars back (0 = the newest bar, the default; at most 99). */
  ago?: number
}

export interface MacdOptions extends IndicatorOptions {
  /** Default 12. */
  fast?: number
  /** Default 26. */
  slow?: number
  /** Default 9. */
  signal?: number
}

export interface BollingerOptions extends IndicatorOptions {
  /** Default 20. */
  period?: number
  /** Band width in standard deviations; default 2. */
  stdDev?: number
}

export interface StochasticOptions {
  /** %K look-back; default 14. */
  period?: number
  /** %D smoothing; default 3. */
  signalPeriod?: number
  ago?: number
}

export interface MacdValue {
  macd: number
  signal: number
  histogram: number
}

export interface BollingerValue {
  upper: number
  middle: number
  lower: number
  /** %B: where the close sits between the bands (0 = lower, 1 = upper). */
  pb: number
}

export interface StochasticValue {
  k: number
  d: number
}

export interface AdxValue {
  adx: number
  /** +DI */
  pdi: number
  /** −DI */
  mdi: number
}

/**
 * Streaming technical indicators (from `technicalindicators`) over the bars this plugin has
 * received. Each call names a series (symbol and timeframe); the first call for a given
 * indicator seeds it from the bars held so far, after that each new bar updates it in O(1).
 * A value is `undefined` until enough bars have arrived (e.g. 20 for a 20-bar SMA).
 *
 * @example
 * const fast = ctx.indicators.sma(event.symbol, '5m', 10)
 * const fastBefore = ctx.indicators.sma(event.symbol, '5m', 10, { ago: 1 })
 */
export interface Indicators {
  /** Simple moving average. */
  sma(
    symbol: string,
    timeframe: Timeframe,
    period: number,
    options?: IndicatorOptions,
  ): number | undefined
  /** Exponential moving average. */
  ema(
    symbol: string,
    timeframe: Timeframe,
    period: number,
    options?: IndicatorOptions,
  ): number | undefined
  /** Weighted moving average. */
  wma(
    symbol: string,
    timeframe: Timeframe,
    period: number,
    options?: IndicatorOptions,
  ): number | undefined
  /** Relative strength index (0–100, two decimals), Wilder's smoothing. */
  rsi(
    symbol: string,
    timeframe: Timeframe,
    period: number,
    options?: IndicatorOptions,
  ): number | undefined
  /** Rate of change in percent over `period` bars. */
  roc(
    symbol: string,
    timeframe: Timeframe,
    period: number,
    options?: IndicatorOptions,
  ): number | undefined
  /** Population standard deviation over `period` bars. */
  sd(
    symbol: string,
    timeframe: Timeframe,
    period: number,
    options?: IndicatorOptions,
  ): number | undefined
  /** Highest value over `period` bars (default source `high`). */
  highest(
    symbol: string,
    timeframe: Timeframe,
    period: number,
    options?: IndicatorOptions,
  ): number | undefined
  /** Lowest value over `period` bars (default source `low`). */
  lowest(
    symbol: string,
    timeframe: Timeframe,
    period: number,
    options?: IndicatorOptions,
  ): number | undefined
  /** Average true range, Wilder's smoothing. */
  atr(
    symbol: string,
    timeframe: Timeframe,
    period: number,
    options?: { ago?: number },
  ): number | undefined
  /** Commodity channel index. */
  cci(
    symbol: string,
    timeframe: Timeframe,
    period: number,
    options?: { ago?: number },
  ): number | undefined
  /** Average directional index with +DI and −DI. */
  adx(
    symbol: string,
    timeframe: Timeframe,
    period: number,
    options?: { ago?: number },
  ): AdxValue | undefined
  /** On-balance volume, from the first bar held. */
  obv(symbol: string, timeframe: Timeframe, options?: { ago?: number }): number | undefined
  /** MACD with EMA oscillator and signal (12, 26, 9 by default). */
  macd(symbol: string, timeframe: Timeframe, options?: MacdOptions): MacdValue | undefined
  /** Bollinger bands (20 bars, 2 standard deviations by default). */
  bollinger(
    symbol: string,
    timeframe: Timeframe,
    options?: BollingerOptions,
  ): BollingerValue | undefined
  /** Stochastic oscillator %K and %D (14, 3 by default). */
  stochastic(
    symbol: string,
    timeframe: Timeframe,
    options?: StochasticOptions,
  ): StochasticValue | undefined
}

/** Writes to the deployment's log (visible on the deployments page). */
export interface Logger {
  debug(...args: unknown[]): void
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
}

/** Everything a hook may do besides trading. */
export interface BaseContext<P, S> {
  /** The deployment's parameter values, validated against the plugin's `params`. */
  readonly params: P
  /**
   * Persistent state: keep JSON-serializable values here (numbers, strings, booleans, null,
   * arrays, plain objects). It survives restarts of the deployment; module variables do not.
   */
  state: S
  /** The manifest's universe. */
  readonly universe: readonly string[]
  /** The platform clock in epoch ms (virtual in backtests and replays). */
  now(): number
  /** A seeded random float in [0, 1): the same in every run of the same backtest. */
  random(): number
  readonly log: Logger
  /**
   * The newest `count` bars of a series (oldest first), including the one being handled.
   * At most the manifest's `history` bars are kept; `count` defaults to all of them.
   */
  bars(symbol: string, timeframe: Timeframe, count?: number): Bar[]
  /** Last known price of `symbol`: the latest tick's, else the latest bar's close. */
  ltp(symbol: string): number | undefined
  readonly indicators: Indicators
}

/** Options of `ctx.buy` / `ctx.sell`. */
export interface OrderOptions {
  /** Default `MARKET`. `LIMIT` needs `price`, `SL` needs `price` and `triggerPrice`, `SL-M` needs `triggerPrice`. */
  type?: OrderType
  /** Default `CNC` (delivery); `MIS` for intraday, `NRML` for futures & options. */
  product?: Product
  price?: number
  triggerPrice?: number
  /** Stop-loss price, for bracket-style handling by the order manager. */
  stopLoss?: number
  /** Target price, likewise. */
  target?: number
  /** Up to 20 letters, digits, `_` or `-`. */
  tag?: string
}

export interface OrderRequest extends OrderOptions {
  symbol: string
  side: Side
  /** Shares (or contracts); a positive whole number. */
  qty: number
}

/** An order this deployment placed, as last reported. */
export interface OrderInfo {
  clientOrderId: string
  symbol: string
  side: Side
  qty: number
  orderType: OrderType
  product: Product
  price?: number
  triggerPrice?: number
  /** `pending` until the order manager reports on it. */
  status: OrderStatus
  filledQty: number
  avgPrice: number
}

/** The context of a strategy's hooks. */
export interface StrategyContext<P = Record<string, number | string | boolean>, S = PluginState>
  extends BaseContext<P, S> {
  /** Net position in `symbol` as the order manager last reported it; `{ qty: 0, avgPrice: 0 }` when flat. */
  position(symbol: string): Position
  /** All non-flat positions. */
  positions(): Record<string, Position>
  /**
   * Places a buy order (MARKET, CNC unless `options` say otherwise) and returns its client
   * order id. The order manager executes it after the hook returns.
   *
   * @example ctx.buy('RELIANCE', 10, { product: 'MIS' })
   */
  buy(symbol: string, qty: number, options?: OrderOptions): string
  /** Places a sell order; see `buy`. */
  sell(symbol: string, qty: number, options?: OrderOptions): string
  /** Places any order; returns its client order id. */
  placeOrder(order: OrderRequest): string
  /** Changes an open order this deployment placed. */
  modify(
    clientOrderId: string,
    changes: { price?: number; triggerPrice?: number; qty?: number },
  ): void
  /** Cancels an open order this deployment placed. */
  cancel(clientOrderId: string): void
  /** An order this deployment placed: while pending or open, and until the end of the batch in which it finished. */
  order(clientOrderId: string): OrderInfo | undefined
  /** Orders not yet complete, cancelled or rejected; optionally only for `symbol`. */
  openOrders(symbol?: string): OrderInfo[]
}

/** The context of a scanner's hooks. */
export interface ScannerContext<P = Record<string, number | string | boolean>, S = PluginState>
  extends BaseContext<P, S> {
  /**
   * Reports that `symbol` matches now. `data` adds columns to the results table; `score`
   * orders the matches (higher first).
   *
   * @example ctx.match(event.symbol, { rsi: 24.5, close: event.bar.close }, 30 - 24.5)
   */
  match(symbol: string, data?: MatchData, score?: number): void
}

/**
 * The default shape of `ctx.state` when a plugin does not declare `initialState`; declare one
 * for precise types.
 */
// biome-ignore lint/suspicious/noExplicitAny: an untyped bag is the friendliest default for authors
export type PluginState = Record<string, any>

/** A value JSON can hold. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue | undefined }
