import type { Curve, Trade } from './backtest-result.ts'

// The report's charts as data: what lightweight-charts draws (lib/lightweight.ts), shaped here
// as pure functions so the shaping is tested without a browser.

/** Seconds on the chart's axis. lightweight-charts labels times as UTC. */
export type ChartTime = number

export interface ChartPoint {
  time: ChartTime
  value: number
}

export interface ChartMarker {
  time: ChartTime
  position: 'aboveBar' | 'belowBar'
  shape: 'arrowUp' | 'arrowDown'
  color: string
  text: string
}

export interface ChartSeries {
  title: string
  kind: 'line' | 'area'
  color: string
  data: ChartPoint[]
  /** How the price scale and crosshair label values. */
  format: 'rupees' | 'percent'
  markers?: ChartMarker[]
}

export const COLORS = {
  strategy: '#1f4fd1',
  other: '#b45309',
  drawdown: '#b42318',
  buy: '#137a3a',
  sell: '#b42318',
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
 * Buy and sell arrows for the trades, on the series whose points are `points`: each fill is
 * put on the first point at or after it (the curve is thinned, and a marker must sit on a
 * point of its series). Long trades buy to enter and sell to exit; short ones the reverse.
 * Arrows name the symbol when the run traded several.
 */
export function tradeMarkers(
  trades: readonly Trade[],
  points: readonly ChartPoint[],
): ChartMarker[] {
  if (points.length === 0) return []
  const times = points.map((p) => p.time)
  const several = new Set(trades.map((t) => t.symbol)).size > 1
  const snap = (ms: number) =>
    times[firstAtOrAfter(times, chartTime(ms))] ?? times[times.length - 1]!
  const marker = (ms: number, side: 'buy' | 'sell', t: Trade): ChartMarker => ({
    time: snap(ms),
    position: side === 'buy' ? 'belowBar' : 'aboveBar',
    shape: side === 'buy' ? 'arrowUp' : 'arrowDown',
    color: side === 'buy' ? COLORS.buy : COLORS.sell,
    text: `${side === 'buy' ? 'Buy' : 'Sell'}${several ? ` ${t.symbol}` : ''}`,
  })
  const out: ChartMarker[] = []
  for (const t of trades) {
    const long = t.direction === 'LONG'
    out.push(marker(t.entryTime, long ? 'buy' : 'sell', t))
    if (t.exitTime !== null) out.push(marker(t.exitTime, long ? 'sell' : 'buy', t))
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
