import type { OrderIntent, OrderUpdate, Product, Side } from '@vm-algo/plugins'
import type { BarColumns, Timeframe } from '../market/types.ts'
import type { ChargeSchedule, Charges } from './costs.ts'
import type { Slippage } from './fills.ts'
import type { InstrumentSpec, PositionSize } from './market-rules.ts'

export type { OrderIntent, OrderUpdate, Product, Side }

// ---------------------------------------------------------------------------------------------
// Inputs

/** One bar series the backtest reads: a symbol at a timeframe, as typed-array columns. */
export interface FeedInput {
  symbol: string
  timeframe: Timeframe
  bars: BarColumns
  /** Segment, lot and tick size; default from the bundled catalog (unknown symbols: equity). */
  instrument?: Partial<Omit<InstrumentSpec, 'symbol'>>
}

/** A feed as the strategy sees it. Index `row` of the columns is one bar. */
export interface FeedView extends BarColumns {
  symbol: string
  timeframe: Timeframe
}

/**
 * Every bar of every feed merged in the order they close: event k is bar `row[k]` of feed
 * `feed[k]`, complete at `time[k]` (epoch ms). A one-feed timeline is that feed's bars.
 */
export interface TimelineView {
  length: number
  feed: Int32Array
  row: Int32Array
  time: Float64Array
}

export interface StrategySetup {
  params: Readonly<Record<string, unknown>>
  seed: number
  capital: number
  feeds: readonly FeedView[]
  timeline: TimelineView
  /** How the host fills market orders: for a strategy that reports fills ahead of it (the sandbox). */
  fills: FillRules
}

/**
 * The host's market-order rules, for a strategy that tells its plugin of fills at once (the
 * sandbox adapter); the engine checks every such fill against its own (`BlockOutput.speculated`).
 */
export interface FillRules {
  slippage: { bps: number } | { ticks: number }
  /** Margin per ₹ of position for MIS and NRML (CNC pays in full). */
  marginRate: { MIS: number; NRML: number }
  /** One order's charges are at most `rate` × value + `fixed`. */
  chargeBound: { rate: number; fixed: number }
  /** The reason of the update refusing an MIS order placed from 15:20 IST. */
  misCutoffReason: string
  /**
   * Per feed: null unless orders of its symbol fill on it; else tick, lot, the products a
   * market order may use, the offset from a bar's `ts` to its open, and per row its flags
   * (timeline.ts: LAST_OF_DAY, AT_CUTOFF).
   */
  feeds: readonly ({
    tick: number
    lot: number
    products: Product[]
    openOffset: number
    flags: Uint8Array
  } | null)[]
}

/** What the host tells the strategy at the start of each block; the host's ledger is the truth. */
export interface AccountState {
  /** Close time of the last event the host has simulated (start of the data before the first). */
  now: number
  cash: number
  equity: number
  /** Open positions by symbol (`qty` < 0 when short). */
  positions: Record<string, { qty: number; avgPrice: number; product: Product; last: number }>
  /** Order changes since the previous block: fills, cancellations, rejections. */
  orderUpdates: OrderUpdate[]
  /** Client order ids still working. */
  openOrders: string[]
}

export interface BlockInput {
  /** Timeline events [from, to) are this block's; the strategy handles them in order. */
  from: number
  to: number
  state: AccountState
}

/** An intent, stamped with the timeline event during which the strategy emitted it. */
export interface TimedIntent {
  at: number
  intent: OrderIntent
  /** Size the order at fill time instead of `qty` (a host extension; see README). */
  size?: PositionSize
  /**
   * Guard: the position in the intent's symbol the strategy believed it had. When the host's
   * differs (a stop or square-off closed it meanwhile), the intent is rejected as stale.
   */
  expectQty?: number
}

export interface BlockOutput {
  intents: readonly TimedIntent[]
  /**
   * Events handled, from `from`; fewer than the block ends it early so the next block starts
   * with fresh state (e.g. right after an intent). Default: the whole block.
   */
  consumed?: number
  /**
   * Market orders' fills (and MIS square-offs) the strategy already reported to its plugin, in
   * order, each `at` the timeline event of the fill's bar. The engine books its own and fails the run when they differ.
   */
  speculated?: readonly SpeculatedFill[]
  /** Orders the strategy already told its plugin the host refused (MIS from 15:20). */
  refused?: readonly string[]
}

import type { SpeculatedFill } from '@vm-algo/plugins'

export type { SpeculatedFill }

/**
 * A strategy as the host drives it: one call per block of events, so a sandboxed plugin
 * crosses the isolate boundary once per block and runs the bar loop inside. Either method may
 * return a promise (the async runner awaits it).
 */
export interface BatchStrategy {
  init(setup: StrategySetup): void | Promise<void>
  onBlock(block: BlockInput): BlockOutput | Promise<BlockOutput>
  /**
   * The strategy tells its plugin of fills and square-offs itself (`BlockOutput.speculated`)
   * and stops where only the host can act, so its blocks need not end at each IST day.
   */
  readonly fillsAhead?: boolean
}

export interface BacktestConfig {
  feeds: readonly FeedInput[]
  strategy: BatchStrategy
  /** Starting cash in ₹. */
  capital: number
  params?: Readonly<Record<string, unknown>>
  /** Passed to the strategy; the host itself uses no randomness. Default 1. */
  seed?: number
  /** Charge schedule; default Zerodha on NSE. `null` turns costs off. */
  charges?: ChargeSchedule | null
  /** Adverse slippage on market and stop fills; default one tick. */
  slippage?: Slippage
  /** Fraction of notional blocked as margin, by product; default MIS 0.2, NRML 0.2 (CNC is 1). */
  margin?: { MIS?: number; NRML?: number }
  /** Most events per block (default 16,384); blocks also end at each IST day when any feed is intraday. */
  blockSize?: number
}

export interface RunOptions {
  /** Called after each block with the fraction done (0..1]. */
  onProgress?: (fraction: number) => void
  /** Checked between blocks; an aborted run throws BacktestAbortedError. */
  signal?: AbortSignal
}

// ---------------------------------------------------------------------------------------------
// Results

export type FillReason = 'order' | 'stop' | 'target' | 'square_off'
export type ExitReason = 'signal' | 'stop' | 'target' | 'square_off' | 'open'

export type RejectReason =
  | 'invalid'
  | 'bad_timing'
  | 'unknown_symbol'
  | 'duplicate_id'
  | 'unknown_order'
  | 'bad_product'
  | 'lot_size'
  | 'tick_size'
  | 'mis_cutoff'
  | 'mis_needs_intraday'
  | 'product_mismatch'
  | 'stale_state'
  | 'insufficient_funds'
  | 'insufficient_margin'
  | 'no_short_delivery'
  | 'size_zero'

export interface Fill {
  seq: number
  /** The strategy's id, or `auto-<n>` for exits the host placed (stops, targets, square-offs). */
  clientOrderId: string
  symbol: string
  side: Side
  qty: number
  price: number
  product: Product
  /** Open time of the bar it filled in (its close time for a square-off at the close). */
  time: number
  /** Timeline event of that bar, and of the event during which the order was emitted. */
  at: number
  emittedAt: number
  reason: FillReason
  charges: Charges
}

/** A round trip: from flat to flat (a reversal closes one trade and opens the next). */
export interface Trade {
  symbol: string
  direction: 'LONG' | 'SHORT'
  product: Product
  /** Largest absolute position during the trade. */
  qty: number
  entryTime: number
  entryPrice: number
  exitTime: number | null
  exitPrice: number | null
  entryAt: number
  exitAt: number | null
  /** Price P&L of the closed quantity, before charges. */
  grossPnl: number
  /** Charges of the fills (a reversing fill's split by quantity). */
  costs: number
  netPnl: number
  exitReason: ExitReason
}

export interface Rejection {
  at: number
  time: number
  clientOrderId: string
  reason: RejectReason
  message: string
}

export interface BacktestResult {
  capital: number
  /** Timeline events simulated. */
  events: number
  cash: number
  equity: number
  positions: Record<string, { qty: number; avgPrice: number; product: Product; lastPrice: number }>
  /**
   * Equity after each event (marked to its close) and the drawdown from the running peak
   * (≤ 0; the peak starts at the capital), computed when first read.
   */
  curve: { time: Float64Array; equity: Float64Array; readonly drawdown: Float64Array }
  /** Last equity of each IST trading day (`day` = 00:00 IST). */
  daily: { day: Float64Array; equity: Float64Array }
  fills: Fill[]
  trades: Trade[]
  rejections: Rejection[]
  /** Sum of every fill's charges, line by line. */
  charges: Charges
  realizedPnl: number
  unrealizedPnl: number
  /** Fraction of events with an open position. */
  exposure: number
}
