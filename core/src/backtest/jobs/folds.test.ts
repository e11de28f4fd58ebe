import { describe, expect, it } from 'vitest'
import { JobFailure } from '../../jobs/errors.ts'
import { loadFeed } from '../feeds.ts'
import { dayText, planFolds, tradingDays } from './folds.ts'
import { istMidnight } from './run-system.ts'

const days = (n: number) =>
  Array.from({ length: n }, (_, i) => istMidnight('2024-01-01') + i * 86_400_000)

describe('planFolds', () => {
  it('cuts the days into consecutive folds, each in-sample then out-of-sample, covering every day once', () => {
    const all = days(23)
    const folds = planFolds(all, 4, 0.7)
    // 23 days in 4 folds: 6, 6, 6, 5 days; 70 % in sample rounds to 4, 4, 4, 4 (3.5 → 4).
    expect(folds.map((f) => [f.inSample.tradingDays, f.outOfSample.tradingDays])).toEqual([
      [4, 2],
      [4, 2],
      [4, 2],
      [4, 1],
    ])
    const covered = folds.flatMap((f) => [f.inSample, f.outOfSample])
    expect(covered[0]!.from).toBe('2024-01-01')
    expect(covered.at(-1)!.to).toBe(dayText(all.at(-1)!))
    for (let i = 1; i < covered.length; i++) {
      // Each part starts the day after the previous one ends: no gap, no overlap.
      const previousEnd = istMidnight(covered[i - 1]!.to)
      expect(istMidnight(covered[i]!.from)).toBe(previousEnd + 86_400_000)
    }
    expect(covered.reduce((n, s) => n + s.tradingDays, 0)).toBe(23)
  })

  it('keeps at least one day on each side, and refuses too few days with the counts', () => {
    expect(planFolds(days(4), 2, 0.9).map((f) => f.outOfSample.tradingDays)).toEqual([1, 1])
    expect(() => planFolds(days(5), 3, 0.7)).toThrow(JobFailure)
    expect(() => planFolds(days(5), 3, 0.7)).toThrow(
      /5 trading days: too few for 3 walk-forward folds/,
    )
  })
})

describe('tradingDays', () => {
  it('lists the IST days with bars, skipping weekends and holidays', async () => {
    const feed = await loadFeed('RELIANCE', '1d', {
      from: istMidnight('2024-01-01'),
      to: istMidnight('2024-01-09'),
    })
    expect(tradingDays([feed]).map(dayText)).toEqual([
      '2024-01-01',
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
      '2024-01-08',
    ])
  })
})
