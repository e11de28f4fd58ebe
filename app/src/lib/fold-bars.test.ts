import { expect, test } from 'vitest'
import { foldBars, MIN_BAR } from './fold-bars.ts'
import { readWalkForward } from './walk-forward-result.ts'

// Folds as `metrics.walkForward` holds them, with the total returns that matter here.
const part = (totalReturn: number | null) => ({ from: '', to: '', metrics: { totalReturn } })
const folds = readWalkForward({
  walkForward: {
    folds: [
      { fold: 1, inSample: part(0.08), outOfSample: part(0.02) },
      { fold: 2, inSample: part(0.04), outOfSample: part(-0.01) },
    ],
  },
})!.folds

test('two bars a fold, gains up from zero and losses down, on one scale', () => {
  // Returns: fold 1 +8% / +2%, fold 2 +4% / −1%: from +8% at the top to −1% at the bottom.
  const chart = foldBars(folds, 400, 90)
  expect(chart.zeroY).toBeCloseTo(80)
  const bar = (fold: number, side: string) =>
    chart.bars.find((b) => b.fold === fold && b.side === side)!
  expect(bar(1, 'inSample')).toMatchObject({ y: 0, label: 'Fold 1 in sample: +8.00%' })
  expect(bar(1, 'inSample').height).toBeCloseTo(80)
  expect(bar(1, 'outOfSample').height).toBeCloseTo(20)
  const loss = bar(2, 'outOfSample')
  expect(loss).toMatchObject({ y: chart.zeroY, label: 'Fold 2 out of sample: -1.00%' })
  expect(loss.height).toBeCloseTo(10)
  // Each fold's pair sits within its half of the width, in sample first.
  expect(bar(1, 'inSample').x).toBeLessThan(bar(1, 'outOfSample').x)
  expect(bar(1, 'outOfSample').x + bar(1, 'outOfSample').width).toBeLessThanOrEqual(200)
  expect(bar(2, 'inSample').x).toBeGreaterThanOrEqual(200)
  expect(chart.ticks).toEqual([
    { fold: 1, x: 100 },
    { fold: 2, x: 300 },
  ])
})

test('an undefined return has no bar; a zero one is a sliver on the zero line, in the middle', () => {
  const flat = readWalkForward({
    walkForward: {
      folds: [1, 2].map((fold) => ({ fold, inSample: part(0), outOfSample: part(null) })),
    },
  })!.folds
  const chart = foldBars(flat, 400, 90)
  expect(chart.zeroY).toBe(45)
  expect(chart.bars.map((b) => [b.side, b.height, b.y])).toEqual([
    ['inSample', MIN_BAR, 45 - MIN_BAR],
    ['inSample', MIN_BAR, 45 - MIN_BAR],
  ])
})
