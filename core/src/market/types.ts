import type { FeedClock } from './clock.ts'

/** Candle intervals the platform understands; only 1m and 1d exist as bundled files. */
export type Timeframe = '1m' | '5m' | '15m' | '1d'

/** Length of each timeframe in milliseconds. */
export const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1d': 86_400_000,
}

/** One OHLCV candle. Prices in INR; `volume` in shares (always 0 for an index). */
export interface Bar {
  /** Epoch ms of the bar's start (a daily bar starts at 00:00 IST of its trading date). */
  ts: number
  open: number
  high: number
  low: number
  close: number
  volume: number
}

/**
 * The same candles as parallel typed arrays, index i of each array being one bar. A
 * backtester scanning hundreds of thousands of bars reads these without allocating an
 * object per bar.
 */
export interface BarColumns {
  length: number
  ts: Float64Array
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
  volume: Float64Array
}

/** One market update for one instrument. Optional fields are absent when the feed lacks them. */
export interface Tick {
  symbol: string
  /** Epoch ms when the update was received (the bundled file has no exchange time). */
  ts: number
  /** Last traded price. */
  price: number
  /** Cumulative volume traded today. */
  volume?: number
  lastQty?: number
  oi?: number
  bid?: number
  bidQty?: number
  ask?: number
  askQty?: number
  totalBuyQty?: number
  totalSellQty?: number
}

export type Segment = 'INDICES' | 'EQ' | 'FUT'

/** A tradable (or, for indices, watchable) NSE instrument. */
export interface Instrument {
  /** NSE trading symbol as used in file names, e.g. `M&M`, `BAJAJ-AUTO`, `TCS25NOVFUT`. */
  symbol: string
  exchange: 'NSE'
  segment: Segment
  /** Human name, e.g. `NIFTY 50` for the index whose symbol here is `NIFTY50`. */
  name: string
  /** Contract size of a futures lot. */
  lotSize?: number
  /** Futures expiry date, `YYYY-MM-DD` (IST). */
  expiry?: string
}

// Replay feed (see replay-feed.ts).

export type FeedEvent =
  | { type: 'bar'; symbol: string; timeframe: '1m'; bar: Bar }
  | { type: 'tick'; tick: Tick }
export type FeedListener = (event: FeedEvent) => void
export type FeedState = 'running' | 'paused' | 'stopped'
export type FeedSpeed = number | 'max'

/** 1-minute bars of one symbol, or ticks of any symbols; either in time order. */
export type ReplaySource = { symbol: string; bars: readonly Bar[] } | { ticks: readonly Tick[] }

export interface ReplayOptions {
  sources: readonly ReplaySource[]
  /** Market ms per wall ms: 60 plays a market minute per second; Infinity or 'max' no pacing. */
  speed: FeedSpeed
  /** Start again from the first event when the data runs out (times jump back). Default true. */
  loop?: boolean
  /** Market-time gaps longer than this (nights, holidays, breaks) are skipped. Default 15 min. */
  maxGapMs?: number
  /** Most events emitted per turn of the event loop. Default 500. */
  batchSize?: number
  /** Wall clock and timers; tests inject a fake one. Default systemClock. */
  clock?: FeedClock
}

export interface FeedStatus {
  state: FeedState
  speed: FeedSpeed
  symbols: string[]
  /** Events emitted since creation, across loops and restarts. */
  events: number
  loops: number
  /** Listener calls that threw; the feed keeps going. */
  errors: number
  lastError: string | null
  /** Wall-clock ms of the last emitted event. */
  lastEventAt: number | null
  /** The replayed market time (epoch ms); null before the first start. */
  marketTime: number | null
  /** How late, in wall ms, the next event is against its schedule; grows if the feed stalls. */
  lagMs: number
}

export interface ReplayFeed {
  /** Starts from the first event; no-op unless stopped. */
  start(): void
  /** Freezes market time; no-op unless running. */
  pause(): void
  /** Continues from the frozen market time, without catching up on the pause. */
  resume(): void
  /** Stops and rewinds; a later start() begins again from the first event. */
  stop(): void
  /** Changes pace from the current market time on. */
  setSpeed(speed: FeedSpeed): void
  /** Adds a listener; returns a function that removes it. */
  subscribe(listener: FeedListener): () => void
  status(): FeedStatus
}
