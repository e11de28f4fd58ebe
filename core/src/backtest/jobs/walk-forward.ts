import { z } from 'zod'
import { JobFailure } from '../../jobs/errors.ts'
import { gridCombinations, parseBacktestRequest } from '../../jobs/request.ts'
import type { JobHandler, JobResult } from '../../jobs/types.ts'
import { niftyBenchmark, sliceColumns } from '../feeds.ts'
import { computeMetrics } from '../metrics.ts'
import { downsampleCurve } from '../report.ts'
import type { FeedInput } from '../types.ts'
import { type Fold, planFolds, spanWindow, tradingDays } from './folds.ts'
import { defaultThreads, startGrid } from './grid.ts'
import type { Params, RunSeries } from './grid-protocol.ts'
import { loadSystem } from './load-system.ts'
import type { Headline, RankMetric } from './ranking.ts'
import { CURVE_POINTS, chartParts } from './report.ts'
import { loadRequestFeeds, requestWindow } from './run-system.ts'
import { stitchFolds } from './stitch.ts'
import { describeParams, type GridJobOptions, rankOutcomes } from './sweep.ts'
import { checkSystem } from './system.ts'

/** The walk-forward settings of a stored request (the edge validates the same bounds). */
export const walkForwardSchema = z.object({
  /** Consecutive folds the date range is cut into. */
  folds: z.number().int().min(2).max(10),
  /** Each fold's share of trading days used to pick the parameters; the rest tests them. */
  inSampleRatio: z.number().min(0.5).max(0.9),
})

export type WalkForward = z.infer<typeof walkForwardSchema>

/** Reads `request.walkForward` of a stored job; a malformed one fails the job naming the field. */
export function parseWalkForward(request: unknown): WalkForward {
  const raw = (request as { walkForward?: unknown } | null)?.walkForward
  const parsed = walkForwardSchema.safeParse(raw)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const where = ['walkForward', ...issue.path].join('.')
  throw new JobFailure(`The backtest request is not valid (${where}: ${issue.message}).`)
}

/**
 * The `walk_forward` job: the request's trading days are cut into consecutive folds
 * (folds.ts); in each fold every combination of the `grid` is backtested on the in-sample
 * part, the best (ranking.ts) is then backtested on the out-of-sample part that follows —
 * data it was not chosen on. All in-sample runs of all folds go over the worker threads at
 * once, then the out-of-sample runs. The result's metrics, curve and trades are the
 * out-of-sample runs stitched into one account (stitch.ts); `metrics.walkForward` shows each
 * fold's in-sample and out-of-sample metrics side by side, and their efficiency: how much of
 * the in-sample return per day survived out of sample (near 1: it carried over; near or
 * below 0: the in-sample choice was fitted to noise).
 *
 * @example createJobRunner({ db, handlers: { walk_forward: walkForwardJobHandler({ db }) } })
 */
export function walkForwardJobHandler(options: GridJobOptions = {}): JobHandler {
  return async (job, { signal, progress }) => {
    const request = parseBacktestRequest(job.request)
    const settings = parseWalkForward(job.request)
    if (!request.grid) {
      throw new JobFailure('A walk-forward needs a grid: the values it picks from in each fold.')
    }
    const system = await loadSystem(job, request, options)
    checkSystem(system, 'strategy', request)
    const feeds = await loadRequestFeeds(options.db, job.tenantId, request, requestWindow(request))
    const imported = feeds.slice(request.symbols.length)
    const folds = planFolds(tradingDays(feeds), settings.folds, settings.inSampleRatio)
    const combinations = gridCombinations(request.grid)
    const inSampleTasks = folds.flatMap((f) =>
      combinations.map((params) => ({ params, window: spanWindow(f.inSample) })),
    )
    const runs = inSampleTasks.length
    const total = runs + folds.length
    const threads = Math.min(options.threads ?? defaultThreads(), runs)
    const grid = startGrid(
      { system, tenantId: job.tenantId, jobId: job.id, request, imported },
      { threads },
    )
    try {
      progress(0, `in-sample run 0 of ${runs}`)
      const inSample = await grid.run(inSampleTasks, {
        signal,
        onProgress: (p) =>
          progress((p.fraction * runs) / total, `in-sample run ${p.done} of ${runs}`),
      })
      const winners = folds.map((fold, f) => {
        const c = combinations.length
        const { ranked, failures } = rankOutcomes(
          combinations,
          inSample.slice(f * c, (f + 1) * c),
          request.rankBy,
        )
        if (!ranked[0]) {
          const first = failures[0]!
          throw new JobFailure(
            `Fold ${fold.fold}: every combination failed in sample; the first (${describeParams(first.params)}): ${first.reason}`,
          )
        }
        return { ...ranked[0], candidates: ranked.length, failed: failures.length }
      })
      progress(runs / total, `out-of-sample fold 0 of ${folds.length}`)
      const outOfSample = await grid.run(
        folds.map((f, i) => ({
          params: winners[i]!.params,
          window: spanWindow(f.outOfSample),
          detail: true,
        })),
        {
          signal,
          onProgress: (p) =>
            progress(
              (runs + p.fraction * folds.length) / total,
              `out-of-sample fold ${p.done} of ${folds.length}`,
            ),
        },
      )
      const tested = outOfSample.map((outcome, i) => {
        if (outcome.ok && outcome.detail)
          return { metrics: outcome.metrics, series: outcome.detail.series }
        const reason = outcome.ok ? 'no result' : outcome.reason
        throw new JobFailure(
          `Fold ${folds[i]!.fold} out of sample (${describeParams(winners[i]!.params)}): ${reason}`,
        )
      })
      return await walkForwardResult(
        { ...settings, rankBy: request.rankBy },
        combinations.length,
        folds,
        winners,
        tested,
        feeds,
      )
    } finally {
      await grid.close()
    }
  }
}

interface Winner {
  params: Params
  metrics: Headline
  candidates: number
  failed: number
}

async function walkForwardResult(
  settings: WalkForward & { rankBy: RankMetric },
  combinations: number,
  folds: readonly Fold[],
  winners: readonly Winner[],
  tested: readonly { metrics: Headline; series: RunSeries }[],
  feeds: readonly FeedInput[],
): Promise<JobResult> {
  const stitched = stitchFolds(tested.map((t) => t.series))
  const benchmark = await niftyBenchmark()
  const metrics = computeMetrics(stitched.input, { benchmark })
  const stored = downsampleCurve({ curve: stitched.curve }, CURVE_POINTS)
  // The prices from the first out-of-sample day on: the span the stitched account covers.
  const from = spanWindow(folds[0]!.outOfSample).from
  const to = spanWindow(folds.at(-1)!.outOfSample).to
  const traded = feeds.map((f) => ({ ...f, bars: sliceColumns(f.bars, from, to) }))
  const { capital, daily } = stitched.input
  const rows = folds.map((f, i) => ({
    fold: f.fold,
    inSample: {
      ...f.inSample,
      params: winners[i]!.params,
      metrics: winners[i]!.metrics,
      candidates: winners[i]!.candidates,
      failed: winners[i]!.failed,
    },
    outOfSample: { ...f.outOfSample, params: winners[i]!.params, metrics: tested[i]!.metrics },
  }))
  const perDay = (part: 'inSample' | 'outOfSample') =>
    mean(rows.map((r) => r[part].metrics.totalReturn / r[part].tradingDays))
  const inSamplePerDay = perDay('inSample')
  return {
    metrics: {
      ...metrics,
      walkForward: {
        inSampleRatio: settings.inSampleRatio,
        rankedBy: settings.rankBy,
        combinations,
        runs: folds.length * (combinations + 1),
        efficiency: inSamplePerDay > 0 ? perDay('outOfSample') / inSamplePerDay : null,
        inSample: summary(rows.map((r) => r.inSample.metrics)),
        outOfSample: summary(rows.map((r) => r.outOfSample.metrics)),
        folds: rows,
      },
    },
    equityCurve: {
      ...stored,
      fold: stored.time.map((t) => foldAt(folds, t)),
      ...chartParts(traded, daily.day, capital, benchmark),
    },
    trades: stitched.trades,
  }
}

/** The fold whose out-of-sample days hold close time `t` (a daily bar closes on its own day). */
function foldAt(folds: readonly Fold[], t: number): number {
  for (const f of folds) if (t <= spanWindow(f.outOfSample).to) return f.fold
  return folds.length
}

function summary(metrics: readonly Headline[]) {
  return {
    meanTotalReturn: mean(metrics.map((m) => m.totalReturn)),
    meanSharpe: meanOf(metrics.map((m) => m.sharpe)),
    worstDrawdown: Math.max(...metrics.map((m) => m.maxDrawdown)),
  }
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

function meanOf(xs: readonly (number | null)[]): number | null {
  const known = xs.filter((x): x is number => x !== null)
  return known.length > 0 ? mean(known) : null
}
