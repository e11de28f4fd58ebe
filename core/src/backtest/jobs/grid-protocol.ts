// Messages between a grid (grid.ts, the job's thread) and its worker threads (grid-worker.ts).
// Everything here crosses by structured clone: plain data and typed arrays only.

import type { BacktestRequest } from '../../jobs/request.ts'
import type { JobResult } from '../../jobs/types.ts'
import type { FeedInput, Trade } from '../types.ts'
import type { Headline } from './ranking.ts'
import type { TradingSystem } from './system.ts'

export type Params = Record<string, number | string | boolean>

/** What every run of a grid shares; a worker thread gets it as its `workerData`. */
export interface GridSetup {
  system: TradingSystem
  tenantId: string
  jobId: string
  request: BacktestRequest
  /**
   * The request's imported datasets, read once by the job (as its tenant) over the request's
   * dates; each run takes its window of them beside the bundled symbols.
   */
  imported: FeedInput[]
}

/** One run: the plugin's parameters over bar times [from, to). */
export interface GridTask {
  params: Params
  window: { from: number; to: number }
  /** Also send the run's report and full series (the runs a result shows in full). */
  detail?: boolean
}

/** A run's full-resolution series, for stitching walk-forward folds. */
export interface RunSeries {
  capital: number
  /** Equity after each event, at its close time. */
  time: Float64Array
  equity: Float64Array
  /** Last equity of each IST trading day. */
  day: Float64Array
  dayEquity: Float64Array
  trades: Trade[]
  exposure: number
  events: number
}

export interface RunDetail {
  /** What a backtest job stores for this run (metrics with the benchmark, curve, trades). */
  report: JobResult
  series: RunSeries
}

export type TaskOutcome =
  | { ok: true; metrics: Headline; detail?: RunDetail }
  /** The run failed for a reason its user can act on (the plugin threw, bad parameters, …). */
  | { ok: false; reason: string }

export type ToWorker = { type: 'task'; id: number; task: GridTask } | { type: 'stop' }

export type FromWorker =
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'done'; id: number; outcome: TaskOutcome }
  /** An engine error (not the user's): the grid fails as an internal error. */
  | { type: 'broken'; id: number; error: string }
