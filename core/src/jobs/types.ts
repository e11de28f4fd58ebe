import type { schema } from '@vm-algo/db'

/** What a job asks for; the edge validates the request before it stores it. */
export type JobKind = 'backtest' | 'sweep' | 'walk_forward' | 'scan_backtest'

export type JobStatus = (typeof schema.jobStatusEnum.enumValues)[number]

/** A job a runner holds the lease of, as its handler sees it. */
export interface ClaimedJob {
  id: string
  tenantId: string
  userId: string | null
  pluginVersionId: string | null
  kind: string
  /** The request as the edge stored it (validated there; handlers still parse it). */
  request: unknown
  /** 1 on the first run; more when the engine restarted while running it before. */
  attempts: number
  createdAt: Date
}

/**
 * What a successful job stores in `backtest_results`, in the transaction that marks it
 * succeeded. `equityCurve` is best stored columnar (`{ time: number[], equity: number[], … }`,
 * equal lengths) or as an array of points: the API downsamples either shape. Its `prices` and
 * `benchmark` keys, when there, are the report's other charts (backtest/jobs/report.ts): the API
 * serves them beside the curve.
 */
export interface JobResult {
  metrics: Record<string, unknown>
  equityCurve: unknown
  trades: unknown[]
}

/** Reports how far a job is (0..1). Cheap to call often: writes are throttled. */
export type ReportProgress = (fraction: number, message?: string) => void

export interface JobContext {
  /** Aborted when the user cancels, the engine shuts down, or the lease was lost. */
  signal: AbortSignal
  progress: ReportProgress
}

/**
 * Runs one kind of job. Throw `JobFailure` for a reason the user should read; any other error
 * is reported as an internal error (logged with the job id, never shown).
 */
export type JobHandler = (job: ClaimedJob, context: JobContext) => Promise<JobResult>
