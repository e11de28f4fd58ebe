import type { Product, Side } from '@vm-algo/plugins'
import type { Timeframe } from '../market/types.ts'
import { Brackets } from './brackets.ts'
import { type ChargeSchedule, type Charges, chargeBound, noCharges, orderCharges } from './costs.ts'
import {
  limitFill,
  marketFill,
  type Slippage,
  slip,
  stopLimitFill,
  stopMarketFill,
  stopTouch,
} from './fills.ts'
import { affordableQty, fundingRefusal } from './funding.ts'
import { exitReasonOf, Ledger, PRODUCTS } from './ledger.ts'
import { barOpenTime, chargeSegment, type InstrumentSpec, sizeToQty } from './market-rules.ts'
import { MIS_CUTOFF_MESSAGE, OrderDesk } from './order-desk.ts'
import type { PendingOrder } from './orders.ts'
import { setupRun } from './setup.ts'
import { AT_CUTOFF, eventDay, LAST_OF_DAY, type Timeline } from './timeline.ts'
import type { BacktestConfig, FeedView, Fill, FillReason, FillRules, TimedIntent } from './types.ts'

const MIS = PRODUCTS.indexOf('MIS')
const NRML = PRODUCTS.indexOf('NRML')

/**
 * One backtest's state: the merged timeline, the ledger and the order desk. `openBlock` works
 * the first bar of a block before the strategy sees it; `simulate` walks the block after the
 * strategy has seen it: fills at each later execution bar, then the intents the strategy
 * emitted at that event, then equity marked to the close. Typed arrays and plain loops only
 * on that path: no allocation per bar.
 */
export class BacktestRun {
  readonly timeline: Timeline
  readonly ledger: Ledger
  readonly desk: OrderDesk
  readonly feeds: readonly FeedView[]
  readonly capital: number
  readonly specs: readonly InstrumentSpec[]
  /** Equity after each event. */
  readonly equity: Float64Array
  readonly dailyDay: Float64Array
  readonly dailyEquity: Float64Array
  dailyCount = 0
  exposed = 0
  cursor = 0
  private readonly schedule: ChargeSchedule | null
  private readonly slippage: Slippage
  private readonly marginRate: Float64Array
  private readonly feedSym: Int32Array
  private readonly feedExec: Uint8Array
  private readonly flags: Uint8Array[]
  private readonly tf: Timeframe[]
  private readonly closes: Float64Array[]
  private readonly brackets: Brackets
  private autoSeq = 0
  private fillSeq = 0
  /** The event whose bar `openBlock` worked (simulate does not work it again). */
  private opened = -1

  constructor(config: BacktestConfig) {
    const setup = setupRun(config)
    this.capital = setup.capital
    this.timeline = setup.timeline
    this.specs = setup.specs
    this.feeds = setup.feeds
    this.tf = setup.timeframes
    this.closes = setup.closes
    this.feedSym = setup.feedSym
    this.feedExec = setup.feedExec
    this.flags = setup.flags
    this.schedule = setup.schedule
    this.slippage = setup.slippage
    this.marginRate = setup.marginRate
    const n = setup.symbols.length
    this.ledger = new Ledger(setup.capital, setup.symbols)
    this.desk = new OrderDesk(this.timeline, setup.symbols, this.specs, setup.dailyOnly)
    this.brackets = new Brackets(n)
    this.equity = new Float64Array(this.timeline.length)
    this.dailyDay = new Float64Array(this.timeline.dayStarts.length)
    this.dailyEquity = new Float64Array(this.timeline.dayStarts.length)
  }

  /**
   * Does the host's work at the bar of event `from` — fills at its open, stops, targets, the
   * MIS square-off — before the strategy sees that bar, so the updates reach it first (as a
   * live order's fill is reported before the next bar closes). `simulate` then starts after it.
   */
  openBlock(from: number): void {
    const f = this.timeline.feed[from]!
    if (this.feedExec[f] === 1) {
      const s = this.feedSym[f]!
      const r = this.timeline.row[from]!
      if (this.quiet(from)) this.ledger.last[s] = this.closes[f]![r]!
      else this.barWork(from, f, r, s)
    }
    this.opened = from
  }

  /**
   * The first event after `from` (and before `limit`) at which the host may fill, cancel or
   * close something, as things stand: until then nothing the strategy is told can change,
   * unless it emits an intent itself.
   */
  quietUntil(from: number, limit: number): number {
    for (let k = from + 1; k < limit; k++) if (!this.quiet(k)) return k
    return limit
  }

  /**
   * True when event k's bar can change nothing but the last price: not an execution bar, or
   * no working order of its symbol and no position there with a bracket, or (MIS) at the
   * day's end or square-off time. Whatever the bar's prices, barWork would do nothing else.
   * Deliberately blind to prices: where a block ends must not tell the strategy anything about
   * bars it has not seen (say, that a far limit will fill at bar k).
   */
  quiet(k: number): boolean {
    const f = this.timeline.feed[k]!
    if (this.feedExec[f] !== 1) return true
    const s = this.feedSym[f]!
    if (this.desk.pendingCount[s] !== 0) return false
    if (this.ledger.qty[s] === 0) return true
    if (this.brackets.at[s] !== -1) return false
    return this.flags[f]![this.timeline.row[k]!] === 0 || this.ledger.product[s] !== MIS
  }

  /** Simulates events [from, end) with the intents the strategy emitted in them, sorted by `at`. */
  simulate(from: number, end: number, intents: readonly TimedIntent[]): void {
    const { feed: tlFeed, row: tlRow, dayStarts } = this.timeline
    const { feedSym, feedExec, equity, ledger, desk, dailyDay, dailyEquity } = this
    const qty = ledger.qty
    const last = ledger.last
    const product = ledger.product
    const pendingCount = desk.pendingCount
    const { closes, flags } = this
    const bracketAt = this.brackets.at
    const nSym = qty.length
    const opened = this.opened
    let exposed = this.exposed
    let ip = 0
    let nextAt = intents.length > 0 ? intents[0]!.at : -1
    let dayIndex = this.dailyCount - 1
    let nextDay = dayStarts[dayIndex + 1]!
    for (let k = from; k < end; k++) {
      const f = tlFeed[k]!
      if (feedExec[f] === 1 && k !== opened) {
        const s = feedSym[f]!
        const r = tlRow[k]!
        // Most bars only move the last price (see `quiet`, inlined on this hot path).
        if (
          pendingCount[s] !== 0 ||
          (qty[s] !== 0 && (bracketAt[s] !== -1 || (flags[f]![r] !== 0 && product[s] === MIS)))
        ) {
          this.barWork(k, f, r, s)
        } else {
          last[s] = closes[f]![r]!
        }
      }
      while (k === nextAt) {
        desk.accept(intents[ip]!, k, qty)
        ip++
        nextAt = ip < intents.length ? intents[ip]!.at : -1
      }
      let eq = ledger.cash
      if (ledger.openCount !== 0) {
        exposed++
        for (let s = 0; s < nSym; s++) {
          const q = qty[s]!
          if (q !== 0) eq += q * last[s]!
        }
      }
      equity[k] = eq
      if (k === nextDay) {
        dailyDay[++dayIndex] = eventDay(this.timeline, k)
        nextDay = dayStarts[dayIndex + 1]!
      }
      dailyEquity[dayIndex] = eq
    }
    this.exposed = exposed
    this.dailyCount = dayIndex + 1
    this.cursor = end
  }

  /** The market-order rules a strategy needs to report fills ahead of the host. */
  fillRules(): FillRules {
    return {
      slippage: this.slippage,
      marginRate: { MIS: this.marginRate[MIS]!, NRML: this.marginRate[NRML]! },
      chargeBound: chargeBound(this.schedule),
      misCutoffReason: `mis_cutoff: ${MIS_CUTOFF_MESSAGE}`,
      feeds: this.feeds.map((_, f) => {
        if (this.feedExec[f] !== 1) return null
        const spec = this.specs[this.feedSym[f]!]!
        const daily = this.tf[f] === '1d'
        // What checkPlace and the desk accept for a market order of whole lots.
        const products = PRODUCTS.filter(
          (p) => chargeSegment(spec, p) !== null && !(p === 'MIS' && daily),
        )
        return {
          tick: spec.tickSize,
          lot: spec.lotSize,
          products,
          openOffset: barOpenTime(0, this.tf[f]!),
          flags: this.flags[f]!,
        }
      }),
    }
  }

  /** Cancels what still works at the end of the data. */
  finish(): void {
    this.desk.cancelAll('end of data', this.timeline.length - 1)
  }

  // Fills, brackets and MIS square-off at one execution bar of symbol s.
  private barWork(k: number, f: number, r: number, s: number): void {
    const bars = this.feeds[f]!
    const open = bars.open[r]!
    const high = bars.high[r]!
    const low = bars.low[r]!
    const flag = this.flags[f]![r]!
    const time = barOpenTime(bars.ts[r]!, this.tf[f]!)
    const ledger = this.ledger
    if (flag & AT_CUTOFF) {
      if (this.desk.pendingCount[s] !== 0) this.desk.cancelMis(s, 'MIS square-off', k)
      if (ledger.qty[s] !== 0 && ledger.product[s] === MIS) {
        const dir = -Math.sign(ledger.qty[s]!)
        const tick = this.specs[s]!.tickSize
        this.exit(s, k, time, slip(open, dir, this.slippage, tick, low, high), 'square_off')
      }
    }
    if (this.desk.pendingCount[s] !== 0) this.workOrders(k, s, time, true, open, high, low)
    if (ledger.qty[s] !== 0 && this.brackets.at[s]! >= 0)
      this.checkBracket(k, s, time, open, high, low)
    if (this.desk.pendingCount[s] !== 0) this.workOrders(k, s, time, false, open, high, low)
    ledger.last[s] = bars.close[r]!
    // A session that ends before 15:20 (special sessions): square off at its last close.
    if (flag & LAST_OF_DAY && ledger.qty[s] !== 0 && ledger.product[s] === MIS) {
      const close = bars.close[r]!
      const end = this.timeline.time[k]!
      this.exit(s, k, end, close, 'square_off')
    }
  }

  // Market orders first (they fill at the open), then the rest in the order they were placed.
  private workOrders(
    k: number,
    s: number,
    time: number,
    market: boolean,
    o: number,
    h: number,
    l: number,
  ) {
    const day = eventDay(this.timeline, k)
    const desk = this.desk
    const tick = this.specs[s]!.tickSize
    for (let i = 0; i < desk.pending.length; i++) {
      const ord = desk.pending[i]!
      if (ord.s !== s || (ord.type === 'MARKET') !== market || time < ord.emitTime) continue
      if (Number.isNaN(ord.liveDay)) ord.liveDay = ord.product === 'MIS' ? ord.emitDay : day
      if (ord.liveDay !== day) {
        desk.remove(i--, 'cancelled', 'expired: DAY order not filled in its session', k)
        continue
      }
      let price: number
      switch (ord.type) {
        case 'MARKET':
          price = marketFill(ord.dir, o, h, l, this.slippage, tick)
          break
        case 'LIMIT':
          price = limitFill(ord.dir, ord.price, o, h, l)
          break
        case 'SL-M':
          price = stopMarketFill(ord.dir, ord.trigger, o, h, l, this.slippage, tick)
          break
        default:
          price = stopLimitFill(ord.dir, ord.trigger, ord.price, ord.triggered, o, h, l)
          if (Number.isNaN(price) && stopTouch(ord.dir, ord.trigger, o, h, l) !== 0)
            ord.triggered = true
      }
      if (Number.isNaN(price)) continue
      desk.take(i--)
      this.execute(ord, k, time, price)
      if (this.ledger.qty[s] !== 0 && this.brackets.at[s] === k && !market) {
        this.checkBracket(k, s, time, o, h, l)
      }
    }
  }

  private execute(ord: PendingOrder, k: number, time: number, price: number): void {
    const { ledger, desk } = this
    const s = ord.s
    const spec = this.specs[s]!
    const q = ledger.qty[s]!
    let n = ord.size ? sizeToQty(ord.size, price, ledger.equity(), spec.lotSize) : ord.qty
    if (ord.size && ord.product === 'CNC' && ord.dir > 0) {
      const costOf = (value: number) => this.charge(ord.segment, 'BUY', value, false).total
      n = affordableQty(ledger.cash, n, price, spec.lotSize, costOf)
    }
    if (n <= 0) {
      desk.reject(ord.id, 'size_zero', `size gives no whole lot at ₹${price}`, k)
      return
    }
    if (q !== 0 && PRODUCTS[ledger.product[s]!] !== ord.product) {
      const held = PRODUCTS[ledger.product[s]!]
      desk.reject(
        ord.id,
        'product_mismatch',
        `${spec.symbol} is held as ${held}, not ${ord.product}`,
        k,
      )
      return
    }
    const side: Side = ord.dir > 0 ? 'BUY' : 'SELL'
    const charges = this.charge(ord.segment, side, price * n, false)
    const refusal = fundingRefusal(ledger, this.marginRate, ord, n, price, charges.total)
    if (refusal) {
      desk.reject(ord.id, refusal.reason, refusal.message, k)
      return
    }
    this.book(s, ord.dir * n, price, k, time, ord.emittedAt, ord.id, ord.product, charges, 'order')
    desk.complete(ord.id, n, price)
    if (
      ledger.qty[s] === 0 ||
      Math.sign(ledger.qty[s]!) !== Math.sign(q) ||
      ord.stopLoss ||
      ord.target
    ) {
      const flat = ledger.qty[s] === 0
      if (flat) this.brackets.clear(s)
      else this.brackets.set(s, ord.stopLoss, ord.target, k, ord.type !== 'MARKET')
    }
  }

  private checkBracket(k: number, s: number, time: number, o: number, h: number, l: number): void {
    const dir = Math.sign(this.ledger.qty[s]!)
    const tick = this.specs[s]!.tickSize
    const p = this.brackets.exitPrice(s, dir, k, o, h, l, this.slippage, tick)
    if (!Number.isNaN(p)) this.exit(s, k, time, p, this.brackets.reason)
  }

  // Closes symbol s's whole position at `price` by a host order.
  private exit(s: number, k: number, time: number, price: number, reason: FillReason): void {
    const ledger = this.ledger
    const q = ledger.qty[s]!
    const product = PRODUCTS[ledger.product[s]!]!
    const segment = chargeSegment(this.specs[s]!, product)!
    const side: Side = q > 0 ? 'SELL' : 'BUY'
    const charges = this.charge(segment, side, price * Math.abs(q), reason === 'square_off')
    this.book(s, -q, price, k, time, -1, `auto-${++this.autoSeq}`, product, charges, reason)
    this.brackets.clear(s)
  }

  private book(
    s: number,
    signed: number,
    price: number,
    k: number,
    time: number,
    emittedAt: number,
    id: string,
    product: Product,
    charges: Charges,
    reason: FillReason,
  ): void {
    const side: Side = signed > 0 ? 'BUY' : 'SELL'
    const fill: Fill = {
      seq: ++this.fillSeq,
      clientOrderId: id,
      symbol: this.specs[s]!.symbol,
      side,
      qty: Math.abs(signed),
      price,
      product,
      time,
      at: k,
      emittedAt,
      reason,
      charges,
    }
    this.ledger.book(s, signed, price, fill, exitReasonOf(reason))
  }

  private charge(
    segment: PendingOrder['segment'],
    side: Side,
    value: number,
    auto: boolean,
  ): Charges {
    return this.schedule ? orderCharges(this.schedule, segment, side, value, auto) : noCharges()
  }
}
