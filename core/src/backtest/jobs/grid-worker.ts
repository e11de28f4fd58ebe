// A worker thread of a grid (grid.ts): runs the tasks it is sent one at a time, each plugin in
// a fresh isolate of its own sandbox pool (one worker process: plugin code never runs in this
// thread or the job's), and the host's backtester here. Many such threads keep every core
// busy: each runs the engine's side of its runs, its worker process the plugins' side.

import { parentPort, workerData } from 'node:worker_threads'
import { JobFailure } from '../../jobs/errors.ts'
import { createSandboxPool } from '../../sandbox/index.ts'
import { sliceColumns } from '../feeds.ts'
import { computeMetrics, metricsInput } from '../metrics.ts'
import type { FeedInput } from '../types.ts'
import type { FromWorker, GridSetup, GridTask, TaskOutcome, ToWorker } from './grid-protocol.ts'
import { headline } from './ranking.ts'
import { backtestReport } from './report.ts'
import { loadFeeds, runSystem, type SystemResult, userReason } from './run-system.ts'
import { runParams } from './system.ts'

const PROGRESS_EVERY_MS = 100

const setup = workerData as GridSetup
const { request } = setup
const port = parentPort!
const pool = createSandboxPool({ workers: 1 })
const feeds = new Map<string, Promise<FeedInput[]>>()
const send = (message: FromWorker) => port.postMessage(message)
let current: AbortController | undefined
let queue = Promise.resolve()

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    current?.abort()
    queue = queue.then(async () => {
      await pool.close()
      port.close()
    })
    return
  }
  queue = queue.then(() => runTask(message.id, message.task))
})

async function runTask(id: number, task: GridTask): Promise<void> {
  const controller = new AbortController()
  current = controller
  let lastReport = 0
  try {
    const result = await runSystem({
      pool,
      system: setup.system,
      tenantId: setup.tenantId,
      runId: `${setup.jobId}#${id}`,
      feeds: await feedsFor(task.window),
      capital: request.capital,
      params: runParams(setup.system, request, task.params),
      slippageBps: request.costs.slippageBps,
      signal: controller.signal,
      onProgress: (fraction) => {
        const now = performance.now()
        if (now - lastReport < PROGRESS_EVERY_MS) return
        lastReport = now
        send({ type: 'progress', id, fraction })
      },
    })
    send({ type: 'done', id, outcome: await outcomeOf(result, task) })
  } catch (error) {
    if (controller.signal.aborted) return
    const reason = userReason(error)
    if (reason !== undefined) send({ type: 'done', id, outcome: { ok: false, reason } })
    else
      send({
        type: 'broken',
        id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      })
  } finally {
    current = undefined
  }
}

async function outcomeOf(result: SystemResult, task: GridTask): Promise<TaskOutcome> {
  const metrics = headline(computeMetrics(metricsInput(result)))
  if (!task.detail) return { ok: true, metrics }
  return {
    ok: true,
    metrics,
    detail: {
      report: await backtestReport(result),
      series: {
        capital: result.capital,
        time: result.curve.time,
        equity: result.curve.equity,
        day: result.daily.day,
        dayEquity: result.daily.equity,
        trades: result.trades,
        exposure: result.exposure,
        events: result.events,
      },
    },
  }
}

function feedsFor(window: GridTask['window']): Promise<FeedInput[]> {
  const key = `${window.from}|${window.to}`
  let hit = feeds.get(key)
  if (!hit) {
    hit = loadFeeds(request.symbols, request.timeframe, window).then((bundled) => [
      ...bundled,
      ...setup.imported.map((f) => importedIn(f, window)),
    ])
    hit.catch(() => feeds.delete(key))
    feeds.set(key, hit)
  }
  return hit
}

// A dataset's bars in the run's window (a fold may fall outside what was imported).
function importedIn(feed: FeedInput, window: GridTask['window']): FeedInput {
  const bars = sliceColumns(feed.bars, window.from, window.to)
  if (bars.length === 0)
    throw new JobFailure(`No bars of ${feed.symbol} (imported) in this run's dates.`)
  return { ...feed, bars }
}
