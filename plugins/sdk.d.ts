// Generated from plugins/src by core/src/compiler/sdk-dts-cli.ts — do not edit.
// The SDK plugin authors import as `@vm-algo/sdk`, for editors and the type check.
declare module '@vm-algo/sdk' {
  /**
   * Constants of the plugin protocol, free of dependencies so that the in-sandbox runtime can use
   * them; `protocol.ts` re-exports them for the host.
   */
  /** Version of the SDK and of this protocol; stored with every compiled plugin version. */
  export const SDK_VERSION = '0.1.0'
  /** The name of the single global a compiled plugin defines. */
  export const DISPATCH_GLOBAL = '__vmAlgoDispatch'
  /** Bounds the schemas enforce; the runtime enforces the same ones before the host sees output. */
  export const PROTOCOL_LIMITS: {
    /** Host-side cap on the raw output string, checked before JSON.parse. */
    readonly maxOutputChars: 4000000
    readonly maxIntents: 1000
    readonly maxLogs: 500
    readonly maxLogChars: 2048
    readonly maxMatches: 5000
    readonly maxMatchDataKeys: 20
    readonly maxMatchStringChars: 200
    /** Serialized `ctx.state` (JSON characters). */
    readonly maxStateChars: 262144
    readonly maxErrorMessageChars: 2000
    readonly maxQty: 10000000
    readonly maxPrice: 1000000000
    readonly maxSymbolChars: 40
    readonly maxClientOrderIdChars: 64
    /** Kite accepts order tags of up to 20 characters. */
    readonly maxTagChars: 20
    readonly maxUniverse: 1000
    readonly maxParams: 50
    readonly maxEventsPerBatch: 100000
    /** Events in one `data` window, and series it may name. */
    readonly maxWindowEvents: 100000
    readonly maxWindowSeries: 4000
  }
  /** Every candle interval, shortest first. */
  export const TIMEFRAMES: readonly Timeframe[]
  /** Bars kept per series when the manifest does not say; and the most it may ask for. */
  export const DEFAULT_HISTORY = 500
  export const MAX_HISTORY = 5000
  /** Semantic version 2.0.0 (no leading zeros, optional pre-release and build). */
  export const SEMVER_PATTERN: RegExp
  /**
   * The columns of a packed `data` window (`PackedDataInput`), in the order its binary block
   * holds them: each column's `events` float64 values, one column after another.
   */
  export const PACKED_WINDOW_COLUMNS: readonly [
    'time',
    'ts',
    'open',
    'high',
    'low',
    'close',
    'volume',
    'feed',
    'flags',
  ]
  /** Bits of a `data` window's `flags` column (see `DataInput.flags`). */
  export const BAR_FLAGS: {
    /** The last bar of its session on an execution series (open MIS positions close at it). */
    readonly lastOfDay: 1
    /** The 15:20 IST MIS square-off bar of an execution series. */
    readonly squareOff: 2
    /** At this event the host accepts no new MIS orders (15:20 IST and later). */
    readonly misClosed: 4
    /** The first event of an IST day (an MIS order never fills on a later day). */
    readonly dayStart: 8
  }

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
      options?: {
        ago?: number
      },
    ): number | undefined
    /** Commodity channel index. */
    cci(
      symbol: string,
      timeframe: Timeframe,
      period: number,
      options?: {
        ago?: number
      },
    ): number | undefined
    /** Average directional index with +DI and −DI. */
    adx(
      symbol: string,
      timeframe: Timeframe,
      period: number,
      options?: {
        ago?: number
      },
    ): AdxValue | undefined
    /** On-balance volume, from the first bar held. */
    obv(
      symbol: string,
      timeframe: Timeframe,
      options?: {
        ago?: number
      },
    ): number | undefined
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
      changes: {
        price?: number
        triggerPrice?: number
        qty?: number
      },
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
  // biome-ignore lint/suspicious/noExplicitAny: deliberate in the SDK source
  export type PluginState = Record<string, any>
  /** A value JSON can hold. */
  export type JsonValue =
    | null
    | boolean
    | number
    | string
    | JsonValue[]
    | {
        [key: string]: JsonValue | undefined
      }

  /**
   * Defines this file's trading strategy. A plugin defines exactly one strategy or scanner;
   * export it as the default export.
   *
   * @example
   * export default defineStrategy({
   *   manifest: { name: 'Buy the dip', version: '1.0.0', universe: ['RELIANCE'], timeframes: ['1d'] },
   *   params: { qty: param.int({ default: 1, min: 1 }) },
   *   onBar(ctx, { symbol, bar }) {
   *     const rsi = ctx.indicators.rsi(symbol, '1d', 14)
   *     if (rsi !== undefined && rsi < 30 && ctx.position(symbol).qty === 0) ctx.buy(symbol, ctx.params.qty)
   *   },
   * })
   */
  export function defineStrategy<
    const P extends ParamSchema = Record<never, never>,
    S extends object = PluginState,
  >(definition: StrategyDefinition<P, S>): StrategyDefinition<P, S>
  /**
   * Defines this file's scanner: `onBar` runs on each closed bar of its universe and calls
   * `ctx.match` for the symbols that qualify.
   *
   * @example
   * export default defineScanner({
   *   manifest: { name: 'Oversold', version: '1.0.0', universe: ['TCS', 'INFY'], timeframes: ['1d'] },
   *   onBar(ctx, { symbol, bar }) {
   *     const rsi = ctx.indicators.rsi(symbol, '1d', 14)
   *     if (rsi !== undefined && rsi < 30) ctx.match(symbol, { rsi, close: bar.close })
   *   },
   * })
   */
  export function defineScanner<
    const P extends ParamSchema = Record<never, never>,
    S extends object = PluginState,
  >(definition: ScannerDefinition<P, S>): ScannerDefinition<P, S>

  /** What an author declares about a plugin; the platform adds `kind`, `params` and `ticks`. */
  export interface ManifestInput {
    /** Shown in the marketplace and on deployments; 1–64 characters. */
    name: string
    /** Semantic version of this plugin, e.g. `1.0.0`; every published version is immutable. */
    version: string
    description?: string
    /** NSE symbols the plugin receives data for (and may trade), e.g. `['RELIANCE', 'TCS']`. */
    universe: string[]
    /** Candle intervals it receives: `1m`, `5m`, `15m`, `1d`. */
    timeframes: Timeframe[]
    /** Bars kept per symbol and timeframe for `ctx.bars` and indicators; default 500, at most 5000. */
    history?: number
  }
  /** A hook called with each closed bar: one function for every timeframe, or one per timeframe. */
  export type BarHooks<C> =
    | ((ctx: C, event: BarEvent) => void)
    | {
        [T in Timeframe]?: (ctx: C, event: BarEvent) => void
      }
  /** A trading strategy. Hooks are synchronous; whatever they place is sent after they return. */
  export interface StrategyDefinition<
    P extends ParamSchema = ParamSchema,
    S extends object = PluginState,
  > {
    manifest: ManifestInput
    /** Typed parameters users set when deploying, e.g. `{ fast: param.int({ default: 10 }) }`. */
    params?: P
    /** The initial `ctx.state` of a new deployment (a resumed one gets its saved state). */
    initialState?: () => S
    /** Once, before any data. */
    onStart?: (ctx: StrategyContext<ParamsOf<P>, S>) => void
    /** On each closed bar of a subscribed timeframe. */
    onBar?: BarHooks<StrategyContext<ParamsOf<P>, S>>
    /** On each tick (only delivered when defined). */
    onTick?: (ctx: StrategyContext<ParamsOf<P>, S>, tick: TickEvent) => void
    /** When the order manager reports on an order this strategy placed. */
    onOrderUpdate?: (ctx: StrategyContext<ParamsOf<P>, S>, update: OrderUpdate) => void
    /** Once, when the deployment stops. */
    onStop?: (ctx: StrategyContext<ParamsOf<P>, S>) => void
  }
  /** A scanner: runs on each closed bar over its universe and reports matches. */
  export interface ScannerDefinition<
    P extends ParamSchema = ParamSchema,
    S extends object = PluginState,
  > {
    manifest: ManifestInput
    params?: P
    initialState?: () => S
    onStart?: (ctx: ScannerContext<ParamsOf<P>, S>) => void
    onBar: BarHooks<ScannerContext<ParamsOf<P>, S>>
    onStop?: (ctx: ScannerContext<ParamsOf<P>, S>) => void
  }

  /** A moment as read on an Indian exchange's clock. */
  export interface IstTime {
    /** Trading date, `YYYY-MM-DD`. */
    date: string
    hour: number
    minute: number
    second: number
    /** Minutes since midnight IST: 9:15 is 555, 15:20 is 920, 15:30 is 930. */
    minuteOfDay: number
    /** 0 = Sunday … 6 = Saturday. */
    weekday: number
    /** `YYYY-MM-DD HH:MM` */
    text: string
  }
  /**
   * Reads an epoch-ms timestamp in IST, e.g. to act at a time of the trading day.
   *
   * @example if (ist(event.bar.ts).minuteOfDay >= 15 * 60 + 20) ctx.sell(...) // after 15:20
   */
  export function ist(ts: number): IstTime

  /** A plugin's parameters: name → spec, built with `param.int`, `param.number`, … */
  export type ParamSchema = Record<string, ParamSpec>
  /** The values a parameter schema yields: `int`/`number` → number, `enum` → its values, `bool` → boolean. */
  export type ParamsOf<P extends ParamSchema> = {
    readonly [K in keyof P]: P[K] extends EnumParamSpec<infer V>
      ? V
      : P[K] extends BoolParamSpec
        ? boolean
        : number
  }
  /** Labels shown in the deploy form. */
  export interface ParamLabels {
    /** Short name shown next to the input, e.g. `Fast period`. */
    label?: string
    /** One sentence of help. */
    description?: string
  }
  /** Options of `param.int` and `param.number`. */
  export interface NumericParamOptions extends ParamLabels {
    default: number
    /** Smallest allowed value (inclusive). */
    min?: number
    /** Largest allowed value (inclusive). */
    max?: number
  }
  /** Thrown when a parameter definition is inconsistent (e.g. its default outside its range). */
  export class ParamDefinitionError extends Error {
    constructor(message: string)
  }
  /**
   * Builders for typed plugin parameters. Each checks its own definition (default inside the
   * range, min ≤ max, default among the enum's values) and throws a ParamDefinitionError if not.
   *
   * @example
   * params: {
   *   fast: param.int({ default: 10, min: 2, max: 100, label: 'Fast period' }),
   *   kind: param.enum({ values: ['sma', 'ema'], default: 'sma' }),
   *   allowShort: param.bool({ default: false }),
   * }
   */
  export const param: {
    /** An integer parameter. */
    int(options: NumericParamOptions): IntParamSpec
    /** A real-number parameter. */
    number(options: NumericParamOptions): NumberParamSpec
    /** One of a fixed list of strings; the value's type is the union of the list. */
    enum<const V extends string>(
      options: {
        values: readonly V[]
        default: NoInfer<V>
      } & ParamLabels,
    ): EnumParamSpec<V>
    /** A yes/no parameter. */
    bool(
      options: {
        default: boolean
      } & ParamLabels,
    ): BoolParamSpec
  }
  /** One problem with a supplied parameter value. */
  export interface ParamIssue {
    param: string
    message: string
  }
  export type ParamValidation =
    | {
        ok: true
        values: ParamValues
      }
    | {
        ok: false
        issues: ParamIssue[]
      }
  /**
   * Checks user-supplied values against a plugin's parameter specs and fills defaults. Unknown
   * names, wrong types and values out of range are reported, each with a message that names the
   * parameter and the allowed values.
   *
   * @example validateParams({ fast: param.int({ default: 10, min: 2 }) }, { fast: 1 })
   * // { ok: false, issues: [{ param: 'fast', message: 'fast must be at least 2, got 1' }] }
   */
  export function validateParams(specs: ParamSchema, supplied: unknown): ParamValidation

  /**
   * Plain data types of the plugin protocol, shared by the SDK (inside the sandbox), the host
   * and the editor's declarations. Types only, no imports: this file is part of `@vm-algo/sdk`'s
   * declarations. `protocol.ts` adds the host's schemas.
   */
  /** Candle intervals a plugin may subscribe to. */
  export type Timeframe = '1m' | '5m' | '15m' | '1d'
  /** One OHLCV candle; `ts` is the bar's start (epoch ms), prices in INR. */
  export interface Bar {
    ts: number
    open: number
    high: number
    low: number
    close: number
    volume: number
  }
  /** A net position the host reports for the deployment; `qty` is negative when short. */
  export interface Position {
    qty: number
    avgPrice: number
  }
  /** Order lifecycle, as the order manager records it. */
  export type OrderStatus = 'pending' | 'open' | 'complete' | 'cancelled' | 'rejected'
  export interface OrderUpdate {
    clientOrderId: string
    status: OrderStatus
    filledQty: number
    /** Average fill price; 0 while nothing is filled. */
    avgPrice: number
    reason?: string
  }
  export interface BarEvent {
    type: 'bar'
    symbol: string
    timeframe: Timeframe
    bar: Bar
  }
  export interface TickEvent {
    type: 'tick'
    symbol: string
    ts: number
    price: number
    volume?: number
    bid?: number
    ask?: number
  }
  export interface OrderEvent {
    type: 'order'
    update: OrderUpdate
  }
  export type PluginEvent = BarEvent | TickEvent | OrderEvent
  /** Validated parameter values, by parameter name. */
  export type ParamValues = Record<string, number | string | boolean>
  /** Sent once, first. Runs `onStart`. */
  export interface InitInput {
    kind: 'init'
    /** Parameter values (validated by the host; the runtime validates again and fills defaults). */
    params: ParamValues
    /** Seed of `ctx.random()`; the same seed and inputs give the same outputs. */
    seed: number
    /** Prefix of client order ids (`<deploymentSeq>-<n>`); default 0. */
    deploymentSeq?: number
    /** Virtual clock at start (epoch ms); default 0. */
    now?: number
    /** Opaque snapshot returned by an earlier run's `state`, to resume from. */
    state?: unknown
  }
  /** Sent repeatedly: every event since the previous batch, in time order. */
  export interface BatchInput {
    kind: 'batch'
    /** Virtual clock (epoch ms): `ctx.now()` during this batch. */
    now: number
    events: PluginEvent[]
    /** Current net positions by symbol, as the order manager sees them. */
    positions: Record<string, Position>
    /** Ask for the state snapshot in this batch's output (e.g. for a checkpoint). */
    wantState?: boolean
    /**
     * History only: bars fill `ctx.bars` and the indicators but no hook runs (e.g. the days
     * before a deployment starts, so a 50-bar average is ready on its first live bar).
     */
    warmup?: boolean
    /**
     * Stamp every intent, log line and error of the output with `at`, the index in `events` of
     * the event during which it was emitted, so one batch can carry many bars.
     */
    stamp?: boolean
  }
  /** A series of bars a `data` window holds events of. */
  export interface SeriesRef {
    symbol: string
    timeframe: Timeframe
  }
  /**
   * Hands the plugin bars before the `range` batches that deliver them (backtests): a window of
   * the host's timeline, events `start .. start + time.length - 1`, each the next bar of one
   * series. Replaces the window held before. No hook runs and nothing of it is visible to the
   * plugin's code (`ctx.bars`, indicators) until a `range` batch delivers the event.
   */
  export interface DataInput {
    kind: 'data'
    /** Timeline index of the window's first event; `range` batches name events by this index. */
    start: number
    series: SeriesRef[]
    /** Per event, its series' index in `series`; may be omitted when there is one series. */
    feed?: number[]
    /** Per event, when its bar closes (epoch ms): `ctx.now()` while the event is handled. */
    time: number[]
    /** Per event, its bar: columns of equal length. */
    ts: number[]
    open: number[]
    high: number[]
    low: number[]
    close: number[]
    volume: number[]
    /**
     * Per event, the host's flags for its bar (omitted: all 0): `BAR_FLAGS.lastOfDay` (a session's
     * last bar of an execution series), `BAR_FLAGS.squareOff` (the 15:20 MIS square-off bar),
     * `BAR_FLAGS.misClosed` (no new MIS orders at this event), `BAR_FLAGS.dayStart` (the first event of an
     * IST day). Only read with `fills`.
     */
    flags?: number[]
    /** How the host fills market orders; with it, `range` reports such fills without stopping. */
    fills?: FillRulesInput
  }
  /**
   * A `data` window whose columns travel beside this JSON as one binary block (the host's fast
   * path for backtests: no number becomes text and back): `events` float64 values of each of
   * `PACKED_WINDOW_COLUMNS`, one column after another (`feed` and `flags` as whole numbers, all 0
   * when unused). Otherwise the same as a `DataInput`.
   */
  export interface PackedDataInput {
    kind: 'data'
    start: number
    series: SeriesRef[]
    /** The window's length: values per column. */
    events: number
    fills?: FillRulesInput
  }
  /**
   * The host's rules for market orders, so the SDK can tell the plugin of a fill at once (the
   * host checks every such fill against its own and fails the run when one differs).
   */
  export interface FillRulesInput {
    slippage:
      | {
          bps: number
        }
      | {
          ticks: number
        }
    /**
     * Per series of the window: null when orders do not fill on its bars; else the symbol's tick
     * and lot, the products a market order of whole lots may use, and the offset from a bar's
     * `ts` to its open (daily bars open at 09:15 IST).
     */
    exec: ({
      tick: number
      lot: number
      products: Product[]
      openOffset: number
    } | null)[]
    /** Margin per ₹ of position, by product (MIS, NRML). */
    marginRate: {
      MIS: number
      NRML: number
    }
    /** An upper bound of one order's charges: `rate` × value + `fixed`. */
    chargeBound: {
      rate: number
      fixed: number
    }
    /** The reason of the host's update refusing an MIS order placed from 15:20 IST. */
    misCutoffReason: string
  }
  /** The account a `range` starts from, for fills the SDK reports ahead of the host. */
  export interface RangeAccount {
    cash: number
    /** Product and last price of each open position. */
    open: Record<
      string,
      {
        product: Product
        last: number
      }
    >
  }
  /** A market order's fill the SDK reported to the plugin ahead of the host (`range` output). */
  export interface SpeculatedFill {
    /** The order's id; absent for the host's MIS square-off (`squareOff`). */
    clientOrderId?: string
    /** The host closed an MIS position at the square-off (15:20 open, or an early session's last close). */
    squareOff?: true
    /** Index of the event at whose open (square-off: during which) it filled, counted as `at`. */
    at: number
    qty: number
    price: number
  }
  /**
   * Delivers events `from .. to - 1` of the `data` window: first `events` (e.g. order updates
   * that happened at the open of event `from`), then the window's bars in order, each with
   * `ctx.now()` at its close. The output is stamped like a batch with `stamp`, counting `events`
   * first: `at` is `events.length + (k - from)` for window event k. The batch ends early, after
   * the event during which the plugin emitted its first intent, so the host can fill it before
   * the plugin sees another bar.
   */
  export interface RangeInput {
    kind: 'range'
    /** Virtual clock for `Date` during this call: the close of event `from`. */
    now: number
    from: number
    to: number
    events: PluginEvent[]
    /** Current net positions by symbol, as the order manager sees them. */
    positions: Record<string, Position>
    /** Cash, products and last prices: with the window's `fills`, the SDK fills market orders. */
    account?: RangeAccount
    /**
     * Continue the previous range of the same host block: keep the positions and account the
     * SDK holds (it may have filled orders since the host's `positions` were true).
     */
    resume?: boolean
    /**
     * The host's per-call limits: the range stops after the event at which the intents or log
     * lines emitted reach them (the next range goes on from there).
     */
    limits?: {
      intents: number
      logs: number
    }
    /**
     * Nobody reads this range's log lines (a backtest without a log listener): `ctx.log` keeps
     * none, so none cost a place in the output or end the range early. Nothing else changes.
     */
    quiet?: boolean
    wantState?: boolean
  }
  /** Sent last. Runs `onStop`; the output carries the final state snapshot. */
  export interface StopInput {
    kind: 'stop'
    now?: number
  }
  /** Used by the compiler only: returns the plugin's manifest without running any hook. */
  export interface DescribeInput {
    kind: 'describe'
  }
  export type DispatchInput =
    | InitInput
    | BatchInput
    | DataInput
    | RangeInput
    | StopInput
    | DescribeInput
  export type Side = 'BUY' | 'SELL'
  export type OrderType = 'MARKET' | 'LIMIT' | 'SL' | 'SL-M'
  export type Product = 'CNC' | 'MIS' | 'NRML'
  export interface PlaceIntent {
    action: 'place'
    clientOrderId: string
    symbol: string
    side: Side
    qty: number
    orderType: OrderType
    product: Product
    price?: number
    triggerPrice?: number
    stopLoss?: number
    target?: number
    tag?: string
    /** Index of the batch's event during which it was emitted (stamped batches and ranges). */
    at?: number
  }
  export interface ModifyIntent {
    action: 'modify'
    clientOrderId: string
    price?: number
    triggerPrice?: number
    qty?: number
    /** Index of the batch's event during which it was emitted (stamped batches and ranges). */
    at?: number
  }
  export interface CancelIntent {
    action: 'cancel'
    clientOrderId: string
    /** Index of the batch's event during which it was emitted (stamped batches and ranges). */
    at?: number
  }
  export type OrderIntent = PlaceIntent | ModifyIntent | CancelIntent
  export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
  export interface LogEntry {
    level: LogLevel
    message: string
    /** Virtual clock when logged. */
    ts: number
    /** Index of the batch's event during which it was emitted (stamped batches and ranges). */
    at?: number
  }
  /** Extra columns of a scanner match, shown in the results table. */
  export type MatchData = Record<string, number | string | boolean | null>
  export interface ScanMatch {
    symbol: string
    ts: number
    score?: number
    data?: MatchData
  }
  export interface PluginError {
    name: string
    message: string
    /** Index of the batch's event during which it was emitted (stamped batches and ranges). */
    at?: number
  }
  export interface BatchOutput {
    intents: OrderIntent[]
    logs: LogEntry[]
    matches: ScanMatch[]
    /** Opaque snapshot; present only when asked (`wantState`) or after `stop`. */
    state?: unknown
    /** Set when a hook threw; intents of events handled before it are kept. */
    error?: PluginError
    /** `range` only: window events handled (fewer than asked when it stopped early). */
    handled?: number
    /**
     * `range` only: it stopped because the host must act before the next event (an order the SDK
     * did not fill, a bar where the host closes a position), even if it handled every event.
     */
    hostTurn?: boolean
    /** `range` with fill rules: the market orders' fills the SDK already reported to the plugin. */
    fills?: SpeculatedFill[]
    /** `range` with fill rules: orders the SDK reported refused as the host refuses them (MIS from 15:20). */
    refused?: string[]
  }
  export interface IntParamSpec {
    type: 'int'
    default: number
    min?: number
    max?: number
    label?: string
    description?: string
  }
  export interface NumberParamSpec {
    type: 'number'
    default: number
    min?: number
    max?: number
    label?: string
    description?: string
  }
  export interface EnumParamSpec<V extends string = string> {
    type: 'enum'
    values: readonly V[]
    default: V
    label?: string
    description?: string
  }
  export interface BoolParamSpec {
    type: 'bool'
    default: boolean
    label?: string
    description?: string
  }
  export type ParamSpec = IntParamSpec | NumberParamSpec | EnumParamSpec | BoolParamSpec
  export type PluginKind = 'strategy' | 'scanner'
  /** What the compiler extracts and stores with each version. */
  export interface PluginManifest {
    name: string
    /** Semantic version, e.g. `1.2.0`. */
    version: string
    kind: PluginKind
    description: string
    /** Symbols the plugin receives data for. */
    universe: string[]
    /** Candle intervals it receives. */
    timeframes: Timeframe[]
    /** True when it defines `onTick` (the host sends ticks only then). */
    ticks: boolean
    /** Bars kept per symbol and timeframe for `ctx.bars` and for seeding indicators. */
    history: number
    params: Record<string, ParamSpec>
  }
  export interface DescribeOutput {
    manifest: PluginManifest
    sdkVersion: string
  }
}
