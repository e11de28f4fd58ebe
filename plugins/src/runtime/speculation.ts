import { BAR_FLAGS } from '../constants.ts'
import { marketFill, nextPosition, slip } from '../fill-rules.ts'
import type {
  FillRulesInput,
  OrderIntent,
  OrderUpdate,
  Position,
  Product,
  RangeAccount,
  SpeculatedFill,
} from '../types.ts'
import { type BarWindow, own } from './window.ts'

const HOST_ACTS = BAR_FLAGS.lastOfDay | BAR_FLAGS.squareOff
const finite = Number.isFinite
const hasOwn = Object.hasOwn

/** A market order the SDK will fill itself, at the open of event `fillAt`. */
interface Working {
  id: string
  symbol: string
  dir: number
  qty: number
  product: Product
  fillAt: number
}

/**
 * Market orders filled inside the sandbox during a `range`, so a backtest does not need a
 * round trip to the host for every order. The SDK applies the host's own rules
 * (`fill-rules.ts`, the window's `fills`) and only where it is sure the host will do the same:
 * a plain market order of whole lots, in a product the symbol allows, filling at the next bar
 * of its execution series inside the range, on a bar where the host does nothing on its own,
 * and — with charges counted at an upper bound — surely paid for. Anything else (a limit or
 * bracket order, a cancel, a bar where the host squares off, tight funds) stops the range and
 * leaves it to the host, as without fill rules. The fills are reported in the output; the host
 * books its own and fails the run if they differ, so it stays authoritative.
 */
export class Speculation {
  readonly #rules: FillRulesInput
  readonly #window: BarWindow
  /** Cash with every speculated fill's charges taken at their upper bound (never above the host's). */
  #cash: number
  readonly #products = new Map<string, Product>()
  /**
   * By symbol, its last close (written in place each bar: no map write per bar); NaN while
   * unknown, so the field holds only numbers and a write boxes nothing (see market.ts Quote).
   */
  readonly #last = new Map<string, { price: number }>()
  /** By series, the last close of its symbol when orders fill on it. */
  readonly #lastOfFeed: ({ price: number } | undefined)[] = []
  /** By symbol, the series its orders fill on. */
  readonly #execOf = new Map<string, number>()
  #working: Working[] = []
  /** MIS orders placed from 15:20: the host refuses them; the plugin hears so at event `at`. */
  #refusing: { id: string; at: number }[] = []
  /** This call's fills (the host's check), stamped by the caller. */
  fills: SpeculatedFill[] = []
  /** This call's refusals reported ahead of the host. */
  refused: string[] = []

  constructor(window: BarWindow, rules: FillRulesInput, account: RangeAccount) {
    this.#window = window
    this.#rules = rules
    this.#cash = account.cash
    for (const symbol of Object.keys(account.open)) {
      const o = account.open[symbol]!
      this.#products.set(symbol, o.product)
      this.#last.set(symbol, { price: o.last })
    }
    for (let f = 0; f < rules.exec.length; f++) {
      if (!rules.exec[f]) continue
      const symbol = window.symbolOf(f)
      this.#execOf.set(symbol, f)
      let last = this.#last.get(symbol)
      if (!last) {
        last = { price: Number.NaN }
        this.#last.set(symbol, last)
      }
      this.#lastOfFeed[f] = last
    }
  }

  /**
   * What the host reports at the open of event k, before the plugin sees it: refusals of the
   * event before, then the fills of orders due at k (or the MIS square-off), as order updates;
   * null when the host must handle event k itself (the range then stops before it).
   */
  open(k: number, positions: Map<string, Position>): OrderUpdate[] | null {
    const fills = this.#fillsAt(k, positions)
    if (fills === null || this.#refusing.length === 0) return fills
    const updates: OrderUpdate[] = []
    const reason = this.#rules.misCutoffReason
    for (const r of this.#refusing) {
      if (r.at !== k) continue
      updates.push({ clientOrderId: r.id, status: 'rejected', filledQty: 0, avgPrice: 0, reason })
      this.refused.push(r.id)
    }
    this.#refusing = this.#refusing.filter((r) => r.at !== k)
    for (const u of fills) updates.push(u)
    return updates
  }

  #fillsAt(k: number, positions: Map<string, Position>): OrderUpdate[] | null {
    const w = this.#window
    const f = w.feedOf(k)
    const exec = this.#rules.exec[f]
    if (!exec) return NONE
    const flags = w.flagsOf(k)
    let due = 0
    for (const o of this.#working) if (o.fillAt === k) due++
    // Most bars: no order due and nothing for the host to do (no position lookup per bar).
    if (due === 0 && !(flags & HOST_ACTS)) return NONE
    const symbol = w.symbolOf(f)
    const held = positions.get(symbol)
    if (flags & HOST_ACTS && held && held.qty !== 0 && this.#products.get(symbol) === 'MIS') {
      // The host squares the position off at this bar: at the 15:20 open (slipped), or at the
      // close of a session that ends early. Orders due here are the host's to handle.
      if (due > 0) return null
      const q = held.qty
      const price =
        flags & BAR_FLAGS.squareOff
          ? slip(w.open(k), -Math.sign(q), this.#rules.slippage, exec.tick, w.low(k), w.high(k))
          : w.close(k)
      this.#cash += q * price - this.#chargesAtMost(Math.abs(q) * price)
      positions.delete(symbol)
      this.#products.delete(symbol)
      // The host reports no order update for its own square-off: the plugin sees the position go.
      this.fills.push({ squareOff: true, at: 0, qty: Math.abs(q), price })
      return NONE
    }
    if (due === 0) return NONE
    if (flags & HOST_ACTS) return null
    // All or nothing: work on copies, keep them only when every due order filled.
    let cash = this.#cash
    let pos: Position = held ?? { qty: 0, avgPrice: 0 }
    let product = this.#products.get(symbol)
    const updates: OrderUpdate[] = []
    const fills: SpeculatedFill[] = []
    const open = w.open(k)
    const high = w.high(k)
    const low = w.low(k)
    for (const o of this.#working) {
      if (o.fillAt !== k) continue
      const price = marketFill(o.dir, open, high, low, this.#rules.slippage, exec.tick)
      const q = pos.qty
      if (q !== 0 && product !== o.product) return null
      const next = q + o.dir * o.qty
      const value = price * o.qty
      const bound = this.#chargesAtMost(value)
      if (o.product === 'CNC') {
        if (next < 0) return null
        if (o.dir > 0 && value + bound > cash) return null
      } else if (Math.abs(next) > Math.abs(q)) {
        const margin = this.#marginOf(symbol, positions)
        if (Number.isNaN(margin)) return null
        const equity = this.#equityOf(symbol, positions, cash, q)
        if (Number.isNaN(equity)) return null
        if (Math.abs(next) * price * this.#rate(o.product) + margin > equity - bound) return null
      }
      cash -= o.dir * value + bound
      pos = nextPosition(q, pos.avgPrice, o.dir * o.qty, price)
      product = pos.qty === 0 ? undefined : o.product
      updates.push({ clientOrderId: o.id, status: 'complete', filledQty: o.qty, avgPrice: price })
      fills.push({ clientOrderId: o.id, at: 0, qty: o.qty, price })
    }
    this.#cash = cash
    if (product === undefined) this.#products.delete(symbol)
    else this.#products.set(symbol, product)
    if (pos.qty === 0) positions.delete(symbol)
    else positions.set(symbol, pos)
    this.#working = this.#working.filter((o) => o.fillAt !== k)
    for (const fill of fills) this.fills.push(fill)
    return updates
  }

  /** After event k: its close is the symbol's last price (what the host marks positions at). */
  closed(k: number): void {
    const w = this.#window
    const last = this.#lastOfFeed[w.feedOf(k)]
    if (last) last.price = w.close(k)
  }

  /**
   * Takes the intents emitted during event k (`intents` from index `seen`); false when any of
   * them needs the host — then none is filled here and the range stops after event k.
   */
  accept(intents: readonly OrderIntent[], seen: number, k: number, to: number): boolean {
    const w = this.#window
    const taken: Working[] = []
    const refusing: { id: string; at: number }[] = []
    for (let i = seen; i < intents.length; i++) {
      const it = intents[i]!
      if (it.action !== 'place' || it.orderType !== 'MARKET') return false
      if (
        it.price !== undefined ||
        it.triggerPrice !== undefined ||
        it.stopLoss !== undefined ||
        it.target !== undefined
      )
        return false
      const f = this.#execOf.get(it.symbol)
      if (f === undefined) return false
      const exec = this.#rules.exec[f]!
      if (!exec.products.includes(it.product) || it.qty % exec.lot !== 0) return false
      if (it.product === 'MIS' && w.flagsOf(k) & BAR_FLAGS.misClosed) {
        // Refused at once; the host would report it before the next event.
        if (k + 1 >= to) return false
        refusing.push({ id: it.clientOrderId, at: k + 1 })
        continue
      }
      let fillAt = -1
      for (let j = k + 1; j < to; j++) {
        if (w.feedOf(j) === f) {
          fillAt = j
          break
        }
      }
      // Fills at the next bar of its series in this range, opening after the order was sent;
      // an MIS order only on the day it was placed.
      if (fillAt < 0 || w.ts(fillAt) + exec.openOffset < w.time(k)) return false
      if (it.product === 'MIS') {
        for (let j = k + 1; j <= fillAt; j++) if (w.flagsOf(j) & BAR_FLAGS.dayStart) return false
      }
      taken.push({
        id: it.clientOrderId,
        symbol: it.symbol,
        dir: it.side === 'BUY' ? 1 : -1,
        qty: it.qty,
        product: it.product,
        fillAt,
      })
    }
    for (const o of taken) this.#working.push(o)
    for (const r of refusing) this.#refusing.push(r)
    return true
  }

  /** One order's charges at their upper bound (never below the host's). */
  #chargesAtMost(value: number): number {
    return value * this.#rules.chargeBound.rate + this.#rules.chargeBound.fixed
  }

  #rate(product: Product): number {
    return product === 'MIS' ? this.#rules.marginRate.MIS : this.#rules.marginRate.NRML
  }

  // Margin of the open positions other than `symbol` (CNC counts at 100 %, as the host's rate).
  #marginOf(symbol: string, positions: Map<string, Position>): number {
    let need = 0
    for (const [s, p] of positions) {
      if (s === symbol || p.qty === 0) continue
      const last = this.#last.get(s)?.price
      const product = this.#products.get(s)
      if (last === undefined || Number.isNaN(last) || product === undefined) return Number.NaN
      need += Math.abs(p.qty) * last * (product === 'CNC' ? 1 : this.#rate(product))
    }
    return need
  }

  #equityOf(symbol: string, positions: Map<string, Position>, cash: number, q: number): number {
    let eq = cash
    for (const [s, p] of positions) {
      const qty = s === symbol ? q : p.qty
      if (qty === 0) continue
      const last = this.#last.get(s)?.price
      if (last === undefined || Number.isNaN(last)) return Number.NaN
      eq += qty * last
    }
    return eq
  }
}

const NONE: OrderUpdate[] = []

/** The `account` of a range input, checked. */
export function readAccount(value: unknown): RangeAccount {
  if (typeof value !== 'object' || value === null)
    throw new TypeError('range: account must be an object')
  const cash = own(value, 'cash')
  const openIn = own(value, 'open')
  if (typeof cash !== 'number' || !finite(cash))
    throw new TypeError('range: account.cash must be a number')
  if (typeof openIn !== 'object' || openIn === null)
    throw new TypeError('range: account.open must be an object')
  const open: RangeAccount['open'] = {}
  for (const symbol of Object.keys(openIn)) {
    const o = (openIn as Record<string, unknown>)[symbol]
    const product =
      typeof o === 'object' && o !== null && hasOwn(o, 'product') ? own(o, 'product') : undefined
    const last = typeof o === 'object' && o !== null ? own(o, 'last') : undefined
    if (
      (product !== 'CNC' && product !== 'MIS' && product !== 'NRML') ||
      typeof last !== 'number' ||
      !finite(last)
    )
      throw new TypeError(`range: account.open.${symbol} needs a product and a last price`)
    open[symbol] = { product, last }
  }
  return { cash, open }
}
