import { describe, expect, test } from 'vitest'
import {
  FIRST_ROWS,
  paramNames,
  paramsText,
  readHeadline,
  readSweep,
  shownRows,
  sweepColumns,
  sweepSummary,
} from './grid-results.ts'

// A headline as core's ranking.ts keeps it per run.
const headline = (totalReturn: number, calmar: number | null, sharpe: number | null) => ({
  totalReturn,
  cagr: totalReturn,
  sharpe,
  sortino: sharpe,
  calmar,
  maxDrawdown: 0.08,
  trades: 12,
  winRate: 0.5,
  profitFactor: 1.4,
  exposure: 0.6,
})

// `metrics.sweep` of a 2×2 sweep ranked by Calmar, as core's sweep.ts stores it: one failed.
const SWEEP = {
  rankedBy: 'calmar',
  combinations: 4,
  succeeded: 3,
  failed: 1,
  best: { index: 2, params: { fast: 10, slow: 20 } },
  runs: [
    { rank: 1, index: 2, params: { fast: 10, slow: 20 }, metrics: headline(0.12, 1.9, 1.1) },
    { rank: 2, index: 0, params: { fast: 5, slow: 20 }, metrics: headline(0.2, 1.2, 1.4) },
    { rank: 3, index: 1, params: { fast: 5, slow: 40 }, metrics: headline(-0.03, null, null) },
  ],
  failures: [{ index: 3, params: { fast: 10, slow: 40 }, reason: 'The plugin threw: boom' }],
}

describe('readSweep', () => {
  test('reads every run in the API’s order, the failures with their reasons, and the best', () => {
    const sweep = readSweep({ totalReturn: 0.12, sweep: SWEEP })!
    expect(sweep.rankedBy).toBe('calmar')
    expect(sweep.combinations).toBe(4)
    expect(sweep.bestIndex).toBe(2)
    expect(sweep.runs.map((r) => [r.rank, paramsText(r.params)])).toEqual([
      [1, 'fast = 10, slow = 20'],
      [2, 'fast = 5, slow = 20'],
      [3, 'fast = 5, slow = 40'],
    ])
    expect(sweep.runs[2]!.metrics).toMatchObject({ totalReturn: -0.03, calmar: null, sharpe: null })
    expect(sweep.failures).toEqual([
      { index: 3, params: { fast: 10, slow: 40 }, reason: 'The plugin threw: boom' },
    ])
  })

  test('a plain backtest has no sweep; a malformed one reads what it can', () => {
    expect(readSweep({ totalReturn: 0.1 })).toBeNull()
    expect(readSweep(undefined)).toBeNull()
    const odd = readSweep({ sweep: { runs: [{ params: { fast: 5, bad: { x: 1 } } }, 'junk'] } })!
    expect(odd.rankedBy).toBe('sharpe')
    expect(odd.runs.map((r) => [r.rank, r.params])).toEqual([
      [1, { fast: 5 }],
      [2, {}],
    ])
    expect(odd.combinations).toBe(2)
    expect(odd.runs[0]!.metrics.totalReturn).toBeNull()
  })
})

test('readHeadline keeps numbers and reads anything else as undefined', () => {
  expect(readHeadline({ totalReturn: 0.1, sharpe: 'x', trades: Number.NaN })).toMatchObject({
    totalReturn: 0.1,
    sharpe: null,
    trades: null,
  })
})

test('the parameter columns are the parameters the runs vary, in the grid’s order', () => {
  expect(paramNames(readSweep({ sweep: SWEEP })!.runs)).toEqual(['fast', 'slow'])
})

describe('sweepColumns', () => {
  test('a ranking outside the usual columns comes first, highlighted', () => {
    const columns = sweepColumns('calmar')
    expect(columns.map((c) => [c.def.label, c.ranked])).toEqual([
      ['Calmar ratio', true],
      ['Total return', false],
      ['Sharpe ratio', false],
      ['Max drawdown', false],
      ['Trades', false],
      ['Win rate', false],
    ])
  })

  test('a ranking among them is highlighted where it is', () => {
    const columns = sweepColumns('maxDrawdown')
    expect(columns.map((c) => c.key)).toEqual([
      'totalReturn',
      'sharpe',
      'maxDrawdown',
      'trades',
      'winRate',
    ])
    expect(columns.filter((c) => c.ranked).map((c) => c.key)).toEqual(['maxDrawdown'])
  })
})

test('sweepSummary says what the runs were ranked by and how many succeeded', () => {
  expect(sweepSummary(readSweep({ sweep: SWEEP })!)).toBe(
    '4 combinations, ranked by Calmar ratio (highest first): 3 succeeded, 1 failed.',
  )
  const clean = readSweep({ sweep: { ...SWEEP, rankedBy: 'maxDrawdown', failures: [] } })!
  expect(sweepSummary({ ...clean, combinations: 3 })).toBe(
    '3 combinations, ranked by Max drawdown (shallowest first): all 3 succeeded.',
  )
})

test('shownRows caps a long table until all are asked for', () => {
  const rows = Array.from({ length: 250 }, (_, i) => i)
  expect(shownRows(rows, false)).toHaveLength(FIRST_ROWS)
  expect(shownRows(rows, true)).toHaveLength(250)
  expect(shownRows([1, 2], false)).toEqual([1, 2])
})
