import {
  type Headline,
  list,
  type Params,
  readHeadline,
  readParams,
  readRankedBy,
  record,
} from './grid-results.ts'
import { formatMetric, metricValue } from './metrics-format.ts'
import { rankingText } from './rank-by.ts'

// A walk-forward test's result as the report shows it: `metrics.walkForward` of the job's
// result (core's backtest/jobs/walk-forward.ts and folds.ts), read defensively.

/** A fold's in-sample or out-of-sample part: its trading days and what ran on them. */
export interface FoldPart {
  /** First and last trading day, YYYY-MM-DD (IST). */
  from: string
  to: string
  tradingDays: number | null
  params: Params
  metrics: Headline
}

export interface Fold {
  /** 1-based. */
  fold: number
  inSample: FoldPart & {
    /** Combinations that ran in sample, and the ones that failed there. */
    candidates: number | null
    failed: number | null
  }
  outOfSample: FoldPart
}

/** Means over the folds of one side (in or out of sample). */
export interface FoldSummary {
  meanTotalReturn: number | null
  meanSharpe: number | null
  worstDrawdown: number | null
}

export interface WalkForward {
  inSampleRatio: number | null
  rankedBy: string
  combinations: number | null
  efficiency: number | null
  inSample: FoldSummary
  outOfSample: FoldSummary
  folds: Fold[]
}

const text = (v: unknown) => (typeof v === 'string' ? v : '')

function readPart(raw: unknown): FoldPart {
  const p = record(raw)
  return {
    from: text(p.from),
    to: text(p.to),
    tradingDays: metricValue(p, 'tradingDays'),
    params: readParams(p.params),
    metrics: readHeadline(p.metrics),
  }
}

function readSummary(raw: unknown): FoldSummary {
  const s = record(raw)
  return {
    meanTotalReturn: metricValue(s, 'meanTotalReturn'),
    meanSharpe: metricValue(s, 'meanSharpe'),
    worstDrawdown: metricValue(s, 'worstDrawdown'),
  }
}

/** `metrics.walkForward` of a result, or null when the result is not a walk-forward's. */
export function readWalkForward(metrics: Record<string, unknown> | undefined): WalkForward | null {
  const raw = metrics?.walkForward
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null
  const w = raw as Record<string, unknown>
  return {
    inSampleRatio: metricValue(w, 'inSampleRatio'),
    rankedBy: readRankedBy(w.rankedBy),
    combinations: metricValue(w, 'combinations'),
    efficiency: metricValue(w, 'efficiency'),
    inSample: readSummary(w.inSample),
    outOfSample: readSummary(w.outOfSample),
    folds: list(w.folds).map((f, i): Fold => {
      const fold = record(f)
      const inSample = record(fold.inSample)
      return {
        fold: metricValue(fold, 'fold') ?? i + 1,
        inSample: {
          ...readPart(inSample),
          candidates: metricValue(inSample, 'candidates'),
          failed: metricValue(inSample, 'failed'),
        },
        outOfSample: readPart(fold.outOfSample),
      }
    }),
  }
}

/** Efficiency at or above this reads as "carried over". */
const CARRIED = 0.8
/** Below this (and above 0) only a little carried over. */
const LITTLE = 0.4

/**
 * The efficiency in plain words, and the tone it reads in: how much of the in-sample return
 * per trading day the chosen parameters kept out of sample.
 *
 * @example efficiencyReading(0.92).text // 'It carried over: out of sample it earned 92% of …'
 */
export function efficiencyReading(efficiency: number | null): {
  text: string
  tone: 'gain' | 'loss' | undefined
} {
  if (efficiency === null) {
    return {
      text: 'Not measured: the parameters picked in sample did not make money there on average, so there was no gain to carry over.',
      tone: 'loss',
    }
  }
  const share = formatMetric(efficiency, 'percent')
  const kept = `out of sample it earned ${share} of the in-sample return per trading day`
  if (efficiency <= 0) {
    return {
      text: 'Fitted to noise: the parameters that did best in sample made nothing or lost money on the days after. What they found in sample did not hold up.',
      tone: 'loss',
    }
  }
  if (efficiency < LITTLE)
    return {
      text: `Little carried over: ${kept}. Much of the in-sample result was fit to noise.`,
      tone: 'loss',
    }
  if (efficiency < CARRIED) return { text: `Partly carried over: ${kept}.`, tone: undefined }
  if (efficiency <= 1.2) return { text: `It carried over: ${kept}.`, tone: 'gain' }
  return {
    text: `It did better out of sample: ${kept}; that is more often the later days' luck than the parameters'.`,
    tone: 'gain',
  }
}

/**
 * How the test ran, in a sentence or two.
 *
 * @example walkForwardSummary(wf) // '4 folds: in each, 6 combinations ran on its first 70% of trading days (in sample), …'
 */
export function walkForwardSummary(wf: WalkForward): string {
  const n = wf.folds.length
  const share =
    wf.inSampleRatio === null ? 'first part' : `first ${Math.round(wf.inSampleRatio * 100)}%`
  const combos =
    wf.combinations === null
      ? 'every combination of the grid'
      : `${wf.combinations} combination${wf.combinations === 1 ? '' : 's'}`
  return `${n} fold${n === 1 ? '' : 's'}: in each, ${combos} ran on its ${share} of trading days (in sample), ranked by ${rankingText(wf.rankedBy)}; the best then ran on the days after (out of sample). The metrics, charts and trades below are the out-of-sample runs stitched into one account.`
}

/**
 * How many combinations a fold's pick was chosen from.
 *
 * @example candidatesText({ candidates: 3, failed: 1 }) // 'best of 3 (1 failed)'
 */
export function candidatesText(part: { candidates: number | null; failed: number | null }): string {
  const failed = part.failed ? ` (${part.failed} failed)` : ''
  return `best of ${part.candidates ?? '—'}${failed}`
}
