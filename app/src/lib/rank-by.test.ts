import { expect, test } from 'vitest'
import { DEFAULT_RANK_BY, isRankMetric, RANK_OPTIONS, rankingText } from './rank-by.ts'

test('the form offers the seven metrics the API ranks by, labelled as the report labels them', () => {
  expect(RANK_OPTIONS).toEqual([
    { value: 'sharpe', label: 'Sharpe ratio (highest first)' },
    { value: 'sortino', label: 'Sortino ratio (highest first)' },
    { value: 'calmar', label: 'Calmar ratio (highest first)' },
    { value: 'totalReturn', label: 'Total return (highest first)' },
    { value: 'cagr', label: 'CAGR (highest first)' },
    { value: 'profitFactor', label: 'Profit factor (highest first)' },
    { value: 'maxDrawdown', label: 'Max drawdown (shallowest first)' },
  ])
  expect(DEFAULT_RANK_BY).toBe('sharpe')
})

test('only those names are rankings; an unknown one reads as itself', () => {
  expect(isRankMetric('calmar')).toBe(true)
  expect(isRankMetric('volatility')).toBe(false)
  expect(isRankMetric(undefined)).toBe(false)
  expect(rankingText('omega')).toBe('omega')
})
