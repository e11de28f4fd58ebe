/**
 * Plain data types of the plugin protocol, shared by the SDK (inside the sandbox), the host
 * and the editor's declarations. Types only, no imports: this file is part of `@vm-algo/sdk`'s
 * declarations. `protocol.ts` adds the host's schemas.
 */

// ---------------------------------------------------------------------------------------------
// Market data and events

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

// ---------------------------------------------------------------------------------------------
// Inputs (host → plugin)

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
  slippage: { bps: number } | { ticks: number }
  /**
   * Per series of the window: null when orders do not fill on its bars; else the symbol's tick
   * and lot, the products a market order of whole lots may use, and the offset from a bar's
   * `ts` to its open (daily bars open at 09:15 IST).
   */
  exec: ({ tick: number; lot: number; products: Product[]; openOffset: number } | null)[]
  /** Margin per ₹ of position, by product (MIS, NRML). */
  marginRate: { MIS: number; NRML: number }
  /** An upper bound of one order's charges: `rate` × value + `fixed`. */
  chargeBound: { rate: number; fixed: number }
  /** The reason of the host's update refusing an MIS order placed from 15:20 IST. */
  misCutoffReason: string
}

/** The account a `range` starts from, for fills the SDK reports ahead of the host. */
export interface RangeAccount {
  cash: number
  /** Product and last price of each open position. */
  open: Record<string, { product: Product; last: number }>
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
  limits?: { intents: number; logs: number }
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

// ---------------------------------------------------------------------------------------------
// Outputs (plugin → host)

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

// ---------------------------------------------------------------------------------------------
// Manifest

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
