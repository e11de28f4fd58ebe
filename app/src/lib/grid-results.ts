import { type MetricDef, metricValue } from './metrics-format.ts'
import { DEFAULT_RANK_BY, metricDef, rankingText } from './rank-by.ts'

// A sweep's result as the report shows it: `metrics.sweep` of the job's result (core's
// backtest/jobs/sweep.ts), read defensively from the API's open record, like the rest of the
// result. The parts a walk-forward shares (parameters, headline metrics) live here too.

export type ParamValue = string | number | boolean
export type Params = Record<string, ParamValue>

/** The metrics kept per run of a sweep or a fold (core's ranking.ts `Headline`); null: undefined. */
export interface Headline {
  totalReturn: number | null
  cagr: number | null
  sharpe: number | null
  sortino: number | null
  calmar: number | null
  maxDrawdown: number | null
  trades: number | null
  winRate: number | null
  profitFactor: number | null
  exposure: number | null
}

const HEADLINE_KEYS = [
  'totalReturn',
  'cagr',
  'sharpe',
  'sortino',
  'calmar',
  'maxDrawdown',
  'trades',
  'winRate',
  'profitFactor',
  'exposure',
] as const satisfies ReadonlyArray<keyof Headline>

export interface SweepRun {
  /** 1 = best. */
  rank: number
  /** Its place in the grid's expansion (the last parameter fastest). */
  index: number
  params: Params
  metrics: Headline
}

export interface SweepFailure {
  index: number
  params: Params
  reason: string | undefined
}

export interface Sweep {
  /** The metric's name as the API gives it (see rank-by.ts). */
  rankedBy: string
  combinations: number
  runs: SweepRun[]
  failures: SweepFailure[]
  /** The grid index of the run the report shows in full. */
  bestIndex: number | undefined
}

export const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const int = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) ? v : undefined

export function readHeadline(raw: unknown): Headline {
  const m = record(raw)
  const out = {} as Headline
  for (const key of HEADLINE_KEYS) out[key] = metricValue(m, key)
  return out
}

/** The scalar parameters of a run, in their stored order. */
export function readParams(raw: unknown): Params {
  return Object.fromEntries(
    Object.entries(record(raw)).filter(
      ([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
    ),
  ) as Params
}

/**
 * Parameters in words.
 *
 * @example paramsText({ fast: 5, slow: 20 }) // 'fast = 5, slow = 20'
 */
export const paramsText = (params: Params): string =>
  Object.entries(params)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ')

/** The ranking the API names, or Sharpe (the only one) for runs stored before it named others. */
export const readRankedBy = (v: unknown): string =>
  typeof v === 'string' && v ? v : DEFAULT_RANK_BY

/**
 * `metrics.sweep` of a result, or null when the result is not a sweep's. Runs keep the API's
 * order (best first); a run without a rank is given its place.
 */
export function readSweep(metrics: Record<string, unknown> | undefined): Sweep | null {
  const raw = metrics?.sweep
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null
  const s = raw as Record<string, unknown>
  const runs = list(s.runs).map((r, i): SweepRun => {
    const run = record(r)
    return {
      rank: int(run.rank) ?? i + 1,
      index: int(run.index) ?? i,
      params: readParams(run.params),
      metrics: readHeadline(run.metrics),
    }
  })
  const failures = list(s.failures).map((f, i): SweepFailure => {
    const failure = record(f)
    return {
      index: int(failure.index) ?? i,
      params: readParams(failure.params),
      reason: typeof failure.reason === 'string' && failure.reason ? failure.reason : undefined,
    }
  })
  return {
    rankedBy: readRankedBy(s.rankedBy),
    combinations: int(s.combinations) ?? runs.length + failures.length,
    runs,
    failures,
    bestIndex: int(record(s.best).index) ?? runs[0]?.index,
  }
}

/** The parameters the runs vary, in the grid's order: the table's parameter columns. */
export function paramNames(runs: ReadonlyArray<{ params: Params }>): string[] {
  const names = new Set<string>()
  for (const run of runs) for (const name of Object.keys(run.params)) names.add(name)
  return [...names]
}

/** The metrics every ranked table shows, after the parameters. */
const SHOWN: ReadonlyArray<keyof Headline> = [
  'totalReturn',
  'sharpe',
  'maxDrawdown',
  'trades',
  'winRate',
]

export interface MetricColumn {
  key: keyof Headline
  def: MetricDef
  /** The metric the runs were ranked by: highlighted. */
  ranked: boolean
}

/**
 * The metric columns of a sweep's table: the ranking metric first when it is not one of the
 * usual columns, then total return, Sharpe, max drawdown, trades and win rate.
 *
 * @example sweepColumns('calmar').map((c) => c.key) // ['calmar', 'totalReturn', 'sharpe', …]
 */
export function sweepColumns(rankedBy: string): MetricColumn[] {
  const keys = [...SHOWN]
  const ranked = (HEADLINE_KEYS as readonly string[]).includes(rankedBy)
    ? (rankedBy as keyof Headline)
    : undefined
  if (ranked && !keys.includes(ranked)) keys.unshift(ranked)
  return keys.map((key) => ({ key, def: metricDef(key)!, ranked: key === ranked }))
}

/**
 * What the sweep ran, in a sentence.
 *
 * @example sweepSummary(sweep) // '6 combinations, ranked by Sharpe ratio (highest first): 5 succeeded, 1 failed.'
 */
export function sweepSummary(sweep: Sweep): string {
  const n = sweep.combinations
  const ran = `${n} combination${n === 1 ? '' : 's'}, ranked by ${rankingText(sweep.rankedBy)}`
  const ok = sweep.runs.length
  const failed = sweep.failures.length
  if (failed === 0) return `${ran}: ${ok === 1 ? 'it' : `all ${ok}`} succeeded.`
  return `${ran}: ${ok} succeeded, ${failed} failed.`
}

/** Rows shown before "Show all": a grid may hold hundreds of combinations. */
export const FIRST_ROWS = 20

/** The rows to show: the first `FIRST_ROWS`, or all of them. */
export const shownRows = <T>(rows: readonly T[], all: boolean): readonly T[] =>
  all ? rows : rows.slice(0, FIRST_ROWS)
