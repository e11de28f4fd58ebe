import { JobFailure } from '../../jobs/errors.ts'
import { IST_OFFSET_MS } from '../../market/time.ts'
import { buildTimeline, eventDay } from '../timeline.ts'
import type { FeedInput } from '../types.ts'
import { DAY_MS, istMidnight } from './run-system.ts'

/** Consecutive trading days, both ends included (IST calendar days, YYYY-MM-DD). */
export interface DaySpan {
  from: string
  to: string
  tradingDays: number
}

export interface Fold {
  /** 1-based. */
  fold: number
  inSample: DaySpan
  outOfSample: DaySpan
}

/**
 * Splits trading days into `folds` consecutive, non-overlapping folds of near-equal length
 * (the first ones take a day more when they do not divide evenly); each fold's first
 * `inSampleRatio` of days (rounded, at least one) is its in-sample part, the rest its
 * out-of-sample part. Together the folds cover every day exactly once, in order. A fold
 * needs two days at least: fewer days fail the job with the counts.
 *
 * @example planFolds(days, 4, 0.75) // 4 folds, each 3/4 in-sample then 1/4 out-of-sample
 */
export function planFolds(days: readonly number[], folds: number, inSampleRatio: number): Fold[] {
  if (days.length < folds * 2) {
    throw new JobFailure(
      `The dates hold ${days.length} trading days: too few for ${folds} walk-forward folds (each needs 2 or more). Widen the dates or use fewer folds.`,
    )
  }
  const base = Math.floor(days.length / folds)
  const extra = days.length % folds
  const out: Fold[] = []
  let start = 0
  for (let f = 0; f < folds; f++) {
    const size = base + (f < extra ? 1 : 0)
    const inSample = Math.min(size - 1, Math.max(1, Math.round(size * inSampleRatio)))
    out.push({
      fold: f + 1,
      inSample: span(days, start, start + inSample),
      outOfSample: span(days, start + inSample, start + size),
    })
    start += size
  }
  return out
}

/** 00:00 IST of every IST day on which any of the feeds has a bar, ascending. */
export function tradingDays(feeds: readonly FeedInput[]): number[] {
  const timeline = buildTimeline(feeds)
  const days: number[] = []
  for (let d = 0; d < timeline.dayStarts.length - 1; d++) {
    days.push(eventDay(timeline, timeline.dayStarts[d]!))
  }
  return days
}

/** A span's bar times: [00:00 IST of its first day, 00:00 IST of the day after its last). */
export function spanWindow(span: DaySpan): { from: number; to: number } {
  return { from: istMidnight(span.from), to: istMidnight(span.to) + DAY_MS }
}

/** YYYY-MM-DD of an IST midnight. */
export const dayText = (midnight: number) =>
  new Date(midnight + IST_OFFSET_MS).toISOString().slice(0, 10)

function span(days: readonly number[], from: number, to: number): DaySpan {
  return { from: dayText(days[from]!), to: dayText(days[to - 1]!), tradingDays: to - from }
}
