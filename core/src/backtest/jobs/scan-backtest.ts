import type { BarEvent, BatchOutput, MatchData } from '@vm-algo/plugins'
import { JobFailure } from '../../jobs/errors.ts'
import { parseBacktestRequest } from '../../jobs/request.ts'
import type { JobHandler } from '../../jobs/types.ts'
import { loadBarColumns } from '../../market/catalog.ts'
import { barAt } from '../../market/columns.ts'
import { createSandboxPool, type Sandbox } from '../../sandbox/index.ts'
import { sliceColumns } from '../feeds.ts'
import { buildTimeline, eventDay, type Timeline } from '../timeline.ts'
import type { FeedInput } from '../types.ts'
import { dayText } from './folds.ts'
import { loadSystem, type SystemOptions } from './load-system.ts'
import { explain, loadRequestFeeds, requestWindow } from './run-system.ts'
import { checkSystem } from './system.ts'

export interface ScanJobOptions extends SystemOptions {
  /** Most matches stored with the result (the counts always cover all). Default 100,000. */
  maxStoredMatches?: number
}

/** One match of a scan backtest, as stored (the result's `trades`, paged by the API). */
export interface StoredMatch {
  symbol: string
  /** Open time of the bar it matched on (epoch ms), as `scan_matches.bar_time`. */
  barTime: number
  score?: number
  data?: MatchData
}

/** Bars sent per warm-up call. */
const WARMUP_CHUNK = 2_000

/**
 * The `scan_backtest` job: a stored scanner version of the tenant runs in a sandbox (its
 * tier) over the bundled bars of the request's symbols and dates, as a live scan would have:
 * first up to `manifest.history` earlier bars per symbol as warm-up (no hook runs), then one
 * batch per bar close time holding every symbol's bar of that time, with the clock at that
 * close — so the scanner sees the cross-section at each moment and never a later bar. The
 * result lists the matches in time order (`trades`: symbol, bar time, score, data; the API
 * pages them) with counts per symbol and per day in `metrics`, and the matches per trading day
 * as the curve (`{ time, matches }`, time = 00:00 IST).
 *
 * @example createJobRunner({ db, handlers: { scan_backtest: scanBacktestJobHandler({ db }) } })
 */
export function scanBacktestJobHandler(options: ScanJobOptions = {}): JobHandler {
  const maxStored = options.maxStoredMatches ?? 100_000
  return async (job, { signal, progress }) => {
    const request = parseBacktestRequest(job.request)
    const system = await loadSystem(job, request, options)
    checkSystem(system, 'scanner', request)
    const window = requestWindow(request)
    const feeds = await loadRequestFeeds(options.db, job.tenantId, request, window)
    checkSystem(system, 'scanner', { ...request, symbols: feeds.map((f) => f.symbol) })
    const timeline = buildTimeline(feeds)
    const pool = createSandboxPool({ workers: 1 })
    try {
      const sandbox = await pool
        .load({
          tenantId: job.tenantId,
          deploymentId: job.id,
          tier: system.tier,
          code: system.code,
        })
        .catch(explain)
      const first = feeds[timeline.feed[0]!]!.bars.ts[timeline.row[0]!]!
      check(
        await sandbox.init({ params: { ...request.params }, seed: 1, now: first }).catch(explain),
      )
      await warmUp(
        sandbox,
        request.symbols,
        request.timeframe,
        window.from,
        system.manifest.history,
      )

      const matches: StoredMatch[] = []
      const bySymbol: Record<string, number> = {}
      const byDay = new Map<number, number>()
      let total = 0
      const days = timeline.dayStarts.length - 1
      for (let d = 0; d < days; d++) {
        const day = eventDay(timeline, timeline.dayStarts[d]!)
        progress(d / days, `${dayText(day)}: day ${d + 1} of ${days}`)
        let k = timeline.dayStarts[d]!
        while (k < timeline.dayStarts[d + 1]!) {
          signal.throwIfAborted()
          const end = sameClose(timeline, k)
          const now = timeline.time[k]!
          const out = check(
            await sandbox
              .run({ now, events: barEvents(feeds, timeline, k, end), positions: {} })
              .catch(explain),
          )
          for (const m of out.matches) {
            total++
            bySymbol[m.symbol] = (bySymbol[m.symbol] ?? 0) + 1
            byDay.set(day, (byDay.get(day) ?? 0) + 1)
            if (matches.length < maxStored) matches.push(stored(m))
          }
          k = end
        }
      }
      const dayList = Array.from({ length: days }, (_, d) =>
        eventDay(timeline, timeline.dayStarts[d]!),
      )
      return {
        metrics: {
          matches: total,
          stored: matches.length,
          truncated: total > matches.length,
          bars: timeline.length,
          tradingDays: days,
          daysWithMatches: byDay.size,
          bySymbol,
          byDay: Object.fromEntries([...byDay].map(([d, n]) => [dayText(d), n])),
        },
        equityCurve: { time: dayList, matches: dayList.map((d) => byDay.get(d) ?? 0) },
        trades: matches,
      }
    } finally {
      await pool.close()
    }
  }
}

/** First event after `k` that closes later than `k` does. */
function sameClose(timeline: Timeline, k: number): number {
  let end = k + 1
  while (end < timeline.length && timeline.time[end] === timeline.time[k]) end++
  return end
}

function barEvents(feeds: readonly FeedInput[], timeline: Timeline, from: number, to: number) {
  const events: BarEvent[] = []
  for (let k = from; k < to; k++) {
    const feed = feeds[timeline.feed[k]!]!
    events.push({
      type: 'bar',
      symbol: feed.symbol,
      timeframe: feed.timeframe,
      bar: barAt(feed.bars, timeline.row[k]!),
    })
  }
  return events
}

/**
 * Up to `count` bars of each symbol that opened before `before`, in close-time order, as
 * warm-up batches: indicators and `ctx.bars` are ready on the first scanned bar, as after a
 * live scan's warm-up. A symbol with no earlier bundled bars starts cold.
 */
async function warmUp(
  sandbox: Sandbox,
  symbols: readonly string[],
  timeframe: FeedInput['timeframe'],
  before: number,
  count: number,
): Promise<void> {
  const feeds: FeedInput[] = []
  for (const symbol of symbols) {
    const earlier = sliceColumns(await loadBarColumns(symbol, timeframe), -Infinity, before)
    const bars = sliceColumns(earlier, earlier.ts[Math.max(0, earlier.length - count)] ?? 0)
    if (bars.length > 0) feeds.push({ symbol, timeframe, bars })
  }
  if (feeds.length === 0) return
  const timeline = buildTimeline(feeds)
  for (let k = 0; k < timeline.length; k += WARMUP_CHUNK) {
    const end = Math.min(timeline.length, k + WARMUP_CHUNK)
    const now = timeline.time[end - 1]!
    const events = barEvents(feeds, timeline, k, end)
    check(await sandbox.run({ now, events, positions: {}, warmup: true }).catch(explain))
  }
}

/** A hook that threw stops the scan with the plugin's (sanitized) message. */
function check(out: BatchOutput): BatchOutput {
  if (out.error) throw new JobFailure(`plugin failed: ${out.error.name}: ${out.error.message}`)
  return out
}

function stored(m: BatchOutput['matches'][number]): StoredMatch {
  return {
    symbol: m.symbol,
    barTime: m.ts,
    ...(m.score !== undefined ? { score: m.score } : {}),
    ...(m.data !== undefined ? { data: m.data } : {}),
  }
}
