/**
 * The fill rules both sides of a backtest apply: the host's engine (`core/src/backtest`), which
 * is authoritative, and the SDK inside the sandbox, which applies the same rules to report a
 * market order's fill to the plugin at once instead of waiting for a round trip to the host
 * (`runtime/speculation.ts`). One implementation, so the two cannot drift apart; the host
 * still checks every fill the SDK reported against its own.
 */

/** Adverse slippage on market and stop fills: basis points of price, or whole ticks. */
export type Slippage = { bps: number } | { ticks: number }

/**
 * Rounds `price` to the tick grid: up (dir 1), down (-1) or to the nearest (0). Ticks that
 * divide a rupee (0.05, 0.01) round in whole paise steps, so no float noise is left over.
 */
export function roundToTick(price: number, tick: number, dir: -1 | 0 | 1): number {
  const perRupee = Math.round(1 / tick)
  const exact = tick < 1 && Math.abs(perRupee * tick - 1) < 1e-12
  const n = exact ? price * perRupee : price / tick
  const k = dir > 0 ? Math.ceil(n - 1e-9) : dir < 0 ? Math.floor(n + 1e-9) : Math.round(n)
  return exact ? k / perRupee : k * tick
}

/**
 * Moves `price` against the trader by the slippage (up for buys, down for sells), rounds it
 * to the tick grid in the same direction, and keeps it inside the bar's range: a fill cannot
 * print above the bar's high or below its low.
 */
export function slip(
  price: number,
  dir: number,
  slippage: Slippage,
  tick: number,
  low: number,
  high: number,
): number {
  const moved =
    'bps' in slippage
      ? price * (1 + (dir * slippage.bps) / 10_000)
      : price + dir * slippage.ticks * tick
  const p = roundToTick(moved, tick, dir > 0 ? 1 : -1)
  return Math.min(high, Math.max(low, p))
}

/** A market order fills at the bar's open, slipped. */
export function marketFill(
  dir: number,
  open: number,
  high: number,
  low: number,
  slippage: Slippage,
  tick: number,
): number {
  return slip(open, dir, slippage, tick, low, high)
}

/**
 * A net position after a fill of `signed` units (+ buy, − sell) at `price`: reducing keeps
 * the average price, crossing zero opens the rest at `price`, adding averages in; flat is
 * (0, 0). The host's ledger and the SDK's speculative fills both book positions with it.
 */
export function nextPosition(
  qty: number,
  avgPrice: number,
  signed: number,
  price: number,
): { qty: number; avgPrice: number } {
  const next = qty + signed
  const closing =
    qty !== 0 && Math.sign(signed) !== Math.sign(qty)
      ? Math.min(Math.abs(signed), Math.abs(qty))
      : 0
  const opening = Math.abs(signed) - closing
  let q = closing > 0 ? (next === 0 || Math.sign(next) !== Math.sign(qty) ? 0 : next) : qty
  let avg = avgPrice
  if (opening > 0) {
    const dir = Math.sign(signed)
    if (q === 0) {
      q = dir * opening
      avg = price
    } else {
      const total = Math.abs(q) + opening
      avg = (avg * Math.abs(q) + price * opening) / total
      q += dir * opening
    }
  }
  return { qty: q, avgPrice: q === 0 ? 0 : avg }
}
