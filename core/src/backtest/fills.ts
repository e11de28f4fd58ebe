/**
 * Intrabar fill rules for OHLC bars (see README.md, "Fill rules"). Each function is pure and
 * returns the fill price, or NaN when the bar does not fill the order. `dir` is +1 for a buy
 * and -1 for a sell. Bars carry no order of events inside them, so every rule takes the
 * outcome that is worse for the trader whenever the bar cannot tell.
 */
// Market fills and slippage live in the SDK package: the sandbox applies the same rules when
// it reports a market order's fill ahead of the host (plugins/src/fill-rules.ts).
export { marketFill, type Slippage, slip } from '@vm-algo/plugins'

import { type Slippage, slip } from '@vm-algo/plugins'

/**
 * A limit order fills when the bar trades at the limit or better: a buy when low ≤ limit, at
 * min(open, limit) (a gap down through the limit gives the better open); a sell when
 * high ≥ limit, at max(open, limit). No slippage: the limit guarantees the price.
 */
export function limitFill(dir: number, limit: number, open: number, high: number, low: number) {
  if (dir > 0) return low <= limit ? Math.min(open, limit) : Number.NaN
  return high >= limit ? Math.max(open, limit) : Number.NaN
}

/**
 * How a stop's trigger is reached in this bar: 0 not at all, 1 at the open (the bar gapped
 * through it), 2 during the bar. Buy stops trigger at or above, sell stops at or below.
 */
export function stopTouch(dir: number, trigger: number, open: number, high: number, low: number) {
  if (dir > 0) return open >= trigger ? 1 : high >= trigger ? 2 : 0
  return open <= trigger ? 1 : low <= trigger ? 2 : 0
}

/**
 * A stop-market (SL-M) order becomes a market order when triggered: a buy fills at
 * max(open, trigger), a sell at min(open, trigger) — a gap through the trigger fills at the
 * worse open — then slipped.
 */
export function stopMarketFill(
  dir: number,
  trigger: number,
  open: number,
  high: number,
  low: number,
  slippage: Slippage,
  tick: number,
): number {
  const touch = stopTouch(dir, trigger, open, high, low)
  if (touch === 0) return Number.NaN
  return slip(touch === 1 ? open : trigger, dir, slippage, tick, low, high)
}

/**
 * A stop-limit (SL) order. Triggered at the open (or in an earlier bar) it is a limit order
 * for this whole bar. Triggered during the bar, the price stood at the trigger: it fills there
 * if the limit allows it (buy: limit ≥ trigger), otherwise it waits, triggered, as a plain
 * limit order from the next bar — the bar cannot say whether the price came back to the limit
 * after the trigger. Returns NaN when unfilled; the caller keeps the trigger state with
 * `stopTouch`.
 */
export function stopLimitFill(
  dir: number,
  trigger: number,
  limit: number,
  triggered: boolean,
  open: number,
  high: number,
  low: number,
): number {
  const touch = triggered ? 1 : stopTouch(dir, trigger, open, high, low)
  if (touch === 0) return Number.NaN
  if (touch === 1) return limitFill(dir, limit, open, high, low)
  return dir * (limit - trigger) >= 0 ? trigger : Number.NaN
}
