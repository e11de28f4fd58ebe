// A finished backtest's equity curve and trades, read from the API's open JSON (the edge stores
// what the engine returns and types it as `unknown`): anything malformed is left out rather
// than breaking the report.

/** The equity curve as columns of equal length; `time` in epoch milliseconds. */
export interface Curve {
  time: number[]
  equity: number[]
  /** Fall from the running peak, ≤ 0 (−0.12 = 12 % below the peak). */
  drawdown: number[]
}

export type ExitReason = 'signal' | 'stop' | 'target' | 'square_off' | 'open'

/** One round trip of the trade log (core/src/backtest/types.ts `Trade`). */
export interface Trade {
  symbol: string
  direction: 'LONG' | 'SHORT'
  product: string
  qty: number
  entryTime: number
  entryPrice: number
  exitTime: number | null
  exitPrice: number | null
  grossPnl: number
  costs: number
  netPnl: number
  exitReason: string
}

const numbers = (v: unknown): number[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? v : null

/**
 * The stored curve (columns `{ time, equity, drawdown }`, or an array of such points), or an
 * empty one. A missing drawdown column is computed from the equity.
 *
 * @example readCurve({ time: [1, 2], equity: [100, 90] }).drawdown // [0, -0.1]
 */
export function readCurve(raw: unknown, capital?: number): Curve {
  let time: number[] | null = null
  let equity: number[] | null = null
  let drawdown: number[] | null = null
  if (Array.isArray(raw)) {
    const points = raw.filter(
      (p): p is { time: number; equity: number; drawdown?: unknown } =>
        !!p && typeof p === 'object' && typeof p.time === 'number' && typeof p.equity === 'number',
    )
    time = points.map((p) => p.time)
    equity = points.map((p) => p.equity)
    const dd = points.map((p) => p.drawdown)
    drawdown = numbers(dd)
  } else if (raw && typeof raw === 'object') {
    const c = raw as Record<string, unknown>
    time = numbers(c.time)
    equity = numbers(c.equity)
    drawdown = numbers(c.drawdown)
  }
  if (!time || !equity || time.length !== equity.length)
    return { time: [], equity: [], drawdown: [] }
  if (!drawdown || drawdown.length !== equity.length) drawdown = drawdownOf(equity, capital)
  return { time, equity, drawdown }
}

/** The fall from the running peak at each point; the peak starts at `capital` when given. */
export function drawdownOf(equity: readonly number[], capital?: number): number[] {
  let peak = capital ?? Number.NEGATIVE_INFINITY
  return equity.map((e) => {
    peak = Math.max(peak, e)
    return peak > 0 ? e / peak - 1 : 0
  })
}

/** Candles of one traded series, as the engine stores them (`time` = each candle's open, ms). */
export interface PriceSeries {
  symbol: string
  timeframe: string
  time: number[]
  open: number[]
  high: number[]
  low: number[]
  close: number[]
}

/**
 * The result's `prices`: the series whose columns are all there and of one length. Runs
 * stored before prices were have none.
 *
 * @example readPrices(undefined) // []
 */
export function readPrices(raw: unknown): PriceSeries[] {
  if (!Array.isArray(raw)) return []
  const out: PriceSeries[] = []
  for (const item of raw) {
    if (!item || typeof item !== 'object') continue
    const p = item as Record<string, unknown>
    const [time, open, high, low, close] = [p.time, p.open, p.high, p.low, p.close].map(numbers)
    if (typeof p.symbol !== 'string' || !time || !open || !high || !low || !close) continue
    if (![open, high, low, close].every((c) => c.length === time.length)) continue
    out.push({ symbol: p.symbol, timeframe: text(p.timeframe), time, open, high, low, close })
  }
  return out
}

/** The benchmark's buy-and-hold line, in rupees of the run's capital. */
export interface BenchmarkLine {
  name: string
  time: number[]
  equity: number[]
}

/** The result's `benchmarkCurve`, or null (none stored, or malformed). */
export function readBenchmarkLine(raw: unknown): BenchmarkLine | null {
  if (!raw || typeof raw !== 'object') return null
  const b = raw as Record<string, unknown>
  const time = numbers(b.time)
  const equity = numbers(b.equity)
  if (!time || !equity || time.length !== equity.length || time.length === 0) return null
  return { name: text(b.name) || 'Benchmark', time, equity }
}

const text = (v: unknown) => (typeof v === 'string' ? v : '')

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** The trades of a page of the log that have what the table needs; others are skipped. */
export function readTrades(items: readonly unknown[]): Trade[] {
  const out: Trade[] = []
  for (const item of items) {
    if (!item || typeof item !== 'object') continue
    const t = item as Record<string, unknown>
    const entryTime = num(t.entryTime)
    const entryPrice = num(t.entryPrice)
    if (typeof t.symbol !== 'string' || entryTime === null || entryPrice === null) continue
    out.push({
      symbol: t.symbol,
      direction: t.direction === 'SHORT' ? 'SHORT' : 'LONG',
      product: typeof t.product === 'string' ? t.product : '',
      qty: num(t.qty) ?? 0,
      entryTime,
      entryPrice,
      exitTime: num(t.exitTime),
      exitPrice: num(t.exitPrice),
      grossPnl: num(t.grossPnl) ?? 0,
      costs: num(t.costs) ?? 0,
      netPnl: num(t.netPnl) ?? 0,
      exitReason: typeof t.exitReason === 'string' ? t.exitReason : '',
    })
  }
  return out
}

export const EXIT_REASON_LABEL: Record<string, string> = {
  signal: 'Signal',
  stop: 'Stop-loss',
  target: 'Target',
  square_off: 'MIS square-off',
  open: 'Still open',
}
