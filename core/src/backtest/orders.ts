import type { ModifyIntent, OrderType, PlaceIntent, Product } from '@vm-algo/plugins'
import type { ChargeSegment } from './cost-rates.ts'
import { chargeSegment, type InstrumentSpec, onTick, type PositionSize } from './market-rules.ts'
import type { RejectReason } from './types.ts'

/** A working order in the host's book. Prices are NaN when absent. */
export interface PendingOrder {
  seq: number
  id: string
  /** Symbol index. */
  s: number
  dir: 1 | -1
  /** NaN when `size` decides the quantity at fill time. */
  qty: number
  size: PositionSize | undefined
  type: OrderType
  price: number
  trigger: number
  product: Product
  segment: ChargeSegment
  stopLoss: number
  target: number
  emittedAt: number
  emitTime: number
  emitDay: number
  /** IST day of the first bar the order could fill in (DAY validity); NaN before. */
  liveDay: number
  /** An SL order whose trigger was reached. */
  triggered: boolean
  /** The strategy has been told the order is open (see OrderDesk.takeUpdates). */
  announced: boolean
}

/** Why an intent was refused: a machine code and a sentence. */
export interface Refusal {
  reason: RejectReason
  message: string
}

const TYPES: readonly OrderType[] = ['MARKET', 'LIMIT', 'SL', 'SL-M']
const PRODUCTS: readonly Product[] = ['CNC', 'MIS', 'NRML']

/**
 * Checks a place intent's fields against the instrument (product, lot, tick, the prices its
 * order type needs) and returns the parts of a pending order, or a refusal. Timing rules
 * (MIS cut-off, stale state, duplicate ids) are the engine's.
 */
export function checkPlace(
  intent: PlaceIntent,
  spec: InstrumentSpec,
  size: PositionSize | undefined,
): Refusal | { segment: ChargeSegment; qty: number; price: number; trigger: number } {
  if (intent.side !== 'BUY' && intent.side !== 'SELL') return invalid('side must be BUY or SELL')
  if (!TYPES.includes(intent.orderType)) return invalid(`unknown order type "${intent.orderType}"`)
  if (!PRODUCTS.includes(intent.product)) return invalid(`unknown product "${intent.product}"`)
  const segment = chargeSegment(spec, intent.product)
  if (!segment) {
    return refuse(
      'bad_product',
      `${intent.product} is not available for ${spec.segment} (${spec.symbol})`,
    )
  }
  let qty = Number.NaN
  if (size) {
    const amount =
      size.mode === 'qty' ? size.qty : size.mode === 'value' ? size.value : size.percent
    if (!(Number.isFinite(amount) && amount > 0)) return invalid('size must be a positive number')
  } else {
    qty = intent.qty
    if (!(Number.isInteger(qty) && qty > 0)) return invalid('qty must be a positive whole number')
    if (qty % spec.lotSize !== 0) {
      return refuse('lot_size', `qty ${qty} is not a multiple of the lot size ${spec.lotSize}`)
    }
  }
  const price = priceField(intent.price)
  const trigger = priceField(intent.triggerPrice)
  const needsPrice = intent.orderType === 'LIMIT' || intent.orderType === 'SL'
  const needsTrigger = intent.orderType === 'SL' || intent.orderType === 'SL-M'
  if (needsPrice !== !Number.isNaN(price)) {
    return invalid(`${intent.orderType} orders ${needsPrice ? 'need' : 'take no'} price`)
  }
  if (needsTrigger !== !Number.isNaN(trigger)) {
    return invalid(`${intent.orderType} orders ${needsTrigger ? 'need' : 'take no'} triggerPrice`)
  }
  if (Number.isNaN(price) && intent.price !== undefined) return invalid('price must be positive')
  if (Number.isNaN(trigger) && intent.triggerPrice !== undefined) {
    return invalid('triggerPrice must be positive')
  }
  const stopLoss = priceField(intent.stopLoss)
  const target = priceField(intent.target)
  if (intent.stopLoss !== undefined && Number.isNaN(stopLoss))
    return invalid('stopLoss must be positive')
  if (intent.target !== undefined && Number.isNaN(target)) return invalid('target must be positive')
  const tick = spec.tickSize
  const off = offTick(price, tick, 'price') ?? offTick(trigger, tick, 'triggerPrice')
  const refusal = off ?? offTick(stopLoss, tick, 'stopLoss') ?? offTick(target, tick, 'target')
  if (refusal) return refusal
  return { segment, qty, price, trigger }
}

/**
 * Applies a modify intent to a working order (price, trigger, qty), with the same checks as a
 * new order; returns a refusal and leaves the order untouched when a field is bad.
 */
export function applyModify(
  order: PendingOrder,
  intent: ModifyIntent,
  spec: InstrumentSpec,
): Refusal | undefined {
  const price = intent.price === undefined ? order.price : priceField(intent.price)
  const trigger =
    intent.triggerPrice === undefined ? order.trigger : priceField(intent.triggerPrice)
  if (Number.isNaN(price) && intent.price !== undefined) return invalid('price must be positive')
  if (Number.isNaN(trigger) && intent.triggerPrice !== undefined) {
    return invalid('triggerPrice must be positive')
  }
  if (intent.price !== undefined && (order.type === 'MARKET' || order.type === 'SL-M')) {
    return invalid(`${order.type} orders take no price`)
  }
  if (intent.triggerPrice !== undefined && (order.type === 'MARKET' || order.type === 'LIMIT')) {
    return invalid(`${order.type} orders take no triggerPrice`)
  }
  const off =
    offTick(price, spec.tickSize, 'price') ?? offTick(trigger, spec.tickSize, 'triggerPrice')
  if (off) return off
  let qty = order.qty
  if (intent.qty !== undefined) {
    if (!(Number.isInteger(intent.qty) && intent.qty > 0))
      return invalid('qty must be a positive whole number')
    if (intent.qty % spec.lotSize !== 0) {
      return refuse(
        'lot_size',
        `qty ${intent.qty} is not a multiple of the lot size ${spec.lotSize}`,
      )
    }
    qty = intent.qty
  }
  order.price = price
  order.trigger = trigger
  if (intent.qty !== undefined) {
    order.qty = qty
    order.size = undefined
  }
  return undefined
}

function offTick(p: number, tick: number, name: string): Refusal | undefined {
  if (Number.isNaN(p) || onTick(p, tick)) return undefined
  return refuse('tick_size', `${name} ${p} is not on the ₹${tick} tick grid`)
}

function priceField(p: number | undefined): number {
  return typeof p === 'number' && Number.isFinite(p) && p > 0 ? p : Number.NaN
}

function refuse(reason: RejectReason, message: string): Refusal {
  return { reason, message }
}

function invalid(message: string): Refusal {
  return { reason: 'invalid', message }
}
