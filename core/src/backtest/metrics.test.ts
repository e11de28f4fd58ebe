import { describe, expect, it } from 'vitest'
import { benchmarkMetrics, computeMetrics, drawdown, type MetricsInput } from './metrics.ts'

// Three trading days from ₹100: 110, 99, 108.9 (one bar a day).
// Daily returns r = +0.10, 99/110 − 1 = −0.10, 108.9/99 − 1 = +0.10.
const days = [1, 2, 3].map((d) => Date.UTC(2024, 0, d) - 19_800_000)
const threeDays: MetricsInput = {
  capital: 100,
  equity: [110, 99, 108.9],
  daily: { day: days, equity: [110, 99, 108.9] },
  trades: [],
  exposure: 0.5,
}

describe('returns and risk on three hand-made days', () => {
  const m = computeMetrics(threeDays, { riskFreeRate: 0 })

  it('total return 108.9 / 100 − 1 = 8.9 %, CAGR over 3 of 252 days', () => {
    expect(m.totalReturn).toBeCloseTo(0.089, 12)
    expect(m.tradingDays).toBe(3)
    expect(m.cagr).toBeCloseTo(1.089 ** (252 / 3) - 1, 6)
  })

  it('max drawdown 1 − 99/110 = 10 %, still under water after 2 days', () => {
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12)
    // peak 110 on day 0; 99 and 108.9 stay below it: 2 days (and 2 bars) to the end
    expect(m.maxDrawdownDays).toBe(2)
    expect(m.maxDrawdownBars).toBe(2)
    expect(m.calmar).toBeCloseTo((1.089 ** 84 - 1) / 0.1, 4)
  })

  it('Sharpe = √21 with rf 0 (sample stdev), volatility √3.36, Sortino √84', () => {
    // mean = (0.1 − 0.1 + 0.1) / 3 = 1/30; deviations 1/15, −2/15, 1/15;
    // sample variance = (1/225 + 4/225 + 1/225) / 2 = 1/75; stdev = 0.11547
    // Sharpe = (1/30) / 0.11547 × √252 = √252 / (2√3) = √21 = 4.5826
    expect(m.sharpe).toBeCloseTo(Math.sqrt(21), 10)
    // volatility = √(1/75) × √252 = √3.36 = 1.8330
    expect(m.volatility).toBeCloseTo(Math.sqrt(3.36), 10)
    // downside deviation = √((0 + 0.01 + 0) / 3) = 0.057735; (1/30) / 0.057735 = 1/√3
    // Sortino = √252 / √3 = √84 = 9.1652
    expect(m.sortino).toBeCloseTo(Math.sqrt(84), 10)
  })

  it('subtracts the daily risk-free rate (1 + rf)^(1/252) − 1 from each return', () => {
    const rf = 0.065
    const rfd = 1.065 ** (1 / 252) - 1 // 0.000249936…
    const withRf = computeMetrics(threeDays, { riskFreeRate: rf })
    // the stdev does not change when every return moves by the same amount
    expect(withRf.sharpe).toBeCloseTo(((1 / 30 - rfd) / Math.sqrt(1 / 75)) * Math.sqrt(252), 10)
    expect(withRf.riskFreeRate).toBe(0.065)
  })

  it('passes exposure through and leaves trade ratios null without trades', () => {
    expect(m.exposure).toBe(0.5)
    expect(m).toMatchObject({ trades: 0, winRate: null, profitFactor: null, expectancy: null })
  })
})

describe('trade statistics', () => {
  const withTrades = (netPnls: number[]): MetricsInput => ({
    ...threeDays,
    trades: [
      ...netPnls.map((netPnl) => ({ netPnl, exitReason: 'signal' as const })),
      { netPnl: 999, exitReason: 'open' as const }, // still open: not counted
    ],
  })

  it('counts closed trades: wins 100, 30; losses −50, −20; one at 0', () => {
    const m = computeMetrics(withTrades([100, -50, 30, -20, 0]))
    expect(m.trades).toBe(5)
    expect(m.winRate).toBeCloseTo(2 / 5, 12) // a zero trade is not a win
    expect(m.profitFactor).toBeCloseTo(130 / 70, 12)
    expect(m.expectancy).toBeCloseTo(60 / 5, 12) // (100 − 50 + 30 − 20 + 0) / 5 = 12
    expect(m.averageWin).toBeCloseTo(65, 12)
    expect(m.averageLoss).toBeCloseTo(-35, 12)
  })

  it('has no profit factor without a losing trade (JSON has no Infinity)', () => {
    const m = computeMetrics(withTrades([10, 20]))
    expect(m.profitFactor).toBeNull()
    expect(m.averageLoss).toBeNull()
    expect(m.winRate).toBe(1)
  })
})

describe('drawdown', () => {
  it('measures depth and the longest peak-to-recovery stretch', () => {
    // from 100: 110 is a peak (bar 0); 105, 100 below it; 112 recovers at bar 3 → 3 bars;
    // 111 dips under 112, 113 recovers at bar 5 → 2 bars. Depth 1 − 100/110 = 9.09 %.
    const d = drawdown(100, [110, 105, 100, 112, 111, 113])
    expect(d.depth).toBeCloseTo(1 - 100 / 110, 12)
    expect(d.duration).toBe(3)
  })

  it('counts from the start when the series never gets back to its capital', () => {
    const d = drawdown(100, [90, 95])
    expect(d.depth).toBeCloseTo(0.1, 12)
    expect(d.duration).toBe(2)
  })

  it('is zero for a series that only rises, however long', () => {
    expect(drawdown(100, [101, 102, 103])).toEqual({ depth: 0, duration: 0 })
  })
})

describe('benchmark buy-and-hold', () => {
  // The index has four days; the backtest covers the last three and one the index lacks.
  const series = {
    name: 'NIFTY 50 buy-and-hold',
    day: [0, 1, 2, 3].map((d) => days[0]! + (d - 1) * 86_400_000),
    open: [90, 100, 101, 98],
    close: [95, 102, 99, 105],
  }
  const backtestDays = [series.day[1]!, series.day[2]!, series.day[3]!, series.day[3]! + 86_400_000]

  it('buys at the first day’s open and marks each close: 100 → 102, 99, 105', () => {
    const b = benchmarkMetrics(series, backtestDays, 0.2, 0)!
    expect(b.days).toBe(3)
    expect(b.coverage).toBe(3 / 4)
    expect(b.totalReturn).toBeCloseTo(0.05, 12) // 105 / 100 − 1
    expect(b.maxDrawdown).toBeCloseTo(1 - 0.99 / 1.02, 12) // 2.94 %
    expect(b.excessReturn).toBeCloseTo(0.15, 12) // 20 % − 5 %
    expect(b.cagr).toBeCloseTo(1.05 ** 84 - 1, 4)
    // returns 0.02, −0.0294118, +0.0606061: mean 0.0170648, sample stdev 0.0450806
    // Sharpe = 0.0170648 / 0.0450806 × √252 = 6.009
    expect(b.sharpe).toBeCloseTo(6.009, 2)
  })

  it('is null when the backtest has no day the index has', () => {
    expect(benchmarkMetrics(series, [123], 0)).toBeNull()
  })
})
