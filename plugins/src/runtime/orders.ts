import { PROTOCOL_LIMITS as L } from '../constants.ts'
import type { OrderInfo, OrderRequest } from '../context.ts'
import type {
  ModifyIntent,
  OrderStatus,
  OrderType,
  OrderUpdate,
  PlaceIntent,
  Product,
} from '../types.ts'

/** Thrown by `ctx.buy`/`sell`/`placeOrder`/`modify`/`cancel` for an order the platform would refuse. */
export class OrderError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OrderError'
  }
}

const ORDER_TYPES: readonly OrderType[] = ['MARKET', 'LIMIT', 'SL', 'SL-M']
const PRODUCTS: readonly Product[] = ['CNC', 'MIS', 'NRML']
// A comparison rather than `[…].includes`: it runs for every order before every bar, and the
// builtin call showed in backtest profiles.
const isFinal = (status: OrderStatus): boolean =>
  status === 'complete' || status === 'cancelled' || status === 'rejected'

/** What a run remembers about its orders; part of the state snapshot. */
export interface OrderBookSnapshot {
  seq: number
  open: OrderInfo[]
}

/**
 * The orders one deployment placed: issues deterministic client order ids
 * (`<deploymentSeq>-<n>`), validates requests into intents, and follows status updates.
 */
export class OrderBook {
  #prefix: string
  #seq = 0
  #orders = new Map<string, OrderInfo>()
  #universe: ReadonlySet<string>

  constructor(deploymentSeq: number, universe: ReadonlySet<string>) {
    this.#prefix = String(deploymentSeq)
    this.#universe = universe
  }

  /** Validates an order request and records it as pending; returns the place intent. */
  place(request: OrderRequest): PlaceIntent {
    const r = request as Partial<OrderRequest> | null
    if (typeof r !== 'object' || r === null) throw new OrderError('an order must be an object')
    const symbol = r.symbol
    if (typeof symbol !== 'string' || !this.#universe.has(symbol)) {
      throw new OrderError(
        `cannot trade ${JSON.stringify(symbol)}: it is not in the manifest's universe`,
      )
    }
    if (r.side !== 'BUY' && r.side !== 'SELL')
      throw new OrderError(`side must be BUY or SELL, got ${String(r.side)}`)
    const qty = checkQty(r.qty)
    const orderType = r.type ?? 'MARKET'
    if (!ORDER_TYPES.includes(orderType)) {
      throw new OrderError(
        `order type must be one of ${ORDER_TYPES.join(', ')}, got ${String(orderType)}`,
      )
    }
    const product = r.product ?? 'CNC'
    if (!PRODUCTS.includes(product)) {
      throw new OrderError(`product must be one of ${PRODUCTS.join(', ')}, got ${String(product)}`)
    }
    const needsPrice = orderType === 'LIMIT' || orderType === 'SL'
    const needsTrigger = orderType === 'SL' || orderType === 'SL-M'
    if (needsPrice && r.price === undefined)
      throw new OrderError(`a ${orderType} order needs a price`)
    if (needsTrigger && r.triggerPrice === undefined) {
      throw new OrderError(`a ${orderType} order needs a triggerPrice`)
    }
    const clientOrderId = `${this.#prefix}-${++this.#seq}`
    const intent: PlaceIntent = {
      action: 'place',
      clientOrderId,
      symbol,
      side: r.side,
      qty,
      orderType,
      product,
    }
    for (const key of ['price', 'triggerPrice', 'stopLoss', 'target'] as const) {
      if (r[key] !== undefined) intent[key] = checkPrice(key, r[key])
    }
    if (r.tag !== undefined) {
      if (typeof r.tag !== 'string' || !/^[A-Za-z0-9_-]{1,20}$/.test(r.tag)) {
        throw new OrderError(
          `tag must be 1-${L.maxTagChars} letters, digits, _ or -, got ${JSON.stringify(r.tag)}`,
        )
      }
      intent.tag = r.tag
    }
    const info: OrderInfo = {
      clientOrderId,
      symbol,
      side: r.side,
      qty,
      orderType,
      product,
      status: 'pending',
      filledQty: 0,
      avgPrice: 0,
    }
    if (intent.price !== undefined) info.price = intent.price
    if (intent.triggerPrice !== undefined) info.triggerPrice = intent.triggerPrice
    this.#orders.set(clientOrderId, info)
    return intent
  }

  modify(
    clientOrderId: string,
    changes: { price?: number; triggerPrice?: number; qty?: number },
  ): ModifyIntent {
    this.#open(clientOrderId, 'modify')
    if (typeof changes !== 'object' || changes === null)
      throw new OrderError('modify: changes must be an object')
    const intent: ModifyIntent = { action: 'modify', clientOrderId }
    if (changes.price !== undefined) intent.price = checkPrice('price', changes.price)
    if (changes.triggerPrice !== undefined)
      intent.triggerPrice = checkPrice('triggerPrice', changes.triggerPrice)
    if (changes.qty !== undefined) intent.qty = checkQty(changes.qty)
    if (Object.keys(intent).length === 2)
      throw new OrderError('modify: give a price, triggerPrice or qty to change')
    return intent
  }

  cancel(clientOrderId: string): void {
    this.#open(clientOrderId, 'cancel')
  }

  /** Forgets orders placed after a hook that then threw (their intents are never sent). */
  forget(clientOrderIds: readonly string[]): void {
    for (const id of clientOrderIds) this.#orders.delete(id)
  }

  /** Applies an order manager report; returns false for an order this run does not know. */
  update(u: OrderUpdate): boolean {
    const info = this.#orders.get(u.clientOrderId)
    if (!info) return false
    info.status = u.status
    info.filledQty = u.filledQty
    info.avgPrice = u.avgPrice
    return true
  }

  get(clientOrderId: string): OrderInfo | undefined {
    const info = this.#orders.get(clientOrderId)
    return info && { ...info }
  }

  openOrders(symbol?: string): OrderInfo[] {
    const out: OrderInfo[] = []
    // Plugins ask before every bar; most bars have no order at all (no iterator then).
    if (this.#orders.size === 0) return out
    for (const info of this.#orders.values()) {
      if (!isFinal(info.status) && (symbol === undefined || info.symbol === symbol))
        out.push({ ...info })
    }
    return out
  }

  /** Id counter and open orders, so a resumed run neither reuses ids nor loses its open orders. */
  snapshot(): OrderBookSnapshot {
    return { seq: this.#seq, open: this.openOrders() }
  }

  restore(snapshot: OrderBookSnapshot): void {
    this.#seq = snapshot.seq
    for (const info of snapshot.open) this.#orders.set(info.clientOrderId, { ...info })
  }

  /** Drops finished orders so a long run does not grow without bound. */
  prune(): void {
    // Runs before every bar of a range: most bars have no order to look at.
    if (this.#orders.size === 0) return
    for (const [id, info] of this.#orders) if (isFinal(info.status)) this.#orders.delete(id)
  }

  #open(clientOrderId: string, verb: string): OrderInfo {
    const info = typeof clientOrderId === 'string' ? this.#orders.get(clientOrderId) : undefined
    if (!info)
      throw new OrderError(
        `${verb}: no order ${JSON.stringify(clientOrderId)} placed by this deployment`,
      )
    if (isFinal(info.status))
      throw new OrderError(`${verb}: order ${clientOrderId} is already ${info.status}`)
    return info
  }
}

function checkQty(qty: unknown): number {
  if (typeof qty !== 'number' || !Number.isInteger(qty) || qty < 1 || qty > L.maxQty) {
    throw new OrderError(`qty must be a whole number from 1 to ${L.maxQty}, got ${String(qty)}`)
  }
  return qty
}

function checkPrice(name: string, price: unknown): number {
  if (typeof price !== 'number' || !Number.isFinite(price) || price <= 0 || price > L.maxPrice) {
    throw new OrderError(`${name} must be a positive price, got ${String(price)}`)
  }
  return price
}
