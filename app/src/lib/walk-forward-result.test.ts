import { describe, expect, test } from 'vitest'
import {
  candidatesText,
  efficiencyReading,
  readWalkForward,
  walkForwardSummary,
} from './walk-forward-result.ts'

const headline = (totalReturn: number, sharpe: number | null) => ({
  totalReturn,
  cagr: null,
  sharpe,
  sortino: null,
  calmar: null,
  maxDrawdown: 0.05,
  trades: 4,
  winRate: 0.5,
  profitFactor: null,
  exposure: 0.4,
})

// `metrics.walkForward` of a two-fold test as core's walk-forward.ts stores it.
const WALK_FORWARD = {
  inSampleRatio: 0.7,
  rankedBy: 'sortino',
  combinations: 4,
  runs: 10,
  efficiency: 0.42,
  inSample: { meanTotalReturn: 0.06, meanSharpe: 1.5, worstDrawdown: 0.05 },
  outOfSample: { meanTotalReturn: 0.01, meanSharpe: null, worstDrawdown: 0.07 },
  folds: [
    {
      fold: 1,
      inSample: {
        from: '2023-01-02',
        to: '2023-05-03',
        tradingDays: 86,
        params: { fast: 5, slow: 20 },
        metrics: headline(0.08, 1.7),
        candidates: 4,
        failed: 0,
      },
      outOfSample: {
        from: '2023-05-04',
        to: '2023-06-23',
        tradingDays: 37,
        params: { fast: 5, slow: 20 },
        metrics: headline(0.02, 0.9),
      },
    },
    {
      fold: 2,
      inSample: {
        from: '2023-06-26',
        to: '2023-10-26',
        tradingDays: 86,
        params: { fast: 10, slow: 40 },
        metrics: headline(0.04, 1.3),
        candidates: 3,
        failed: 1,
      },
      outOfSample: {
        from: '2023-10-27',
        to: '2023-12-29',
        tradingDays: 37,
        params: { fast: 10, slow: 40 },
        metrics: headline(-0.01, null),
      },
    },
  ],
}

describe('readWalkForward', () => {
  test('reads each fold’s in-sample pick beside its out-of-sample test, and the summaries', () => {
    const wf = readWalkForward({ totalReturn: 0.01, walkForward: WALK_FORWARD })!
    expect(wf).toMatchObject({
      inSampleRatio: 0.7,
      rankedBy: 'sortino',
      combinations: 4,
      efficiency: 0.42,
      inSample: { meanTotalReturn: 0.06, meanSharpe: 1.5, worstDrawdown: 0.05 },
      outOfSample: { meanTotalReturn: 0.01, meanSharpe: null, worstDrawdown: 0.07 },
    })
    expect(wf.folds).toHaveLength(2)
    const [, second] = wf.folds
    expect(second).toMatchObject({
      fold: 2,
      inSample: { from: '2023-06-26', tradingDays: 86, candidates: 3, failed: 1 },
      outOfSample: { from: '2023-10-27', to: '2023-12-29', params: { fast: 10, slow: 40 } },
    })
    expect(second!.outOfSample.metrics).toMatchObject({ totalReturn: -0.01, sharpe: null })
  })

  test('a sweep or a plain backtest has none; a null efficiency stays null', () => {
    expect(readWalkForward({ sweep: {} })).toBeNull()
    const wf = readWalkForward({ walkForward: { ...WALK_FORWARD, efficiency: null, folds: 'x' } })!
    expect(wf.efficiency).toBeNull()
    expect(wf.folds).toEqual([])
  })
})

describe('efficiencyReading', () => {
  test('near 1: carried over', () => {
    expect(efficiencyReading(0.95)).toEqual({
      text: 'It carried over: out of sample it earned 95.00% of the in-sample return per trading day.',
      tone: 'gain',
    })
  })

  test('at or below 0: fitted to noise', () => {
    for (const e of [0, -0.6]) {
      expect(efficiencyReading(e).text).toMatch(/^Fitted to noise:/)
      expect(efficiencyReading(e).tone).toBe('loss')
    }
  })

  test('in between: partly or little carried over; well above 1 is read with caution', () => {
    expect(efficiencyReading(0.55).text).toMatch(/^Partly carried over: .* 55\.00% /)
    expect(efficiencyReading(0.2).text).toMatch(/^Little carried over:/)
    expect(efficiencyReading(1.8).text).toMatch(/more often the later days' luck/)
  })

  test('none: nothing was gained in sample to carry over', () => {
    expect(efficiencyReading(null).text).toMatch(/did not make money there on average/)
  })
})

test('walkForwardSummary says how the folds ran and what the report below is', () => {
  const wf = readWalkForward({ walkForward: WALK_FORWARD })!
  expect(walkForwardSummary(wf)).toBe(
    '2 folds: in each, 4 combinations ran on its first 70% of trading days (in sample), ranked by Sortino ratio (highest first); the best then ran on the days after (out of sample). The metrics, charts and trades below are the out-of-sample runs stitched into one account.',
  )
  expect(candidatesText(wf.folds[0]!.inSample)).toBe('best of 4')
  expect(candidatesText(wf.folds[1]!.inSample)).toBe('best of 3 (1 failed)')
})
