import { type ChargeRate, type ChargeSegment, ZERODHA_NSE_RATES } from './cost-rates.ts'

/** One segment's rates, compiled from the rate table for fast per-fill use. */
export interface SegmentRates {
  /** Brokerage in ₹ per crore, capped at `brokerageCap` ₹ per order, plus a flat ₹ per order. */
  brokeragePerCrore: number
  brokerageCap: number
  brokerageFlat: number
  sttBuyPerCrore: number
  sttSellPerCrore: number
  /** Exchange transaction charges including NSE's IPFT levy, each side. */
  exchangePerCrore: number
  sebiPerCrore: number
  stampBuyPerCrore: number
  /** GST as a fraction of brokerage + exchange + SEBI + square-off fee. */
  gst: number
  /** ₹ per order the broker adds when it squares off an MIS position itself. */
  squareOffFee: number
}

export type ChargeSchedule = Readonly<Record<ChargeSegment, SegmentRates>>

/** The charge lines of a contract note, in ₹, each rounded as a contract note rounds it. */
export interface Charges {
  brokerage: number
  stt: number
  exchange: number
  sebi: number
  stamp: number
  squareOff: number
  gst: number
  total: number
}

/** One executed order on a contract note. */
export interface NoteOrder {
  side: 'BUY' | 'SELL'
  price: number
  qty: number
  /** An order the broker placed to square off an MIS position (adds the square-off fee). */
  autoSquareOff?: boolean
}

const SEGMENTS: readonly ChargeSegment[] = ['EQ_DELIVERY', 'EQ_INTRADAY', 'FUT', 'OPT']
const CRORE = 10_000_000

/**
 * Compiles a rate table (default: Zerodha on NSE, see cost-rates.ts) into per-segment rates.
 * Rows for segment `ALL` apply to every segment; a later row for the same charge and segment
 * replaces an earlier one, so a custom table can append overrides.
 *
 * @example const schedule = compileSchedule([...ZERODHA_NSE_RATES, myBrokerRow])
 */
export function compileSchedule(rates: readonly ChargeRate[] = ZERODHA_NSE_RATES): ChargeSchedule {
  const out = {} as Record<ChargeSegment, SegmentRates>
  for (const segment of SEGMENTS) {
    const s: SegmentRates = {
      brokeragePerCrore: 0,
      brokerageCap: Number.POSITIVE_INFINITY,
      brokerageFlat: 0,
      sttBuyPerCrore: 0,
      sttSellPerCrore: 0,
      exchangePerCrore: 0,
      sebiPerCrore: 0,
      stampBuyPerCrore: 0,
      gst: 0,
      squareOffFee: 0,
    }
    let exchange = 0
    let ipft = 0
    for (const r of rates) {
      if (r.segment !== segment && r.segment !== 'ALL') continue
      const perCrore = r.perCrore ?? 0
      switch (r.charge) {
        case 'brokerage':
          s.brokeragePerCrore = perCrore
          s.brokerageCap = r.capPerOrder ?? Number.POSITIVE_INFINITY
          s.brokerageFlat = r.flatPerOrder ?? 0
          break
        case 'stt':
          s.sttBuyPerCrore = r.side === 'sell' ? 0 : perCrore
          s.sttSellPerCrore = r.side === 'buy' ? 0 : perCrore
          break
        case 'exchange':
          exchange = perCrore
          break
        case 'ipft':
          ipft = perCrore
          break
        case 'sebi':
          s.sebiPerCrore = perCrore
          break
        case 'stamp':
          s.stampBuyPerCrore = perCrore
          break
        case 'gst':
          s.gst = (r.percentOfCharges ?? 0) / 100
          break
        case 'squareOff':
          s.squareOffFee = r.flatPerOrder ?? 0
          break
      }
    }
    s.exchangePerCrore = exchange + ipft
    out[segment] = s
  }
  return out
}

/** Zerodha's current NSE charges, compiled once. */
export const ZERODHA_SCHEDULE: ChargeSchedule = compileSchedule()

/**
 * Charges of one contract note: several executed orders in one segment on one day. Brokerage
 * is per executed order (rounded to paise); the statutory lines are computed on the note's
 * buy and sell turnover and rounded once: STT to the nearest rupee, everything else to the
 * paisa, half up. GST is taken on the rounded lines it applies to.
 *
 * @example
 * // buy 100 RELIANCE at ₹2,500 and sell at ₹2,520, intraday: total ₹136.47
 * contractNote(ZERODHA_SCHEDULE, 'EQ_INTRADAY', [
 *   { side: 'BUY', price: 2500, qty: 100 },
 *   { side: 'SELL', price: 2520, qty: 100 },
 * ]).total
 */
export function contractNote(
  schedule: ChargeSchedule,
  segment: ChargeSegment,
  orders: readonly NoteOrder[],
): Charges {
  const rates = schedule[segment]
  let buyValue = 0
  let sellValue = 0
  let brokerage = 0
  let squareOffs = 0
  for (const o of orders) {
    const value = o.price * o.qty
    if (o.side === 'BUY') buyValue += value
    else sellValue += value
    brokerage += orderBrokerage(rates, value)
    if (o.autoSquareOff) squareOffs++
  }
  return noteCharges(rates, buyValue, sellValue, roundPaise(brokerage), squareOffs)
}

/**
 * Charges of a single executed order, as a contract note holding only that order. This is
 * what the engine books per fill.
 */
export function orderCharges(
  schedule: ChargeSchedule,
  segment: ChargeSegment,
  side: 'BUY' | 'SELL',
  value: number,
  autoSquareOff = false,
): Charges {
  const rates = schedule[segment]
  const buy = side === 'BUY' ? value : 0
  const sell = side === 'SELL' ? value : 0
  return noteCharges(rates, buy, sell, orderBrokerage(rates, value), autoSquareOff ? 1 : 0)
}

/** A zeroed set of charge lines, for totals. */
export function noCharges(): Charges {
  return { brokerage: 0, stt: 0, exchange: 0, sebi: 0, stamp: 0, squareOff: 0, gst: 0, total: 0 }
}

/** Adds `c` into `into` line by line (kept to the paisa). */
export function addCharges(into: Charges, c: Charges): void {
  into.brokerage = roundPaise(into.brokerage + c.brokerage)
  into.stt = roundPaise(into.stt + c.stt)
  into.exchange = roundPaise(into.exchange + c.exchange)
  into.sebi = roundPaise(into.sebi + c.sebi)
  into.stamp = roundPaise(into.stamp + c.stamp)
  into.squareOff = roundPaise(into.squareOff + c.squareOff)
  into.gst = roundPaise(into.gst + c.gst)
  into.total = roundPaise(into.total + c.total)
}

/**
 * Rounds a non-negative amount to the paisa, half up. The tiny relative nudge puts values
 * that are halfway in decimal (7.675) but just below it in binary on the upper side.
 */
export function roundPaise(x: number): number {
  return Math.round(x * 100 * (1 + 2 ** -40)) / 100
}

function roundRupee(x: number): number {
  return Math.round(x * (1 + 2 ** -40))
}

function orderBrokerage(rates: SegmentRates, value: number): number {
  const pct = Math.min((value * rates.brokeragePerCrore) / CRORE, rates.brokerageCap)
  return roundPaise(pct + rates.brokerageFlat)
}

function noteCharges(
  rates: SegmentRates,
  buyValue: number,
  sellValue: number,
  brokerage: number,
  squareOffs: number,
): Charges {
  const turnover = buyValue + sellValue
  const stt = roundRupee(
    (buyValue * rates.sttBuyPerCrore + sellValue * rates.sttSellPerCrore) / CRORE,
  )
  const exchange = roundPaise((turnover * rates.exchangePerCrore) / CRORE)
  const sebi = roundPaise((turnover * rates.sebiPerCrore) / CRORE)
  const stamp = roundPaise((buyValue * rates.stampBuyPerCrore) / CRORE)
  const squareOff = roundPaise(squareOffs * rates.squareOffFee)
  const gst = roundPaise((brokerage + exchange + sebi + squareOff) * rates.gst)
  const total = roundPaise(brokerage + stt + exchange + sebi + stamp + squareOff + gst)
  return { brokerage, stt, exchange, sebi, stamp, squareOff, gst, total }
}

/**
 * An upper bound of one order's charges under `schedule`: `rate × value + fixed` is never
 * below `orderCharges` of any segment and side, the broker's square-off fee included. The sandbox counts charges at this bound when it fills market orders ahead
 * of the host, so a fill it reports as paid for is one the host pays for too.
 */
export function chargeBound(schedule: ChargeSchedule | null): { rate: number; fixed: number } {
  if (!schedule) return { rate: 0, fixed: 0 }
  let rate = 0
  let fixed = 0
  for (const segment of SEGMENTS) {
    const s = schedule[segment]
    const taxed = (s.brokeragePerCrore + s.exchangePerCrore + s.sebiPerCrore) * (1 + s.gst)
    const side = Math.max(s.sttBuyPerCrore + s.stampBuyPerCrore, s.sttSellPerCrore)
    rate = Math.max(rate, (taxed + side) / CRORE)
    fixed = Math.max(fixed, (s.brokerageFlat + s.squareOffFee) * (1 + s.gst))
  }
  // Each line is rounded to the paisa and STT to the rupee: ₹1 covers them all.
  return { rate: rate * (1 + 1e-9), fixed: fixed + 1 }
}
