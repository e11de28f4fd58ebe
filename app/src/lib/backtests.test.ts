import { expect, test } from 'vitest'
import {
  isActive,
  progressMessageOf,
  progressPercent,
  readRequest,
  runSummary,
  strategyName,
} from './backtests.ts'

const stored = {
  example: 'sma-crossover',
  symbols: ['RELIANCE', 'TCS'],
  timeframe: '1d',
  from: '2023-01-01',
  to: '2023-12-31',
  capital: 1_000_000,
  params: { fast: 10, slow: 30 },
  costs: { product: 'CNC', slippageBps: null },
}

test('readRequest reads the stored request, and an empty one safely', () => {
  expect(readRequest(stored)).toEqual({
    example: 'sma-crossover',
    pluginVersionId: undefined,
    symbols: ['RELIANCE', 'TCS'],
    datasets: [],
    timeframe: '1d',
    from: '2023-01-01',
    to: '2023-12-31',
    capital: 1_000_000,
    params: { fast: 10, slow: 30 },
    product: 'CNC',
    slippageBps: null,
    grid: undefined,
    rankBy: undefined,
    walkForward: undefined,
  })
  expect(readRequest({ grid: { fast: [5, 10], bad: 3 }, costs: { slippageBps: 5 } })).toMatchObject(
    { grid: { fast: [5, 10] }, slippageBps: 5, product: 'CNC', symbols: [] },
  )
  const walked = {
    grid: { fast: [5] },
    rankBy: 'calmar',
    walkForward: { folds: 4, inSampleRatio: 0.7 },
  }
  expect(readRequest(walked)).toMatchObject({
    rankBy: 'calmar',
    walkForward: { folds: 4, inSampleRatio: 0.7 },
  })
  expect(readRequest({ walkForward: { folds: '4' } }).walkForward).toBeUndefined()
})

test('strategyName names the example, or the stored version', () => {
  expect(strategyName(readRequest(stored))).toBe('Moving-average crossover')
  expect(strategyName(readRequest({ pluginVersionId: 'plv_1' }))).toBe(
    'Your plugin (version plv_1)',
  )
})

test('runSummary says what it ran on', () => {
  expect(runSummary(readRequest(stored))).toBe('RELIANCE, TCS · daily · 2023-01-01 → 2023-12-31')
  expect(runSummary(readRequest({ ...stored, symbols: [], datasets: ['dst_1'] }))).toBe(
    '1 imported dataset · daily · 2023-01-01 → 2023-12-31',
  )
  expect(
    runSummary(readRequest({ ...stored, symbols: ['TCS'], datasets: ['dst_1', 'dst_2'] })),
  ).toBe('TCS + 2 imported datasets · daily · 2023-01-01 → 2023-12-31')
})

test('progress helpers', () => {
  expect(progressPercent(0.376)).toBe(38)
  expect(progressPercent(1.5)).toBe(100)
  expect(progressPercent(Number.NaN)).toBe(0)
  expect(progressMessageOf({ progressMessage: 'run 37 of 100' })).toBe('run 37 of 100')
  expect(progressMessageOf({ progressMessage: ' ' })).toBeUndefined()
  expect(progressMessageOf({})).toBeUndefined()
  expect(isActive('queued') && isActive('running')).toBe(true)
  expect(isActive('succeeded') || isActive('failed') || isActive('cancelled')).toBe(false)
})
