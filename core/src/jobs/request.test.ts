import { describe, expect, it } from 'vitest'
import { gridCombinations, JobFailure, parseBacktestRequest } from './index.ts'
import { dailyRequest } from './testing/helpers.ts'

describe('parseBacktestRequest', () => {
  it('reads a stored request, filling in the defaults', () => {
    const { costs, ...rest } = dailyRequest()
    expect(parseBacktestRequest(rest)).toEqual({
      ...dailyRequest(),
      costs,
      datasets: [],
      rankBy: 'sharpe',
    })
  })

  it('fails the job naming the bad field', () => {
    expect(() => parseBacktestRequest({ ...dailyRequest(), timeframe: '5m' })).toThrow(JobFailure)
    expect(() => parseBacktestRequest({ ...dailyRequest(), symbols: [] })).toThrow(
      /The backtest request is not valid \(symbols: /,
    )
    expect(() => parseBacktestRequest({ ...dailyRequest(), example: undefined })).toThrow(
      /either example or pluginVersionId/,
    )
    expect(() => parseBacktestRequest(null)).toThrow(JobFailure)
    expect(() => parseBacktestRequest({ ...dailyRequest(), rankBy: 'luck' })).toThrow(
      /The backtest request is not valid \(rankBy: /,
    )
  })
})

describe('gridCombinations', () => {
  it('lists every combination, the last parameter varying fastest', () => {
    expect(gridCombinations({ fast: [5, 10], slow: [30, 50], type: ['sma'] })).toEqual([
      { fast: 5, slow: 30, type: 'sma' },
      { fast: 5, slow: 50, type: 'sma' },
      { fast: 10, slow: 30, type: 'sma' },
      { fast: 10, slow: 50, type: 'sma' },
    ])
    expect(gridCombinations({})).toEqual([{}])
  })
})
