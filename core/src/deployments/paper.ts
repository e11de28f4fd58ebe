import type { OrderIntent, OrderUpdate, Position } from '@vm-algo/plugins'
import {
  limitFill,
  marketFill,
  stopLimitFill,
  stopMarketFill,
  stopTouch,
} from '../backtest/fills.ts'
import { instrumentSpec } from '../backtest/market-rules.ts'
import type { Bar } from '../market/types.ts'

interface WorkingOrder {
  id: string
  symbol: string
  dir: 1 | -1
  qty: number
  type: 'MARKET' | 'LIMIT' | 'SL' | 'SL-M'
  price?: number
  trigger?: number
  triggered: boolean
}

const NO_SLIPPAGE = { bps: 0 }

/**
 * The paper account of one deployment, until the order manager of the trading work takes
 * over: it fills the strategy's orders against the next 1-minute bars of the shared feed with
 * the backtester's own intrabar rules (`backtest/fills.ts`), so a paper run trades the way its
 * backtest does. Market orders fill at the next bar's open; limit and stop orders when a
 * later bar reaches them. No costs, margin or risk checks here — those belong to the order
 * manager — and the plugin's intents are already schema-valid.
 */
export class PaperBook {
  readonly #orders = new Map<string, WorkingOrder>()
  readonly #positions = new Map<string, Position>()
  /** Every client order id ever seen: a reused id is refused, as a broker would. */
  readonly #seen = new Set<string>()

  /** Net positions by symbol, for the next batch's `positions`. */
  positions(): Record<string, Position> {
    return Object.fromEntries(this.#positions)
  }

  /** The state worth keeping across restarts (positions; working orders are not resumed). */
  snapshot(): Record<string, Position> {
    return this.positions()
  }

  restore(positions: Record<string, Position> | undefined): void {
    for (const [symbol, p] of Object.entries(positions ?? {})) {
      if (Number.isFinite(p?.qty) && p.qty !== 0) this.#positions.set(symbol, { ...p })
    }
  }

  /** Takes one intent; returns the updates it causes at once (refusals, cancellations). */
  accept(intent: OrderIntent): OrderUpdate[] {
    const id = intent.clientOrderId
    if (intent.action === 'place') {
      if (this.#seen.has(id)) return [rejected(id, `client order id "${id}" was already used`)]
      this.#seen.add(id)
      this.#orders.set(id, {
        id,
        symbol: intent.symbol,
        dir: intent.side === 'BUY' ? 1 : -1,
        qty: intent.qty,
        type: intent.orderType,
        ...(intent.price !== undefined ? { price: intent.price } : {}),
        ...(intent.triggerPrice !== undefined ? { trigger: intent.triggerPrice } : {}),
        triggered: false,
      })
      return []
    }
    const order = this.#orders.get(id)
    if (!order) return [rejected(id, `no working order "${id}"`)]
    if (intent.action === 'cancel') {
      this.#orders.delete(id)
      return [{ clientOrderId: id, status: 'cancelled', filledQty: 0, avgPrice: 0 }]
    }
    if (intent.qty !== undefined) order.qty = intent.qty
    if (intent.price !== undefined) order.price = intent.price
    if (intent.triggerPrice !== undefined) order.trigger = intent.triggerPrice
    return []
  }

  /** A new 1-minute bar of `symbol`: fills what it reaches, in the order they were placed. */
  onBar(symbol: string, bar: Bar): OrderUpdate[] {
    const updates: OrderUpdate[] = []
    const tick = instrumentSpec(symbol).tickSize
    for (const order of this.#orders.values()) {
      if (order.symbol !== symbol) continue
      const price = fillPrice(order, bar, tick)
      if (Number.isNaN(price)) continue
      this.#orders.delete(order.id)
      this.#apply(symbol, order.dir * order.qty, price)
      updates.push({
        clientOrderId: order.id,
        status: 'complete',
        filledQty: order.qty,
        avgPrice: price,
      })
    }
    return updates
  }

  #apply(symbol: string, signedQty: number, price: number): void {
    const held = this.#positions.get(symbol) ?? { qty: 0, avgPrice: 0 }
    const qty = held.qty + signedQty
    let avgPrice = held.avgPrice
    if (qty === 0) avgPrice = 0
    else if (held.qty === 0 || Math.sign(qty) !== Math.sign(held.qty)) avgPrice = price
    else if (Math.sign(signedQty) === Math.sign(held.qty)) {
      avgPrice = (held.avgPrice * held.qty + price * signedQty) / qty
    }
    if (qty === 0) this.#positions.delete(symbol)
    else this.#positions.set(symbol, { qty, avgPrice })
  }
}

function fillPrice(o: WorkingOrder, bar: Bar, tick: number): number {
  const { open, high, low } = bar
  switch (o.type) {
    case 'MARKET':
      return marketFill(o.dir, open, high, low, NO_SLIPPAGE, tick)
    case 'LIMIT':
      return o.price === undefined ? open : limitFill(o.dir, o.price, open, high, low)
    case 'SL-M':
      return o.trigger === undefined
        ? Number.NaN
        : stopMarketFill(o.dir, o.trigger, open, high, low, NO_SLIPPAGE, tick)
    case 'SL': {
      if (o.trigger === undefined || o.price === undefined) return Number.NaN
      const price = stopLimitFill(o.dir, o.trigger, o.price, o.triggered, open, high, low)
      if (Number.isNaN(price) && stopTouch(o.dir, o.trigger, open, high, low) !== 0) {
        o.triggered = true
      }
      return price
    }
  }
}

function rejected(clientOrderId: string, reason: string): OrderUpdate {
  return { clientOrderId, status: 'rejected', filledQty: 0, avgPrice: 0, reason }
}
