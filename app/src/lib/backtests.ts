import type { InferRequestType, InferResponseType } from 'hono/client'
import type { Api } from './api/client.ts'
import { findExample } from './examples.ts'

// Backtest jobs as the edge shows them (`/api/v1/backtests`), and what the pages say about them.

type Backtests = Api['api']['v1']['backtests']

/** A job in the list: the job and, once it has succeeded, its headline metrics. */
export type BacktestListItem = InferResponseType<Backtests['$get'], 200>['items'][number]
export type BacktestJob = Omit<BacktestListItem, 'headline'>
export type BacktestHeadline = NonNullable<BacktestListItem['headline']>
export type BacktestDetail = InferResponseType<Backtests[':id']['$get'], 200>
export type BacktestStatus = BacktestJob['status']
export type CreateBacktestBody = InferRequestType<Backtests['$post']>['json']
export type ExampleId = NonNullable<CreateBacktestBody['example']>

/** The example strategies the API runs without publishing (its `EXAMPLE_STRATEGIES`). */
export const BACKTEST_EXAMPLES: readonly ExampleId[] = [
  'sma-crossover',
  'rsi-mean-reversion',
  'opening-range-breakout',
]

/** Queued or running: the engine may still move it, so pages follow it. */
export const isActive = (status: BacktestStatus): boolean =>
  status === 'queued' || status === 'running'

export const STATUS_TONE: Record<BacktestStatus, 'ok' | 'warning' | 'danger' | 'neutral'> = {
  queued: 'neutral',
  running: 'warning',
  succeeded: 'ok',
  failed: 'danger',
  cancelled: 'neutral',
}

export const STATUS_HELP: Record<BacktestStatus, string> = {
  queued: 'Waiting for the engine to pick it up.',
  running: 'The engine is running it.',
  succeeded: 'Finished: its report is ready.',
  failed: 'Stopped by an error before it finished.',
  cancelled: 'Cancelled before it finished.',
}

/** The stored request, read defensively (the API types it as an open record). */
export interface RequestSummary {
  example: string | undefined
  pluginVersionId: string | undefined
  symbols: string[]
  /** Imported datasets (ids) the run used beside or instead of `symbols`. */
  datasets: string[]
  timeframe: string
  from: string
  to: string
  capital: number | undefined
  params: Record<string, unknown>
  product: string
  slippageBps: number | null
  grid: Record<string, unknown[]> | undefined
  /** What a sweep or walk-forward ranked by, as stored (none before the API took `rankBy`). */
  rankBy: string | undefined
  walkForward: { folds: number; inSampleRatio: number } | undefined
}

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
const text = (v: unknown) => (typeof v === 'string' ? v : '')

/**
 * The parts of a job's stored request the pages show; anything missing reads as empty.
 *
 * @example readRequest({ example: 'sma-crossover', symbols: ['TCS'] }).symbols // ['TCS']
 */
export function readRequest(request: Record<string, unknown> | undefined): RequestSummary {
  const r = record(request)
  const costs = record(r.costs)
  const grid = record(r.grid)
  const gridEntries = Object.entries(grid).filter(([, v]) => Array.isArray(v))
  const walkForward = record(r.walkForward)
  return {
    example: text(r.example) || undefined,
    pluginVersionId: text(r.pluginVersionId) || undefined,
    symbols: Array.isArray(r.symbols) ? r.symbols.filter((s) => typeof s === 'string') : [],
    datasets: Array.isArray(r.datasets) ? r.datasets.filter((s) => typeof s === 'string') : [],
    timeframe: text(r.timeframe),
    from: text(r.from),
    to: text(r.to),
    capital: typeof r.capital === 'number' ? r.capital : undefined,
    params: record(r.params),
    product: text(costs.product) || 'CNC',
    slippageBps: typeof costs.slippageBps === 'number' ? costs.slippageBps : null,
    grid:
      gridEntries.length > 0
        ? (Object.fromEntries(gridEntries) as RequestSummary['grid'])
        : undefined,
    rankBy: text(r.rankBy) || undefined,
    walkForward:
      typeof walkForward.folds === 'number' && typeof walkForward.inSampleRatio === 'number'
        ? { folds: walkForward.folds, inSampleRatio: walkForward.inSampleRatio }
        : undefined,
  }
}

/**
 * What was backtested, in words: the example's name, or the stored plugin version (the job
 * does not carry the plugin's name).
 *
 * @example strategyName(readRequest({ example: 'sma-crossover' })) // 'Moving-average crossover'
 */
export function strategyName(request: RequestSummary): string {
  if (request.example) return findExample(request.example)?.name ?? request.example
  if (request.pluginVersionId) return `Your plugin (version ${request.pluginVersionId})`
  return 'Unknown strategy'
}

/** The bars a run used, in words. */
export const barsLabel = (timeframe: string): string =>
  timeframe === '1d' ? 'daily' : timeframe === '1m' ? '1-minute' : timeframe

/** "RELIANCE · daily · 2023-01-01 → 2023-12-31" */
export function runSummary(request: RequestSummary): string {
  const bars = barsLabel(request.timeframe)
  const n = request.datasets.length
  const imported = n === 0 ? '' : `${n} imported dataset${n === 1 ? '' : 's'}`
  const on = [request.symbols.join(', '), imported].filter(Boolean).join(' + ')
  return [on, bars, `${request.from} → ${request.to}`].filter(Boolean).join(' · ')
}

/**
 * What the job is doing right now, when the API says (`progressMessage`, e.g. "run 37 of 100":
 * sweeps and walk-forward tests report it; a single backtest has none).
 */
export function progressMessageOf(job: object): string | undefined {
  const message = (job as { progressMessage?: unknown }).progressMessage
  return typeof message === 'string' && message.trim() ? message : undefined
}

/**
 * A progress fraction as a whole percentage, clamped to 0–100.
 *
 * @example progressPercent(0.376) // 38
 */
export function progressPercent(progress: number): number {
  if (!Number.isFinite(progress)) return 0
  return Math.round(Math.min(1, Math.max(0, progress)) * 100)
}
