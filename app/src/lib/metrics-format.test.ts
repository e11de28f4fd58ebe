import { describe, expect, test } from 'vitest'
import {
  formatMetric,
  formatRupees,
  METRICS,
  metricTone,
  metricValue,
  readBenchmark,
  shown,
} from './metrics-format.ts'

describe('formatMetric', () => {
  test('percentages, signed where a gain or a loss is meant', () => {
    expect(formatMetric(0.1234, 'signed-percent')).toBe('+12.34%')
    expect(formatMetric(-0.05, 'signed-percent')).toBe('-5.00%')
    expect(formatMetric(0, 'signed-percent')).toBe('0.00%')
    expect(formatMetric(0.1234, 'percent')).toBe('12.34%')
  })

  test('rupees with Indian grouping and paise, ratios, counts and days', () => {
    expect(formatMetric(123456.789, 'rupees')).toBe('₹1,23,456.79')
    expect(formatMetric(-1234.5, 'rupees')).toBe('-₹1,234.50')
    expect(formatMetric(1.23456, 'ratio')).toBe('1.23')
    expect(formatMetric(12345, 'count')).toBe('12,345')
    expect(formatMetric(1, 'days')).toBe('1 trading day')
    expect(formatMetric(45, 'days')).toBe('45 trading days')
  })

  test('values are rounded as shown, and never read as −0', () => {
    expect(formatMetric(-0.00004, 'signed-percent')).toBe('0.00%')
    expect(formatMetric(-0.001, 'ratio')).toBe('0.00')
    expect(metricTone(-0.00004, 'signed-percent')).toBeUndefined()
    expect(shown(0.123456, 'percent')).toBe(0.1235)
  })

  test('an undefined metric reads as a dash', () => {
    expect(formatMetric(null, 'ratio')).toBe('—')
    expect(formatMetric(Number.NaN, 'percent')).toBe('—')
  })
})

test('formatRupees drops paise on large amounts', () => {
  expect(formatRupees(1_000_000)).toBe('₹10,00,000')
  expect(formatRupees(999.5)).toBe('₹999.50')
})

test('metricValue reads only finite numbers', () => {
  const metrics = { sharpe: 1.2, sortino: null, calmar: 'x', winRate: Number.POSITIVE_INFINITY }
  expect(metricValue(metrics, 'sharpe')).toBe(1.2)
  expect(metricValue(metrics, 'sortino')).toBeNull()
  expect(metricValue(metrics, 'calmar')).toBeNull()
  expect(metricValue(metrics, 'winRate')).toBeNull()
  expect(metricValue(undefined, 'sharpe')).toBeNull()
})

test('readBenchmark: the block when there is one, null otherwise', () => {
  expect(
    readBenchmark({
      benchmark: { name: 'NIFTY 50 buy-and-hold', coverage: 0.5, totalReturn: 0.1 },
    }),
  ).toEqual({
    name: 'NIFTY 50 buy-and-hold',
    coverage: 0.5,
    metrics: { name: 'NIFTY 50 buy-and-hold', coverage: 0.5, totalReturn: 0.1 },
  })
  expect(readBenchmark({ benchmark: null })).toBeNull()
  expect(readBenchmark({})).toBeNull()
})

test('metricTone colours signed values only', () => {
  expect(metricTone(0.1, 'signed-percent')).toBe('gain')
  expect(metricTone(-5, 'rupees')).toBe('loss')
  expect(metricTone(0, 'rupees')).toBeUndefined()
  expect(metricTone(0.3, 'percent')).toBeUndefined()
})

test('every metric the engine reports has a card, each key once', () => {
  const keys = METRICS.map((m) => m.key)
  expect(new Set(keys).size).toBe(keys.length)
  // core/src/backtest/metrics.ts `Metrics`, less riskFreeRate/benchmark/maxDrawdownBars (shown elsewhere).
  expect(keys.sort()).toEqual(
    [
      'totalReturn',
      'cagr',
      'tradingDays',
      'maxDrawdown',
      'maxDrawdownDays',
      'volatility',
      'sharpe',
      'sortino',
      'calmar',
      'trades',
      'winRate',
      'profitFactor',
      'expectancy',
      'averageWin',
      'averageLoss',
      'exposure',
    ].sort(),
  )
})
