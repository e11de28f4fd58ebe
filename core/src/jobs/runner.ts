import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { Database } from '@vm-algo/db'
import { JobAbort, JobFailure, noHandlerReason, reasonFor } from './errors.ts'
import { throttledProgress } from './progress.ts'
import {
  claimJob,
  completeJob,
  endJob,
  type JobScope,
  type RecoveredJob,
  recoverStaleJobs,
  releaseJob,
  touchJob,
} from './queue.ts'
import type { ClaimedJob, JobHandler, JobResult } from './types.ts'

/** What a runner tells its log: a job's start and end, recoveries, database trouble. */
export type JobEvent =
  | { type: 'started'; job: ClaimedJob }
  | {
      type: 'ended'
      jobId: string
      status: 'succeeded' | 'failed' | 'cancelled' | 'released' | 'lost'
    }
  | { type: 'recovered'; jobs: RecoveredJob[] }
  | { type: 'error'; jobId?: string; error: unknown }

export interface JobRunnerOptions {
  db: Database
  /** Unique per process; default `host:pid:random`. */
  workerId?: string
  /** Jobs run at once by this runner. Default 1. */
  concurrency?: number
  handlers?: Record<string, JobHandler>
  /** Only these kinds or tenants (dedicated runners); default every job. */
  scope?: JobScope
  /** A running job whose lease is not renewed for this long is taken back. Default 30 s. */
  leaseMs?: number
  /** Lease renewal (and cancellation check) interval; at most a third of the lease. Default 5 s. */
  heartbeatMs?: number
  /** How often to look for queued jobs when idle. Default 1 s. */
  pollMs?: number
  /** How often to look for stale leases. Default: the lease. */
  recoverEveryMs?: number
  /** Runs a job gets before a dead engine fails it. Default 3. */
  maxAttempts?: number
  /** Least time between two progress writes of a job. Default 250 ms. */
  progressEveryMs?: number
  /** A user-readable reason for errors other than JobFailure (e.g. the engine's own types). */
  describeError?: (error: unknown) => string | undefined
  onEvent?: (event: JobEvent) => void
}

export interface JobRunner {
  readonly workerId: string
  /** Adds (or replaces) the handler of `kind`; jobs of kinds with none fail with a reason. */
  registerJobHandler(kind: string, handler: JobHandler): void
  /** Takes stale leases back, then keeps claiming jobs until stopped. */
  start(): Promise<void>
  /**
   * Stops claiming, waits up to `timeoutMs` (default 10 s) for running jobs, then aborts the
   * rest and gives them back to the queue so another runner resumes them.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>
  /** Looks for queued jobs now instead of at the next poll. */
  wake(): void
  /** Ids of the jobs running here. */
  running(): string[]
}

interface Active {
  job: ClaimedJob
  controller: AbortController
  done: Promise<void>
  /** Set once the job's row is no longer ours to write (cancelled, released, lost). */
  settled: boolean
  /** Stops the lease renewal and aborts the handler's signal. */
  halt(why: JobAbort['why']): void
}

/**
 * A durable job runner on the `backtest_jobs` table: claims queued jobs (several runners may
 * share the table), runs each with its kind's handler, renews the lease while it runs,
 * throttles progress writes, honours cancellation through the handler's AbortSignal, stores
 * the result with the success, and takes back jobs whose runner died.
 *
 * @example
 * const runner = createJobRunner({ db, concurrency: 2, handlers: { backtest: runBacktestJob } })
 * await runner.start()
 * // …
 * await runner.stop()
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const config = settings(options)
  const { db } = options
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const handlers = new Map(Object.entries(options.handlers ?? {}))
  const active = new Map<string, Active>()
  const emit = (event: JobEvent) => options.onEvent?.(event)
  let started = false
  let stopping = false
  let pumping = false
  let pumpAgain = false
  let pollTimer: ReturnType<typeof setTimeout> | undefined
  let recoverTimer: ReturnType<typeof setInterval> | undefined

  const schedulePump = (delay: number) => {
    if (stopping) return
    if (pollTimer) clearTimeout(pollTimer)
    pollTimer = setTimeout(pump, delay)
  }

  async function pump(): Promise<void> {
    if (stopping) return
    if (pumping) {
      pumpAgain = true
      return
    }
    pumping = true
    pumpAgain = false
    let delay = config.pollMs
    try {
      while (!stopping && active.size < config.concurrency) {
        const job = await claimJob(db, workerId, options.scope)
        if (!job) break
        if (stopping) {
          await releaseJob(db, job.id, workerId)
          break
        }
        launch(job)
      }
    } catch (error) {
      emit({ type: 'error', error })
      delay = Math.min(config.pollMs * 5, 10_000)
    } finally {
      pumping = false
    }
    schedulePump(pumpAgain ? 0 : delay)
  }

  async function recover(): Promise<void> {
    try {
      const recovered = await recoverStaleJobs(db, { ...config, scope: options.scope })
      if (recovered.length > 0) {
        emit({ type: 'recovered', jobs: recovered })
        schedulePump(0)
      }
    } catch (error) {
      emit({ type: 'error', error })
    }
  }

  function launch(job: ClaimedJob): void {
    const entry: Active = {
      job,
      controller: new AbortController(),
      done: Promise.resolve(),
      settled: false,
      halt: () => {},
    }
    active.set(job.id, entry)
    emit({ type: 'started', job })
    entry.done = execute(entry).finally(() => {
      active.delete(job.id)
      schedulePump(0)
    })
  }

  // Runs one job to its end; never throws (every outcome is written to the job's row).
  async function execute(entry: Active): Promise<void> {
    const { job, controller } = entry
    let heartbeat: ReturnType<typeof setInterval> | undefined
    const abort = (why: JobAbort['why']) => {
      entry.settled = true
      clearInterval(heartbeat)
      if (!controller.signal.aborted) controller.abort(new JobAbort(why))
    }
    entry.halt = abort
    const onTouch = async (touched: { cancelRequested: boolean } | null) => {
      if (entry.settled) return
      if (!touched) {
        abort('lease_lost')
        emit({ type: 'ended', jobId: job.id, status: 'lost' })
      } else if (touched.cancelRequested) {
        // Mark it cancelled now: the user sees it at once, even if the handler is slow to stop.
        abort('cancelled')
        await endJob(db, job.id, workerId, 'cancelled')
        emit({ type: 'ended', jobId: job.id, status: 'cancelled' })
      }
    }
    const guard = (work: () => Promise<void>) =>
      work().catch((error) => emit({ type: 'error', jobId: job.id, error }))
    const progress = throttledProgress(
      (fraction, message) =>
        guard(async () => onTouch(await touchJob(db, job.id, workerId, fraction, message))),
      config.progressEveryMs,
    )
    heartbeat = setInterval(
      () => guard(async () => onTouch(await touchJob(db, job.id, workerId))),
      config.heartbeatMs,
    )
    let outcome: { ok: true; result: JobResult } | { ok: false; error: unknown }
    try {
      const handler = handlers.get(job.kind)
      if (!handler) throw noHandler(job.kind)
      const result = await handler(job, { signal: controller.signal, progress: progress.report })
      outcome = { ok: true, result }
    } catch (error) {
      outcome = { ok: false, error }
    } finally {
      clearInterval(heartbeat)
      await progress.close()
    }
    if (entry.settled) return
    entry.settled = true
    await guard(async () => {
      if (outcome.ok) {
        const problem = resultProblem(outcome.result)
        if (problem) {
          emit({ type: 'error', jobId: job.id, error: new Error(problem) })
          await endJob(db, job.id, workerId, 'failed', reasonFor(undefined, job.id))
          emit({ type: 'ended', jobId: job.id, status: 'failed' })
          return
        }
        const stored = await completeJob(db, job.id, workerId, outcome.result)
        emit({ type: 'ended', jobId: job.id, status: stored ? 'succeeded' : 'lost' })
        return
      }
      const { error } = outcome
      const known = error instanceof NoHandler
      const explained = error instanceof JobFailure || options.describeError?.(error) !== undefined
      if (!known && !explained) emit({ type: 'error', jobId: job.id, error })
      const reason = known
        ? noHandlerReason(job.kind)
        : reasonFor(error, job.id, options.describeError)
      await endJob(db, job.id, workerId, 'failed', reason)
      emit({ type: 'ended', jobId: job.id, status: 'failed' })
    })
  }

  return {
    workerId,
    registerJobHandler(kind, handler) {
      if (typeof handler !== 'function')
        throw new TypeError(`the handler of "${kind}" must be a function`)
      handlers.set(kind, handler)
    },
    async start() {
      if (started) throw new Error('this job runner was already started')
      started = true
      await recover()
      recoverTimer = setInterval(recover, config.recoverEveryMs)
      await pump()
    },
    async stop({ timeoutMs = 10_000 } = {}) {
      stopping = true
      if (pollTimer) clearTimeout(pollTimer)
      if (recoverTimer) clearInterval(recoverTimer)
      while (pumping) await new Promise((resolve) => setTimeout(resolve, 5))
      await settledWithin(
        [...active.values()].map((a) => a.done),
        timeoutMs,
      )
      const left = [...active.values()]
      for (const entry of left) {
        if (entry.settled) continue
        entry.halt('shutdown')
        try {
          if (await releaseJob(db, entry.job.id, workerId)) {
            emit({ type: 'ended', jobId: entry.job.id, status: 'released' })
          }
        } catch (error) {
          // The lease runs out instead and another runner recovers the job.
          emit({ type: 'error', jobId: entry.job.id, error })
        }
      }
      // Give the aborted handlers a moment to stop before the caller closes the database.
      await settledWithin(
        left.map((a) => a.done),
        Math.min(1_000, timeoutMs),
      )
    },
    wake() {
      if (started && !stopping) schedulePump(0)
    },
    running: () => [...active.keys()],
  }
}

async function settledWithin(work: Promise<unknown>[], ms: number): Promise<void> {
  if (work.length === 0) return
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
  })
  await Promise.race([Promise.all(work), timeout])
  clearTimeout(timer)
}

class NoHandler extends Error {}
const noHandler = (kind: string) => new NoHandler(kind)

// The result must fit backtest_results; a handler bug here is an internal error.
function resultProblem(result: JobResult): string | undefined {
  if (!result || typeof result !== 'object') return 'the handler returned no result'
  if (!result.metrics || typeof result.metrics !== 'object' || Array.isArray(result.metrics))
    return 'result.metrics must be an object'
  if (!Array.isArray(result.trades)) return 'result.trades must be an array'
  return undefined
}

function settings(options: JobRunnerOptions) {
  const leaseMs = options.leaseMs ?? 30_000
  const heartbeatMs = options.heartbeatMs ?? Math.min(5_000, Math.floor(leaseMs / 3))
  const s = {
    concurrency: options.concurrency ?? 1,
    leaseMs,
    heartbeatMs,
    pollMs: options.pollMs ?? 1_000,
    recoverEveryMs: options.recoverEveryMs ?? leaseMs,
    maxAttempts: options.maxAttempts ?? 3,
    progressEveryMs: options.progressEveryMs ?? 250,
  }
  const positive = (name: keyof typeof s) => {
    if (!(Number.isInteger(s[name]) && s[name] > 0))
      throw new RangeError(`job runner: ${name} must be a positive whole number (got ${s[name]})`)
  }
  for (const name of Object.keys(s) as (keyof typeof s)[]) positive(name)
  if (s.heartbeatMs * 3 > s.leaseMs)
    throw new RangeError(
      `job runner: heartbeatMs (${s.heartbeatMs}) must be at most a third of leaseMs (${s.leaseMs}), so one late heartbeat does not lose the lease`,
    )
  return s
}
