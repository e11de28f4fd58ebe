import type { OrderStatus, OrderUpdate, PlaceIntent } from '@vm-algo/plugins'
import { type InstrumentSpec, istTimeOfDay, MIS_SQUARE_OFF } from './market-rules.ts'
import { applyModify, checkPlace, type PendingOrder } from './orders.ts'
import { eventDay, type Timeline } from './timeline.ts'
import type { Rejection, RejectReason, TimedIntent } from './types.ts'

/** Why an MIS order placed from 15:20 IST is refused (also what the sandbox SDK reports). */
export const MIS_CUTOFF_MESSAGE = 'no new MIS orders from 15:20 IST'

/**
 * The host's order book: accepts, modifies and cancels the strategy's intents, keeps the
 * working orders, and records every order update (for the strategy's next block) and every
 * rejection (for the report). Intents are untrusted: anything malformed is rejected, never
 * thrown.
 */
export class OrderDesk {
  readonly pending: PendingOrder[] = []
  /** Working orders per symbol index. */
  readonly pendingCount: Int32Array
  readonly rejections: Rejection[] = []
  /** Updates since the strategy last saw them; `takeUpdates` hands them over. */
  private updates: OrderUpdate[] = []
  private readonly symIndex: Map<string, number>
  private seq = 0
  private readonly timeline: Timeline
  private readonly specs: readonly InstrumentSpec[]
  /** Per symbol: orders fill on daily bars (no intraday square-off possible). */
  private readonly dailyOnly: readonly boolean[]

  constructor(
    timeline: Timeline,
    symbols: readonly string[],
    specs: readonly InstrumentSpec[],
    dailyOnly: readonly boolean[],
  ) {
    this.timeline = timeline
    this.specs = specs
    this.dailyOnly = dailyOnly
    this.pendingCount = new Int32Array(symbols.length)
    this.symIndex = new Map(symbols.map((s, i) => [s, i]))
  }

  /** Handles one intent emitted during event k; `qty` is the host's positions by symbol. */
  accept(timed: TimedIntent, k: number, qty: Float64Array): void {
    const intent = timed?.intent as unknown
    if (!intent || typeof intent !== 'object') {
      this.reject('', 'invalid', 'intent is not an object', k)
      return
    }
    const it = intent as TimedIntent['intent']
    const id = typeof it.clientOrderId === 'string' ? it.clientOrderId : ''
    if (id === '') {
      this.reject('', 'invalid', 'clientOrderId must be a non-empty string', k)
      return
    }
    if (it.action === 'place') {
      this.place(it, timed, k, qty)
      return
    }
    const i = this.indexOf(id)
    if (it.action === 'cancel' || it.action === 'modify') {
      if (i < 0) {
        this.reject(id, 'unknown_order', `no working order "${id}"`, k)
        return
      }
      if (it.action === 'cancel') {
        this.remove(i, 'cancelled', 'cancelled by the strategy', k)
        return
      }
      const order = this.pending[i]!
      const refusal = applyModify(order, it, this.specs[order.s]!)
      if (refusal) {
        this.reject(id, refusal.reason, refusal.message, k, false)
        return
      }
      this.update(id, 'open', 0, 0, 'modified')
      return
    }
    this.reject(id, 'invalid', `unknown action "${String((it as { action?: unknown }).action)}"`, k)
  }

  /** Records a rejection; `final` false keeps the order working (a refused modification). */
  reject(id: string, reason: RejectReason, message: string, k: number, final = true): void {
    this.rejections.push({
      at: k,
      time: this.timeline.time[k]!,
      clientOrderId: id,
      reason,
      message,
    })
    if (id !== '') this.update(id, final ? 'rejected' : 'open', 0, 0, `${reason}: ${message}`)
  }

  complete(id: string, qty: number, price: number): void {
    this.update(id, 'complete', qty, price)
  }

  /** Takes working order i off the book with a final status. */
  remove(i: number, status: OrderStatus, reason: string, _k: number): void {
    const order = this.take(i)
    this.update(order.id, status, 0, 0, reason)
  }

  /** Takes working order i off the book, keeping the others in placement order. */
  take(i: number): PendingOrder {
    const pending = this.pending
    const order = pending[i]!
    for (let j = i + 1; j < pending.length; j++) pending[j - 1] = pending[j]!
    pending.length--
    this.pendingCount[order.s]!--
    return order
  }

  /** Cancels every working order (at the end of the data). */
  cancelAll(reason: string, k: number): void {
    for (let i = this.pending.length - 1; i >= 0; i--) this.remove(i, 'cancelled', reason, k)
  }

  /** Cancels symbol s's working MIS orders (at the square-off). */
  cancelMis(s: number, reason: string, k: number): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const o = this.pending[i]!
      if (o.s === s && o.product === 'MIS') this.remove(i, 'cancelled', reason, k)
    }
  }

  /** Position of working order `id` in `pending`, or -1. */
  indexOf(id: string): number {
    for (let i = 0; i < this.pending.length; i++) if (this.pending[i]!.id === id) return i
    return -1
  }

  /** Updates recorded since the strategy last took them. */
  get recorded(): readonly OrderUpdate[] {
    return this.updates
  }

  /** Drops the updates of these orders with this status: the strategy was told of them already. */
  forget(ids: ReadonlySet<string>, status: OrderStatus): void {
    this.updates = this.updates.filter((u) => !(u.status === status && ids.has(u.clientOrderId)))
  }

  /**
   * Hands over the updates since the last call. An order placed and finished in the same
   * block reports only its final status; one still working reports `open` once.
   */
  takeUpdates(): OrderUpdate[] {
    for (const o of this.pending) {
      if (o.announced) continue
      o.announced = true
      this.update(o.id, 'open', 0, 0)
    }
    const out = this.updates
    this.updates = []
    return out
  }

  private place(it: PlaceIntent, timed: TimedIntent, k: number, qty: Float64Array): void {
    const id = it.clientOrderId
    if (this.indexOf(id) >= 0) {
      this.reject(id, 'duplicate_id', `client order id "${id}" is still working`, k, false)
      return
    }
    const s = this.symIndex.get(it.symbol)
    if (s === undefined) {
      this.reject(id, 'unknown_symbol', `no data for "${String(it.symbol)}" in this backtest`, k)
      return
    }
    const checked = checkPlace(it, this.specs[s]!, timed.size)
    if ('reason' in checked) {
      this.reject(id, checked.reason, checked.message, k)
      return
    }
    if (timed.expectQty !== undefined && timed.expectQty !== qty[s]) {
      this.reject(
        id,
        'stale_state',
        `expected a position of ${timed.expectQty}, the host has ${qty[s]}`,
        k,
      )
      return
    }
    const emitTime = this.timeline.time[k]!
    if (it.product === 'MIS') {
      if (this.dailyOnly[s]) {
        this.reject(
          id,
          'mis_needs_intraday',
          `MIS needs intraday bars of ${it.symbol} for the 15:20 square-off`,
          k,
        )
        return
      }
      if (istTimeOfDay(emitTime) >= MIS_SQUARE_OFF) {
        this.reject(id, 'mis_cutoff', MIS_CUTOFF_MESSAGE, k)
        return
      }
    }
    this.pending.push({
      seq: ++this.seq,
      id,
      s,
      dir: it.side === 'BUY' ? 1 : -1,
      qty: checked.qty,
      size: timed.size,
      type: it.orderType,
      price: checked.price,
      trigger: checked.trigger,
      product: it.product,
      segment: checked.segment,
      stopLoss: positive(it.stopLoss),
      target: positive(it.target),
      emittedAt: k,
      emitTime,
      emitDay: eventDay(this.timeline, k),
      liveDay: Number.NaN,
      triggered: false,
      announced: false,
    })
    this.pendingCount[s]!++
  }

  private update(
    id: string,
    status: OrderStatus,
    filledQty: number,
    avgPrice: number,
    reason?: string,
  ) {
    const u: OrderUpdate = { clientOrderId: id, status, filledQty, avgPrice }
    if (reason !== undefined) u.reason = reason
    this.updates.push(u)
  }
}

function positive(p: number | undefined): number {
  return typeof p === 'number' && p > 0 ? p : Number.NaN
}
