import type { Bar } from '../types.ts'

/**
 * Streaming SMA and EMA with technicalindicators' arithmetic, step for step, without its
 * generators and linked lists: a strategy asks for averages on every bar, and those allocations
 * were most of the SDK's cost per bar in backtests. The values are the library's to the last bit
 * (`moving-averages.test.ts` compares them on real bars, zeros included).
 */

/** SMA: `(sum − oldest) + newest`, over a window that starts with a 0, as the library keeps it. */
export function smaStepper(period: number, read: (bar: Bar) => number) {
  const next = smaNext(period)
  return (bar: Bar): number | undefined => next(read(bar))
}

function smaNext(period: number): (value: number) => number | undefined {
  const window = new Float64Array(period)
  let head = 0
  let counter = 1
  let sum = 0
  return (value) => {
    if (counter < period) {
      counter++
      window[counter - 1] = value
      sum = sum + value
      return undefined
    }
    sum = sum - window[head]! + value
    window[head] = value
    head = head + 1 === period ? 0 : head + 1
    return sum / period
  }
}

/**
 * EMA: seeded with the SMA of the first `period` values, then `(x − ema) × k + ema` with
 * k = 2 / (period + 1). Like the library, a seed of 0 is taken as no value yet, and the same
 * value then starts the average from 0.
 */
export function emaStepper(period: number, read: (bar: Bar) => number) {
  const sma = smaNext(period)
  const k = 2 / (period + 1)
  let ema: number | undefined
  return (bar: Bar): number | undefined => {
    const value = read(bar)
    if (ema !== undefined) {
      ema = (value - ema) * k + ema
      return ema
    }
    const seed = sma(value)
    if (seed === undefined) return undefined
    if (seed) {
      ema = seed
      return ema
    }
    ema = (value - seed) * k + seed
    return ema
  }
}
