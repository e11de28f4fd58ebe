import type { Curve, PriceSeries, Trade } from './backtest-result.ts'

// The report's charts as data: what lightweight-charts draws (lib/lightweight.ts), shaped here
// as pure functions so the shaping is tested without a browser.

/** Seconds on the chart's axis. lightweight-charts labels times as UTC. */
export type ChartTime = number

export interface ChartPoint {
  time: ChartTime
  value: number
}

/** One candle of a price chart. */
export interface Candle {
  time: ChartTime
  open: number
  high: number
  low: number
  close: number
}

/** An arrow against the bar (on a curve), or pointing at `price` (on candles). */
export type ChartMarker = {
  time: ChartTime
  shape: 'arrowUp' | 'arrowDown'
  color: string
  text: string
} & (
  | { position: 'aboveBar' | 'belowBar' }
  | { position: 'atPriceTop' | 'atPriceBottom'; price: number }
)

interface SeriesBase {
  title: string
  color: string
  /** How the price scale and crosshair label values. */
  format: 'rupees' | 'percent' | 'price'
  markers?: ChartMarker[]
}

export type ChartSeries =
  | (SeriesBase & { kind: 'line' | 'area'; data: ChartPoint[] })
  | (SeriesBase & { kind: 'candles'; data: Candle[] })

export const COLORS = {
  strategy: '#1f4fd1',
  other: '#b45309',
  drawdown: '#b42318',
  buy: '#137a3a',
  sell: '#b42318',
  price: '#5b6472',
} as const

const IST_OFFSET_MS = 330 * 60_000

/**
 * Epoch ms as the chart's time. The chart labels its axis in UTC, so times are moved by IST's
 * offset to read as the exchange's wall clock (09:15 is 09:15).
 *
 * @example chartTime(Date.UTC(2024, 0, 1, 3, 45)) // 1704102300 (09:15 on the axis)
 */
export const chartTime = (ms: number): ChartTime => Math.floor((ms + IST_OFFSET_MS) / 1000)

/**
 * Points the chart accepts: strictly increasing times (a later value at the same second
 * replaces an earlier one, as several symbols' bars may close together) and finite values.
 */
export function toPoints(time: readonly number[], values: readonly number[]): ChartPoint[] {
  const out: ChartPoint[] = []
  for (let i = 0; i < Math.min(time.length, values.length); i++) {
    const value = values[i]!
    if (!Number.isFinite(value) || !Number.isFinite(time[i]!)) continue
    const t = chartTime(time[i]!)
    const last = out[out.length - 1]
    if (last && t < last.time) continue
    if (last && t === last.time) last.value = value
    else out.push({ time: t, value })
  }
  return out
}

/**
 * A stored price series as candles the chart accepts: strictly increasing times (a candle at
 * an earlier or equal second is dropped) and finite prices.
 */
export function candlePoints(prices: PriceSeries): Candle[] {
  const out: Candle[] = []
  for (let i = 0; i < prices.time.length; i++) {
    const time = chartTime(prices.time[i]!)
    const candle = {
      time,
      open: prices.open[i]!,
      high: prices.high[i]!,
      low: prices.low[i]!,
      close: prices.close[i]!,
    }
    if (![time, candle.open, candle.high, candle.low, candle.close].every(Number.isFinite)) continue
    if (out.length > 0 && time <= out[out.length - 1]!.time) continue
    out.push(candle)
  }
  return out
}

/** The equity curve in rupees. */
export const equityPoints = (curve: Curve): ChartPoint[] => toPoints(curve.time, curve.equity)

/** The drawdown in percent below the running peak (−12.5 = 12.5 % below). */
export const drawdownPoints = (curve: Curve): ChartPoint[] =>
  toPoints(
    curve.time,
    curve.drawdown.map((d) => round(d * 100)),
  )

/**
 * Return on the starting capital in percent, so runs with different capital compare.
 *
 * @example returnPoints({ time: [0], equity: [1_100_000], drawdown: [0] }, 1_000_000)[0].value // 10
 */
export function returnPoints(curve: Curve, capital: number): ChartPoint[] {
  if (!(capital > 0)) return []
  return toPoints(
    curve.time,
    curve.equity.map((e) => round((e / capital - 1) * 100)),
  )
}

const round = (x: number) => Math.round(x * 10_000) / 10_000

/** Past this many arrows, their words would cover the curve: the colours and arrows say it. */
export const MARKER_TEXT_LIMIT = 40

/**
 * Buy and sell arrows for the trades, on the series whose points are `points` (a marker must
 * sit on a point of its series, and stored series are thinned). On a curve (`on: 'curve'`)
 * each fill goes on the first point at or after it, beside the line; on candles, on the
 * candle that holds it (the last one starting at or before it), pointing at the fill's price.
 * Long trades buy to enter and sell to exit; short ones the reverse. Arrows name the symbol
 * when the trades are of several.
 */
export function tradeMarkers(
  trades: readonly Trade[],
  points: readonly { time: ChartTime }[],
  on: 'curve' | 'candles' = 'curve',
): ChartMarker[] {
  if (points.length === 0) return []
  const times = points.map((p) => p.time)
  const several = new Set(trades.map((t) => t.symbol)).size > 1
  const snap = (ms: number) => {
    const t = chartTime(ms)
    const i = firstAtOrAfter(times, t)
    if (on === 'curve') return times[i] ?? times[times.length - 1]!
    return times[i] === t ? t : times[Math.max(0, i - 1)]!
  }
  const marker = (ms: number, price: number, side: 'buy' | 'sell', t: Trade): ChartMarker => {
    const arrow = {
      time: snap(ms),
      shape: side === 'buy' ? ('arrowUp' as const) : ('arrowDown' as const),
      color: side === 'buy' ? COLORS.buy : COLORS.sell,
      text: `${side === 'buy' ? 'Buy' : 'Sell'}${several ? ` ${t.symbol}` : ''}`,
    }
    // A buy's arrow points up at its price from below (the chart's `atPriceBottom`: under
    // the price); a sell's down from above.
    return on === 'curve'
      ? { ...arrow, position: side === 'buy' ? 'belowBar' : 'aboveBar' }
      : { ...arrow, position: side === 'buy' ? 'atPriceBottom' : 'atPriceTop', price }
  }
  const out: ChartMarker[] = []
  for (const t of trades) {
    const long = t.direction === 'LONG'
    out.push(marker(t.entryTime, t.entryPrice, long ? 'buy' : 'sell', t))
    // A curve needs only the time; candles point at the price.
    if (t.exitTime !== null && (on === 'curve' || t.exitPrice !== null))
      out.push(marker(t.exitTime, t.exitPrice ?? Number.NaN, long ? 'sell' : 'buy', t))
  }
  if (out.length > MARKER_TEXT_LIMIT) for (const m of out) m.text = ''
  return out.sort((a, b) => a.time - b.time)
}

function firstAtOrAfter(sorted: readonly number[], t: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! < t) lo = mid + 1
    else hi = mid
  }
  return lo
}
