/**
 * Helpers for the backtester's tests: hand-written bars and a strategy that emits a fixed
 * list of intents. Not used by the engine itself.
 */
import type { PlaceIntent } from '@vm-algo/plugins'
import { barsToColumns } from '../market/columns.ts'
import type { BarColumns } from '../market/types.ts'
import type { AccountState, BatchStrategy, TimedIntent } from './types.ts'

/** Epoch ms of an IST wall time, e.g. `ist('2024-01-01T09:15')`. */
export function ist(local: string): number {
  return Date.parse(`${local}:00+05:30`)
}

/**
 * Bars from rows of `[start, open, high, low, close]`, where start is `HH:MM` on `day`,
 * `YYYY-MM-DDTHH:MM` (intraday bars), or a `YYYY-MM-DD` date (daily bars).
 */
export function bars(
  day: string,
  rows: readonly [string, number, number, number, number][],
): BarColumns {
  return barsToColumns(
    rows.map(([t, open, high, low, close]) => ({
      ts: t.length === 5 ? ist(`${day}T${t}`) : t.length === 10 ? ist(`${t}T00:00`) : ist(t),
      open,
      high,
      low,
      close,
      volume: 0,
    })),
  )
}

/** A place intent with defaults: MARKET, MIS, symbol TEST, qty 10. */
export function place(
  id: string,
  side: 'BUY' | 'SELL',
  extra: Partial<PlaceIntent> = {},
): PlaceIntent {
  return {
    action: 'place',
    clientOrderId: id,
    symbol: 'TEST',
    side,
    qty: 10,
    orderType: 'MARKET',
    product: 'MIS',
    ...extra,
  }
}

/**
 * A strategy that emits `plan`'s intents at their events and records each block it is given
 * (range and state), so tests can check what the host told it.
 */
export function scripted(plan: readonly TimedIntent[]): BatchStrategy & {
  blocks: { from: number; to: number; state: AccountState }[]
} {
  const blocks: { from: number; to: number; state: AccountState }[] = []
  return {
    blocks,
    init() {},
    onBlock({ from, to, state }) {
      blocks.push({ from, to, state })
      return { intents: plan.filter((p) => p.at >= from && p.at < to) }
    },
  }
}
