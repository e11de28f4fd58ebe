import { istDayStart } from '../market/time.ts'
import { TIMEFRAME_MS } from '../market/types.ts'
import { BacktestConfigError } from './errors.ts'
import { barCloseTime, MIS_SQUARE_OFF, SESSION_CLOSE, SESSION_OPEN } from './market-rules.ts'
import type { FeedInput, TimelineView } from './types.ts'

/** The merged event order plus where each IST day starts. */
export interface Timeline extends TimelineView {
  /** Index of the first event of each IST day, and `length` at the end. */
  dayStarts: Int32Array
}

/** 00:00 IST of the day event k belongs to (a bar closing at midnight counts to the day before). */
export function eventDay(timeline: TimelineView, k: number): number {
  return istDayStart(timeline.time[k]! - 1)
}

/** Per-bar flags of an execution feed (the feed orders of its symbol fill on). */
export const LAST_OF_DAY = 1
export const AT_CUTOFF = 2

const DAY_MS = 86_400_000

/**
 * Checks each feed's bars are strictly time-ordered, finite and consistent (low ≤ open, close
 * ≤ high), and merges them into one timeline ordered by the time each bar closes; ties keep
 * the feeds' order. One feed is used as is.
 */
export function buildTimeline(feeds: readonly FeedInput[]): Timeline {
  feeds.forEach(checkFeed)
  const total = feeds.reduce((n, f) => n + f.bars.length, 0)
  const feed = new Int32Array(total)
  const row = new Int32Array(total)
  const time = new Float64Array(total)
  if (feeds.length === 1) {
    const { bars, timeframe } = feeds[0]!
    const len = timeframe === '1d' ? SESSION_CLOSE : TIMEFRAME_MS[timeframe]
    for (let k = 0; k < total; k++) {
      row[k] = k
      time[k] = bars.ts[k]! + len
    }
  } else {
    mergeFeeds(feeds, feed, row, time)
  }
  const starts: number[] = []
  let dayEnd = Number.NEGATIVE_INFINITY
  for (let k = 0; k < total; k++) {
    const t = time[k]! - 1
    if (t >= dayEnd) {
      dayEnd = istDayStart(t) + DAY_MS
      starts.push(k)
    }
  }
  starts.push(total)
  return { length: total, feed, row, time, dayStarts: Int32Array.from(starts) }
}

function mergeFeeds(
  feeds: readonly FeedInput[],
  feed: Int32Array,
  row: Int32Array,
  time: Float64Array,
) {
  const next = new Int32Array(feeds.length)
  for (let k = 0; k < feed.length; k++) {
    let best = -1
    let bestTime = Number.POSITIVE_INFINITY
    for (let f = 0; f < feeds.length; f++) {
      const { bars, timeframe } = feeds[f]!
      if (next[f]! >= bars.length) continue
      const t = barCloseTime(bars.ts[next[f]!]!, timeframe)
      if (t < bestTime) {
        best = f
        bestTime = t
      }
    }
    feed[k] = best
    row[k] = next[best]!++
    time[k] = bestTime
  }
}

/**
 * Flags each bar of an execution feed: LAST_OF_DAY for the last bar of its IST day, AT_CUTOFF
 * for bars opening at or after 15:20 IST (MIS square-off time). Daily bars get LAST_OF_DAY.
 */
export function executionFlags(input: FeedInput): Uint8Array {
  const { bars, timeframe } = input
  const n = bars.length
  const flags = new Uint8Array(n)
  const intraday = timeframe !== '1d'
  const shift = intraday ? 0 : SESSION_OPEN
  let dayStart = Number.NaN
  let dayEnd = Number.NEGATIVE_INFINITY
  for (let r = n - 1, nextDay = Number.NaN; r >= 0; r--) {
    const open = bars.ts[r]! + shift
    if (!(open >= dayStart && open < dayEnd)) {
      dayStart = istDayStart(open)
      dayEnd = dayStart + DAY_MS
    }
    let f = dayStart !== nextDay ? LAST_OF_DAY : 0
    if (intraday && open - dayStart >= MIS_SQUARE_OFF) f |= AT_CUTOFF
    flags[r] = f
    nextDay = dayStart
  }
  return flags
}

function checkFeed(input: FeedInput, f: number): void {
  const field = `feeds[${f}]`
  const { bars, timeframe, symbol } = input
  // The protocol's symbol alphabet; positions are reported in objects keyed by symbol.
  if (
    typeof symbol !== 'string' ||
    !/^[A-Za-z0-9&_.:-]{1,40}$/.test(symbol) ||
    symbol === '__proto__'
  ) {
    throw new BacktestConfigError(`${field}.symbol`, 'must be 1-40 letters, digits or & _ . : -')
  }
  if (!(timeframe in TIMEFRAME_MS)) {
    throw new BacktestConfigError(`${field}.timeframe`, `unknown timeframe "${String(timeframe)}"`)
  }
  const n = bars?.length
  if (!Number.isInteger(n) || n < 0) throw new BacktestConfigError(`${field}.bars`, 'no length')
  for (const k of ['ts', 'open', 'high', 'low', 'close'] as const) {
    if (!(bars[k] instanceof Float64Array) || bars[k].length < n) {
      throw new BacktestConfigError(`${field}.bars.${k}`, `must be a Float64Array of ${n} values`)
    }
  }
  for (let r = 0; r < n; r++) {
    const o = bars.open[r]!
    const h = bars.high[r]!
    const l = bars.low[r]!
    const c = bars.close[r]!
    const ts = bars.ts[r]!
    if (!Number.isFinite(ts) || (r > 0 && ts <= bars.ts[r - 1]!)) {
      throw new BacktestConfigError(
        `${field}.bars`,
        `bar ${r} of ${symbol} is not after the previous bar`,
      )
    }
    if (!(l > 0 && l <= o && l <= c && h >= o && h >= c && Number.isFinite(h))) {
      throw new BacktestConfigError(`${field}.bars`, `bar ${r} of ${symbol} has inconsistent OHLC`)
    }
  }
}
