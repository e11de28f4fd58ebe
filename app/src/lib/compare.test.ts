import { expect, test } from 'vitest'
import { betterOf, compareMetrics, paramRows, runLabel, tally } from './compare.ts'

test('betterOf follows the metric’s direction and stays out of ties and gaps', () => {
  expect(betterOf({ better: 'higher' }, 0.2, 0.1)).toBe('a')
  expect(betterOf({ better: 'lower' }, 0.12, 0.08)).toBe('b')
  expect(betterOf({ better: 'higher' }, 1, 1)).toBeUndefined()
  expect(betterOf({ better: 'higher' }, null, 1)).toBeUndefined()
  expect(betterOf({}, 0.5, 0.2)).toBeUndefined()
})

test('compareMetrics: both values, the better marked; metrics neither has are left out', () => {
  const a = { totalReturn: 0.1, maxDrawdown: 0.2, exposure: 0.5, sharpe: null, benchmark: null }
  const b = {
    totalReturn: 0.05,
    maxDrawdown: 0.1,
    exposure: 0.3,
    sharpe: 0.8,
    benchmark: { name: 'NIFTY 50 buy-and-hold', excessReturn: -0.02 },
  }
  const rows = compareMetrics(a, b)
  const byKey = Object.fromEntries(rows.map((r) => [r.def.key, r]))
  expect(byKey.totalReturn).toMatchObject({ a: 0.1, b: 0.05, better: 'a' })
  expect(byKey.maxDrawdown).toMatchObject({ a: 0.2, b: 0.1, better: 'b' })
  // Exposure has no better direction.
  expect(byKey.exposure).toMatchObject({ a: 0.5, b: 0.3, better: undefined })
  expect(byKey.sharpe).toMatchObject({ a: null, b: 0.8, better: undefined })
  expect(byKey.excessReturn).toMatchObject({ a: null, b: -0.02 })
  expect(byKey.cagr).toBeUndefined()
  expect(tally(rows)).toEqual({ a: 1, b: 1 })
})

test('paramRows lists every parameter of either run and flags the differences', () => {
  expect(paramRows({ fast: 10, slow: 30 }, { fast: 5, slow: 30, type: 'ema' })).toEqual([
    { name: 'fast', a: 10, b: 5, differs: true },
    { name: 'slow', a: 30, b: 30, differs: false },
    { name: 'type', a: undefined, b: 'ema', differs: true },
  ])
})

test('runLabel says what sets a run apart', () => {
  const rows = paramRows({ fast: 5, slow: 20, qty: 1 }, { fast: 10, slow: 30, qty: 1 })
  expect(runLabel('a', 'SMA', rows)).toBe('A: SMA (fast 5, slow 20)')
  expect(runLabel('b', 'SMA', rows)).toBe('B: SMA (fast 10, slow 30)')
  expect(runLabel('a', 'SMA', paramRows({ qty: 1 }, { qty: 1 }))).toBe('A: SMA')
})

test('values that read the same are not one better than the other', () => {
  const [row] = compareMetrics({ totalReturn: -0.00004 }, { totalReturn: 0.00001 })
  expect(row).toMatchObject({ better: undefined })
})
