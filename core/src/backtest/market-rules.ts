import { type Product, roundToTick } from '@vm-algo/plugins'
import { listInstruments } from '../market/catalog.ts'
import { IST_OFFSET_MS } from '../market/time.ts'
import { type Instrument, TIMEFRAME_MS, type Timeframe } from '../market/types.ts'
import type { ChargeSegment } from './cost-rates.ts'

const MINUTE = 60_000
const DAY_MS = 86_400_000

/** NSE's normal equity session, as ms after 00:00 IST: 09:15 to 15:30. */
export const SESSION_OPEN = (9 * 60 + 15) * MINUTE
export const SESSION_CLOSE = (15 * 60 + 30) * MINUTE

/** Zerodha squares off open MIS equity and F&O positions from 15:20 IST. */
export const MIS_SQUARE_OFF = (15 * 60 + 20) * MINUTE

/**
 * Most NSE equities trade on a ₹0.05 grid (all the bundled prices lie on it). Since
 * 2024-06-10 NSE uses ₹0.01 below ₹250 (circular of 2024-05-24); pass `tickSize` per
 * instrument where that matters.
 */
export const DEFAULT_TICK = 0.05

let catalog: Map<string, Instrument> | undefined

/** What the host needs to know to trade a symbol. */
export interface InstrumentSpec {
  symbol: string
  /** `INDICES` trade like cash equity here: a stand-in for an index fund or basket. */
  segment: 'EQ' | 'INDICES' | 'FUT' | 'OPT'
  lotSize: number
  tickSize: number
}

/** How many units an order buys or sells, rounded down to whole lots at the fill price. */
export type PositionSize =
  | { mode: 'qty'; qty: number }
  | { mode: 'value'; value: number }
  | { mode: 'percent'; percent: number }

/** Milliseconds since 00:00 IST of `ms`'s IST day. */
export function istTimeOfDay(ms: number): number {
  const t = (ms + IST_OFFSET_MS) % DAY_MS
  return t < 0 ? t + DAY_MS : t
}

/**
 * When a bar opens: its start for intraday bars; 09:15 IST for a daily bar (stamped 00:00).
 */
export function barOpenTime(ts: number, timeframe: Timeframe): number {
  return timeframe === '1d' ? ts + SESSION_OPEN : ts
}

/** When a bar's data is complete: start + length intraday; 15:30 IST for a daily bar. */
export function barCloseTime(ts: number, timeframe: Timeframe): number {
  return timeframe === '1d' ? ts + SESSION_CLOSE : ts + TIMEFRAME_MS[timeframe]
}

/**
 * The instrument spec of `symbol`: the bundled catalog's segment and lot size (futures in the
 * tick file have lots of 500, 100, 175, 125), overridden field by field by `override`.
 * Unknown symbols (imported data) default to cash equity, lot 1.
 *
 * @example instrumentSpec('RELIANCE25NOVFUT').lotSize // 500
 */
export function instrumentSpec(
  symbol: string,
  override: Partial<Omit<InstrumentSpec, 'symbol'>> = {},
): InstrumentSpec {
  catalog ??= new Map(listInstruments().map((i) => [i.symbol, i]))
  const known = catalog.get(symbol)
  return {
    symbol,
    segment: override.segment ?? known?.segment ?? 'EQ',
    lotSize: override.lotSize ?? known?.lotSize ?? 1,
    tickSize: override.tickSize ?? DEFAULT_TICK,
  }
}

/**
 * The charge segment of an order, or null when the product does not exist for the instrument
 * (CNC is cash equity only; NRML is F&O only; MIS is both).
 */
export function chargeSegment(spec: InstrumentSpec, product: Product): ChargeSegment | null {
  const cash = spec.segment === 'EQ' || spec.segment === 'INDICES'
  if (cash) {
    if (product === 'CNC') return 'EQ_DELIVERY'
    return product === 'MIS' ? 'EQ_INTRADAY' : null
  }
  if (product === 'CNC') return null
  return spec.segment === 'FUT' ? 'FUT' : 'OPT'
}

// One rounding rule for host and sandbox (plugins/src/fill-rules.ts).
export { roundToTick } from '@vm-algo/plugins'

/** True when `price` lies on the tick grid (within float noise). */
export function onTick(price: number, tick: number): boolean {
  return Math.abs(roundToTick(price, tick, 0) - price) < 1e-6
}

/**
 * Units to trade for a position size at `price`, rounded down to a whole number of lots:
 * a value in ₹, or a percent of `equity`.
 *
 * @example sizeToQty({ mode: 'percent', percent: 50 }, 2500, 1_000_000, 1) // 200
 */
export function sizeToQty(size: PositionSize, price: number, equity: number, lotSize: number) {
  const units =
    size.mode === 'qty'
      ? size.qty
      : size.mode === 'value'
        ? size.value / price
        : (equity * size.percent) / 100 / price
  if (!(units > 0)) return 0
  return Math.floor(units / lotSize + 1e-9) * lotSize
}
