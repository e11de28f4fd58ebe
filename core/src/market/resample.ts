import { allocColumns, barsToColumns, columnsToBars, trimColumns } from './columns.ts'
import { formatIst, istDayStart } from './time.ts'
import { type Bar, type BarColumns, TIMEFRAME_MS, type Timeframe } from './types.ts'

/** NSE's normal session opens at 09:15 IST; intraday candles are aligned to it. */
export const SESSION_OPEN_MS = (9 * 60 + 15) * 60_000

/**
 * Returns the start (epoch ms) of the `timeframe` candle that contains `ts`. Intraday
 * candles are counted from 09:15 IST of the bar's IST day, so 5m candles start at 09:15,
 * 09:20, … and 15m candles at 09:15, 09:30, …, also in special sessions (11:30, 18:15 fall
 * on the same grid). A daily candle starts at 00:00 IST, like the bundled daily files.
 *
 * @example bucketStart(Date.parse('2024-01-01T09:19:00+05:30'), '5m') // 09:15 that day
 */
export function bucketStart(ts: number, timeframe: Timeframe): number {
  const day = istDayStart(ts)
  if (timeframe === '1d') return day
  const len = TIMEFRAME_MS[timeframe]
  const open = day + SESSION_OPEN_MS
  return open + Math.floor((ts - open) / len) * len
}

/**
 * Builds `timeframe` candles from time-ordered 1-minute columns: open of the first bar,
 * highest high, lowest low, close of the last bar, summed volume, stamped with the candle's
 * start (see `bucketStart`). Only candles that contain at least one source bar exist: a
 * minute missing from the data stays missing and a gap yields no candle, so nothing is
 * fabricated. Input that is not strictly time-ordered throws.
 *
 * @example resampleColumns(parseBarColumns(text), '15m').close
 */
export function resampleColumns(src: BarColumns, timeframe: Timeframe): BarColumns {
  const out = allocColumns(src.length)
  let current = Number.NaN
  let j = -1
  for (let i = 0; i < src.length; i++) {
    const ts = src.ts[i]!
    if (i > 0 && ts <= src.ts[i - 1]!) {
      throw new Error(`resample: bar ${i} (${formatIst(ts)}) is not after the previous bar`)
    }
    const start = bucketStart(ts, timeframe)
    if (start !== current) {
      current = start
      j = out.length++
      out.ts[j] = start
      out.open[j] = src.open[i]!
      out.high[j] = src.high[i]!
      out.low[j] = src.low[i]!
      out.volume[j] = 0
    } else {
      if (src.high[i]! > out.high[j]!) out.high[j] = src.high[i]!
      if (src.low[i]! < out.low[j]!) out.low[j] = src.low[i]!
    }
    out.close[j] = src.close[i]!
    out.volume[j] = out.volume[j]! + src.volume[i]!
  }
  return trimColumns(out, out.length)
}

/**
 * Bar-object form of `resampleColumns`, with the same rules.
 *
 * @example resample(bars, '5m')[0] // first 5-minute candle of the first day
 */
export function resample(bars: readonly Bar[], timeframe: Timeframe): Bar[] {
  return columnsToBars(resampleColumns(barsToColumns(bars), timeframe))
}
