import type { CreateBacktestBody } from './backtests.ts'
import { METRICS, type MetricDef } from './metrics-format.ts'

// What a sweep or a walk-forward test ranks its runs by: the API's `rankBy` (edge's schemas.ts,
// core's ranking.ts), with the report's labels for the metrics.

export type RankMetric = NonNullable<CreateBacktestBody['rankBy']>

// Keyed by the API's own type: a metric the API adds is a type error here until it is offered.
const OFFERED: Record<RankMetric, true> = {
  sharpe: true,
  sortino: true,
  calmar: true,
  totalReturn: true,
  cagr: true,
  profitFactor: true,
  maxDrawdown: true,
}

/** The metrics the API ranks by (its `RANK_METRICS`), in the order the form offers them. */
export const RANK_METRICS = Object.keys(OFFERED) as readonly RankMetric[]

/** What the API ranks by when the request does not say. */
export const DEFAULT_RANK_BY: RankMetric = 'sharpe'

export const isRankMetric = (value: unknown): value is RankMetric =>
  (RANK_METRICS as readonly unknown[]).includes(value)

/** The report's definition of a metric (label, unit, help), or undefined for a name it lacks. */
export const metricDef = (key: string): MetricDef | undefined => METRICS.find((d) => d.key === key)

/**
 * A ranking in words: the metric's label and which runs come first.
 *
 * @example rankingText('maxDrawdown') // 'Max drawdown (shallowest first)'
 * @example rankingText('sharpe') // 'Sharpe ratio (highest first)'
 */
export function rankingText(key: string): string {
  const def = metricDef(key)
  if (!def) return key
  const first = key === 'maxDrawdown' ? 'shallowest' : def.better === 'lower' ? 'lowest' : 'highest'
  return `${def.label} (${first} first)`
}

/** The form's choices, labelled as the report labels the metrics. */
export const RANK_OPTIONS: ReadonlyArray<{ value: RankMetric; label: string }> = RANK_METRICS.map(
  (value) => ({ value, label: rankingText(value) }),
)
