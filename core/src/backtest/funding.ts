import { type Ledger, PRODUCTS } from './ledger.ts'
import type { PendingOrder, Refusal } from './orders.ts'

/**
 * Why a fill of `n` units at `price` (with `cost` of charges) cannot be paid for, or
 * undefined. CNC: no short selling, and a buy needs cash for value + charges. MIS and NRML:
 * an order that increases a position needs the margin of every open position after it,
 * Σ |qty| × price × rate, to fit in equity after charges. Reducing a position always passes.
 */
export function fundingRefusal(
  ledger: Ledger,
  marginRate: Float64Array,
  ord: PendingOrder,
  n: number,
  price: number,
  cost: number,
): Refusal | undefined {
  const q = ledger.qty[ord.s]!
  const next = q + ord.dir * n
  if (ord.product === 'CNC') {
    if (next < 0)
      return { reason: 'no_short_delivery', message: `CNC sell of ${n} exceeds the ${q} held` }
    const need = price * n + cost
    if (ord.dir > 0 && need > ledger.cash + 1e-9) {
      const message = `needs ₹${need.toFixed(2)}, cash ₹${ledger.cash.toFixed(2)}`
      return { reason: 'insufficient_funds', message }
    }
    return undefined
  }
  if (Math.abs(next) <= Math.abs(q)) return undefined
  let need = Math.abs(next) * price * marginRate[PRODUCTS.indexOf(ord.product)]!
  for (let t = 0; t < ledger.qty.length; t++) {
    const qt = ledger.qty[t]!
    if (t !== ord.s && qt !== 0)
      need += Math.abs(qt) * ledger.last[t]! * marginRate[ledger.product[t]!]!
  }
  const equity = ledger.equity() - cost
  if (need > equity + 1e-9) {
    const message = `margin ₹${need.toFixed(2)} exceeds equity ₹${equity.toFixed(2)}`
    return { reason: 'insufficient_margin', message }
  }
  return undefined
}

/**
 * Shrinks a host-sized CNC buy of `n` units, by whole lots, to what cash pays with its charges
 * (`costOf(value)`); charges fall as the order shrinks, so a few rounds settle it.
 */
export function affordableQty(
  cash: number,
  n: number,
  price: number,
  lot: number,
  costOf: (value: number) => number,
): number {
  for (let round = 0; round < 4 && n > 0; round++) {
    const cost = costOf(price * n)
    if (price * n + cost <= cash) break
    n = Math.min(n - lot, Math.floor((cash - cost) / price / lot) * lot)
  }
  return Math.max(0, n)
}
