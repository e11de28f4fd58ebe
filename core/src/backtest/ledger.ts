import { nextPosition, type Product } from '@vm-algo/plugins'
import { type Charges, roundPaise } from './costs.ts'
import type { ExitReason, Fill, FillReason, Trade } from './types.ts'

/** Product codes kept per symbol in a typed array. */
export const PRODUCTS: readonly Product[] = ['CNC', 'MIS', 'NRML']

/**
 * The host's books: cash, one net position per symbol, the fill log and round-trip trades.
 * Cash moves by the full traded value (buys pay, sells and shorts receive) and by charges, so
 * for every instrument equity = cash + Σ qty × last price; leverage shows as negative cash.
 */
export class Ledger {
  cash: number
  readonly symbols: readonly string[]
  readonly qty: Float64Array
  readonly avgPrice: Float64Array
  readonly last: Float64Array
  /** Index into PRODUCTS of each open position (meaningless when flat). */
  readonly product: Uint8Array
  /** Symbols with a non-zero position. */
  openCount = 0
  realizedPnl = 0
  /** Running sums of the charge lines (brokerage, stt, exchange, sebi, stamp, squareOff, gst, total). */
  private readonly chargeSums = new Float64Array(8)
  readonly fills: Fill[] = []
  readonly trades: Trade[] = []
  private readonly open: (Trade | undefined)[]
  private readonly exitValue: Float64Array
  private readonly exitQty: Float64Array

  constructor(capital: number, symbols: readonly string[]) {
    this.cash = capital
    this.symbols = symbols
    const n = symbols.length
    this.qty = new Float64Array(n)
    this.avgPrice = new Float64Array(n)
    this.last = new Float64Array(n).fill(Number.NaN)
    this.product = new Uint8Array(n)
    this.open = new Array(n).fill(undefined)
    this.exitValue = new Float64Array(n)
    this.exitQty = new Float64Array(n)
  }

  /** Every fill's charges added up, line by line, to the paisa. */
  get charges(): Charges {
    const [brokerage, stt, exchange, sebi, stamp, squareOff, gst, total] = Array.from(
      this.chargeSums,
      roundPaise,
    )
    return { brokerage, stt, exchange, sebi, stamp, squareOff, gst, total } as Charges
  }

  /** Cash plus every position at its last price. */
  equity(): number {
    let eq = this.cash
    if (this.openCount === 0) return eq
    for (let s = 0; s < this.qty.length; s++) {
      const q = this.qty[s]!
      if (q !== 0) eq += q * this.last[s]!
    }
    return eq
  }

  /**
   * Books one fill. `signed` is +qty for a buy and -qty for a sell. Reducing a position
   * realizes (price - avg) × closed qty; crossing zero closes the trade and opens a reversed
   * one with the rest at the same price.
   */
  book(s: number, signed: number, price: number, fill: Fill, exitReason: ExitReason): void {
    const q = this.qty[s]!
    const charges = fill.charges.total
    this.cash -= signed * price + charges
    const c = fill.charges
    const sums = this.chargeSums
    sums[0] = sums[0]! + c.brokerage
    sums[1] = sums[1]! + c.stt
    sums[2] = sums[2]! + c.exchange
    sums[3] = sums[3]! + c.sebi
    sums[4] = sums[4]! + c.stamp
    sums[5] = sums[5]! + c.squareOff
    sums[6] = sums[6]! + c.gst
    sums[7] = sums[7]! + charges
    this.fills.push(fill)
    const next = q + signed
    const closing =
      q !== 0 && Math.sign(signed) !== Math.sign(q) ? Math.min(Math.abs(signed), Math.abs(q)) : 0
    const opening = Math.abs(signed) - closing
    // The same position arithmetic the SDK applies to the fills it reports ahead of the host.
    const pos = nextPosition(q, this.avgPrice[s]!, signed, price)
    if (closing > 0) {
      const pnl = (price - this.avgPrice[s]!) * closing * Math.sign(q)
      this.realizedPnl += pnl
      const trade = this.open[s]!
      trade.grossPnl += pnl
      trade.costs += (charges * closing) / Math.abs(signed)
      this.exitValue[s] = this.exitValue[s]! + price * closing
      this.exitQty[s] = this.exitQty[s]! + closing
      if (next === 0 || Math.sign(next) !== Math.sign(q)) this.closeTrade(s, fill, exitReason)
    }
    if (opening > 0) {
      const trade = this.open[s]
      if (trade === undefined) this.openTrade(s, Math.sign(signed), opening, price, fill)
      else {
        trade.entryPrice = pos.avgPrice
        trade.qty = Math.max(trade.qty, Math.abs(pos.qty))
      }
      this.open[s]!.costs += (charges * opening) / Math.abs(signed)
    }
    this.qty[s] = pos.qty
    this.avgPrice[s] = pos.avgPrice
  }

  /** Trades still open, marked at the last price, as entries with exitReason 'open'. */
  openTrades(): Trade[] {
    const out: Trade[] = []
    for (let s = 0; s < this.qty.length; s++) {
      const t = this.open[s]
      if (!t) continue
      const unrealized = (this.last[s]! - this.avgPrice[s]!) * this.qty[s]!
      out.push({ ...t, netPnl: t.grossPnl + unrealized - t.costs })
    }
    return out
  }

  unrealizedPnl(): number {
    let u = 0
    for (let s = 0; s < this.qty.length; s++) {
      const q = this.qty[s]!
      if (q !== 0) u += (this.last[s]! - this.avgPrice[s]!) * q
    }
    return u
  }

  private openTrade(s: number, dir: number, qty: number, price: number, fill: Fill): void {
    this.openCount++
    this.product[s] = PRODUCTS.indexOf(fill.product)
    this.exitValue[s] = 0
    this.exitQty[s] = 0
    this.open[s] = {
      symbol: this.symbols[s]!,
      direction: dir > 0 ? 'LONG' : 'SHORT',
      product: fill.product,
      qty,
      entryTime: fill.time,
      entryPrice: price,
      exitTime: null,
      exitPrice: null,
      entryAt: fill.at,
      exitAt: null,
      grossPnl: 0,
      costs: 0,
      netPnl: 0,
      exitReason: 'open',
    }
  }

  private closeTrade(s: number, fill: Fill, reason: ExitReason): void {
    const t = this.open[s]!
    t.exitTime = fill.time
    t.exitAt = fill.at
    t.exitPrice = this.exitValue[s]! / this.exitQty[s]!
    t.netPnl = t.grossPnl - t.costs
    t.exitReason = reason
    this.trades.push(t)
    this.open[s] = undefined
    this.openCount--
  }
}

/** The trade exit reason a fill implies. */
export function exitReasonOf(reason: FillReason): ExitReason {
  return reason === 'order' ? 'signal' : reason
}
