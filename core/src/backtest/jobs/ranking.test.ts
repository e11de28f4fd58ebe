import { describe, expect, it } from 'vitest'
import { type Headline, type RANK_METRICS, rankRuns } from './ranking.ts'

const base: Headline = {
  totalReturn: 0,
  cagr: null,
  sharpe: null,
  sortino: null,
  calmar: null,
  maxDrawdown: 0,
  trades: 0,
  winRate: null,
  profitFactor: null,
  exposure: 0,
}
const run = (index: number, metrics: Partial<Headline>) => ({
  index,
  metrics: { ...base, ...metrics },
})

// Four runs picked so each metric orders them differently.
const runs = [
  run(0, { totalReturn: 0.3, sharpe: 1.2, calmar: 1.5, maxDrawdown: 0.2, profitFactor: 1.4 }),
  run(1, { totalReturn: 0.1, sharpe: 1.5, calmar: 2.0, maxDrawdown: 0.05, profitFactor: null }),
  run(2, { totalReturn: 0.2, sharpe: null, calmar: 0.5, maxDrawdown: 0.4, profitFactor: 2.1 }),
  run(3, { totalReturn: 0.25, sharpe: 1.2, calmar: 1.5, maxDrawdown: 0.05, profitFactor: 1.4 }),
]
const order = (by: (typeof RANK_METRICS)[number]) => rankRuns(runs, by).map((r) => r.index)

describe('ranking the runs of a sweep', () => {
  it('puts the highest Sharpe first by default, and a run without one last', () => {
    // 1.5, then the two 1.2s by total return (0.3 before 0.25), then the undefined one.
    expect(rankRuns(runs).map((r) => r.index)).toEqual([1, 0, 3, 2])
    expect(order('sharpe')).toEqual([1, 0, 3, 2])
  })

  it('ranks by the metric asked for, highest first', () => {
    expect(order('calmar')).toEqual([1, 0, 3, 2])
    expect(order('totalReturn')).toEqual([0, 3, 2, 1])
    // 2.1, then the 1.4s by total return; no profit factor (no losing trade) last.
    expect(order('profitFactor')).toEqual([2, 0, 3, 1])
  })

  it('ranks by drawdown shallowest first, ties by the higher return', () => {
    expect(order('maxDrawdown')).toEqual([3, 1, 0, 2])
  })

  it('breaks full ties by the order of the grid, whichever worker finished first', () => {
    const twins = [run(5, { sharpe: 1, totalReturn: 0.1 }), run(2, { sharpe: 1, totalReturn: 0.1 })]
    expect(rankRuns(twins).map((r) => r.index)).toEqual([2, 5])
    expect(rankRuns([...twins].reverse()).map((r) => r.index)).toEqual([2, 5])
  })

  it('leaves the runs it was given in their order', () => {
    rankRuns(runs, 'totalReturn')
    expect(runs.map((r) => r.index)).toEqual([0, 1, 2, 3])
  })
})
