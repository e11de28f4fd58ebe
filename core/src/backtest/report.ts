import { formatIst } from '../market/time.ts'
import type { BacktestResult, Trade } from './types.ts'

/** A curve small enough to store with the run and chart. */
export interface StoredCurve {
  time: number[]
  equity: number[]
  drawdown: number[]
}

/**
 * Shrinks the per-event curves to at most `maxPoints` points for storage: events are taken in
 * equal buckets; each point is the bucket's last time and equity and its **deepest** drawdown,
 * so the drawdown chart keeps its troughs. Curves already small enough are copied as they are.
 *
 * @example downsampleCurve(result, 2000).equity.length // ≤ 2000
 */
export function downsampleCurve(
  result: Pick<BacktestResult, 'curve'>,
  maxPoints = 2000,
): StoredCurve {
  if (!(Number.isInteger(maxPoints) && maxPoints > 0))
    throw new RangeError('maxPoints must be a positive integer')
  const { time, equity, drawdown } = result.curve
  const n = equity.length
  const step = Math.max(1, Math.ceil(n / maxPoints))
  const out: StoredCurve = { time: [], equity: [], drawdown: [] }
  for (let start = 0; start < n; start += step) {
    const end = Math.min(n, start + step)
    let deepest = 0
    for (let k = start; k < end; k++) deepest = Math.min(deepest, drawdown[k]!)
    out.time.push(time[end - 1]!)
    out.equity.push(equity[end - 1]!)
    out.drawdown.push(deepest)
  }
  return out
}

const TRADE_HEADER =
  'symbol,direction,product,qty,entry_time,entry_price,exit_time,exit_price,gross_pnl,costs,net_pnl,exit_reason'

/**
 * The trade log as CSV (times in IST, ISO 8601 with +05:30; money to the paisa). Open trades
 * have empty exit fields.
 *
 * @example writeFile('trades.csv', tradesCsv(result.trades))
 */
export function tradesCsv(trades: readonly Trade[]): string {
  const money = (x: number) => x.toFixed(2)
  const price = (x: number | null) => (x === null ? '' : String(Math.round(x * 10_000) / 10_000))
  const lines = trades.map((t) =>
    [
      csvField(t.symbol),
      t.direction,
      t.product,
      t.qty,
      formatIst(t.entryTime),
      price(t.entryPrice),
      t.exitTime === null ? '' : formatIst(t.exitTime),
      price(t.exitPrice),
      money(t.grossPnl),
      money(t.costs),
      money(t.netPnl),
      t.exitReason,
    ].join(','),
  )
  return `${[TRADE_HEADER, ...lines].join('\n')}\n`
}

// NSE symbols may hold '&' and '-' (M&M, BAJAJ-AUTO); quote anything CSV-special anyway.
function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}
