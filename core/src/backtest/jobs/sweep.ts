import { JobFailure } from '../../jobs/errors.ts'
import { gridCombinations, parseBacktestRequest } from '../../jobs/request.ts'
import type { JobHandler, JobResult } from '../../jobs/types.ts'
import { defaultThreads, startGrid } from './grid.ts'
import type { Params, TaskOutcome } from './grid-protocol.ts'
import { loadSystem, type SystemOptions } from './load-system.ts'
import { type Headline, type RankMetric, rankRuns } from './ranking.ts'
import { loadRequestFeeds, requestWindow } from './run-system.ts'
import { checkSystem } from './system.ts'

export interface GridJobOptions extends SystemOptions {
  /** Worker threads a job uses (each with its own sandbox worker process). Default: every core. */
  threads?: number
}

/** One combination of a sweep, as stored in the result. */
export interface SweepRun {
  rank: number
  /** Its place in the grid's expansion (`gridCombinations`, the last parameter fastest). */
  index: number
  params: Params
  metrics: Headline
}

/**
 * The `sweep` job: every combination of the request's `grid` (on top of its `params`) is
 * backtested like a `backtest` job, spread over worker threads on all cores, each with its own
 * sandbox pool. Progress counts finished runs ("run 37 of 100"). The result is the best run in
 * full — its metrics, curve and trades, as a backtest stores them — plus `metrics.sweep`: every
 * combination's parameters and headline metrics, ranked (see ranking.ts), and the combinations
 * that failed with their reasons. Cancelling stops every thread.
 *
 * @example createJobRunner({ db, handlers: { sweep: sweepJobHandler({ db }) } })
 */
export function sweepJobHandler(options: GridJobOptions = {}): JobHandler {
  return async (job, { signal, progress }) => {
    const request = parseBacktestRequest(job.request)
    if (!request.grid)
      throw new JobFailure('A sweep needs a grid: the values to try per parameter.')
    const system = await loadSystem(job, request, options)
    checkSystem(system, 'strategy', request)
    const window = requestWindow(request)
    // A request with no bars fails once, here, rather than once per combination; datasets are
    // read here, as the job's tenant, and handed to the grid's threads.
    const feeds = await loadRequestFeeds(options.db, job.tenantId, request, window)
    const imported = feeds.slice(request.symbols.length)
    const combinations = gridCombinations(request.grid)
    const total = combinations.length
    const threads = Math.min(options.threads ?? defaultThreads(), total)
    const grid = startGrid(
      { system, tenantId: job.tenantId, jobId: job.id, request, imported },
      { threads },
    )
    try {
      // The best run is run again in full at the end: one more run's worth of progress.
      const share = total / (total + 1)
      progress(0, `run 0 of ${total}`)
      const outcomes = await grid.run(
        combinations.map((params) => ({ params, window })),
        { signal, onProgress: (p) => progress(p.fraction * share, `run ${p.done} of ${total}`) },
      )
      const { ranked, failures } = rankOutcomes(combinations, outcomes, request.rankBy)
      const winner = ranked[0]
      if (!winner) {
        throw new JobFailure(
          `Every combination failed; the first (${describeParams(failures[0]!.params)}): ${failures[0]!.reason}`,
        )
      }
      progress(share, 'the best run: equity curve and trades')
      const [best] = await grid.run([{ params: winner.params, window, detail: true }], { signal })
      if (!best?.ok || !best.detail) throw new Error('the best combination failed when run again')
      const { report } = best.detail
      return {
        ...report,
        metrics: {
          ...report.metrics,
          sweep: {
            rankedBy: request.rankBy,
            combinations: total,
            succeeded: ranked.length,
            failed: failures.length,
            best: { index: winner.index, params: winner.params },
            runs: ranked,
            failures,
          },
        },
      } satisfies JobResult
    } finally {
      await grid.close()
    }
  }
}

/** The successful runs ranked best first by `by`, and the failed ones in grid order. */
export function rankOutcomes(
  combinations: readonly Params[],
  outcomes: readonly TaskOutcome[],
  by: RankMetric,
): { ranked: SweepRun[]; failures: { index: number; params: Params; reason: string }[] } {
  const ok: Omit<SweepRun, 'rank'>[] = []
  const failures: { index: number; params: Params; reason: string }[] = []
  outcomes.forEach((outcome, index) => {
    const params = combinations[index]!
    if (outcome.ok) ok.push({ index, params, metrics: outcome.metrics })
    else failures.push({ index, params, reason: outcome.reason })
  })
  const ranked = rankRuns(ok, by).map((run, i) => ({ rank: i + 1, ...run }))
  return { ranked, failures }
}

/** "fast=10, slow=30" */
export const describeParams = (params: Params) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')
