import { defaultThreads, type Grid, startGrid } from '../core/src/backtest/jobs/grid.ts'
import type { GridTask, TaskOutcome } from '../core/src/backtest/jobs/grid-protocol.ts'
import { loadSystem } from '../core/src/backtest/jobs/load-system.ts'
import { requestWindow } from '../core/src/backtest/jobs/run-system.ts'
import { gridCombinations, parseBacktestRequest } from '../core/src/jobs/request.ts'
import { type Benchmark, result } from './harness.ts'

// The SMA crossover example over RELIANCE's bundled daily bars (2020-10 .. 2025-09, ~1,240
// sessions), 10 fast × 10 slow periods: the grid of a typical sweep job.
const request = parseBacktestRequest({
  example: 'sma-crossover',
  symbols: ['RELIANCE'],
  timeframe: '1d',
  from: '2020-10-01',
  to: '2025-09-30',
  capital: 1_000_000,
  params: { qty: 10 },
  grid: {
    fast: [3, 5, 7, 9, 11, 13, 15, 17, 19, 21],
    slow: [25, 30, 40, 50, 60, 80, 100, 120, 150, 200],
  },
})
const COMBINATIONS = gridCombinations(request.grid!)

async function timedGrid(threads: number, tasks: readonly GridTask[]) {
  const system = await loadSystem(
    {
      id: 'btj_bench',
      tenantId: 'tnt_bench',
      userId: null,
      pluginVersionId: null,
      kind: 'sweep',
      request,
      attempts: 1,
      createdAt: new Date(),
    },
    request,
    {},
  )
  const signal = new AbortController().signal
  const started = performance.now()
  const grid: Grid = startGrid(
    { system, tenantId: 'tnt_bench', jobId: 'btj_bench', request, imported: [] },
    { threads },
  )
  try {
    // One untimed run per thread first: threads loaded, sandbox worker processes started.
    await grid.run(tasks.slice(0, threads), { signal })
    const warm = performance.now()
    const outcomes = await grid.run(tasks, { signal })
    const seconds = (performance.now() - warm) / 1000
    return { seconds, startSeconds: (warm - started) / 1000, outcomes }
  } finally {
    await grid.close()
  }
}

const key = (outcomes: TaskOutcome[]) =>
  JSON.stringify(outcomes.map((o) => (o.ok ? [o.metrics.totalReturn, o.metrics.trades] : o.reason)))

/**
 * Parameter sweeps on all cores: the 100 combinations run through the sweep job's grid
 * (worker threads, each with its own sandbox worker process; every run a fresh isolate of the
 * compiled example, fills and Zerodha charges) with one thread per core, against the same
 * grid on one thread — one run at a time — in the same run (after a warm-up run per thread;
 * start-up times are in the details). Both must give the same outcomes. The ratio is the
 * speed-up from the extra cores.
 */
export const benchmarks: Benchmark[] = [
  {
    name: 'backtest.sweep_runs_per_s',
    description: `${COMBINATIONS.length}-combination SMA-crossover sweep on RELIANCE daily bars: all cores vs one`,
    async run() {
      const window = requestWindow(request)
      const tasks = COMBINATIONS.map((params) => ({ params, window }))
      const cores = defaultThreads()
      const one = await timedGrid(1, tasks)
      const all = await timedGrid(cores, tasks)
      if (key(one.outcomes) !== key(all.outcomes)) {
        throw new Error('the sweep on all cores and on one core gave different outcomes')
      }
      const round = (n: number) => Math.round(n * 100) / 100
      const failed = all.outcomes.filter((o) => !o.ok).length
      return result(tasks.length / all.seconds, 'runs/s', tasks.length / one.seconds, {
        cores,
        combinations: tasks.length,
        failedCombinations: failed,
        allCoresSeconds: round(all.seconds),
        oneCoreSeconds: round(one.seconds),
        allCoresStartSeconds: round(all.startSeconds),
        oneCoreStartSeconds: round(one.startSeconds),
        msPerRunOneCore: round((one.seconds * 1000) / tasks.length),
      })
    },
  },
]
