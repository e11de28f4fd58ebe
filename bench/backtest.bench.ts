import { readFileSync } from 'node:fs'
import { createSandboxPool } from '@vm-algo/core'
import { repeatBars, runBacktest, smaCrossover } from '../core/src/backtest/index.ts'
import { sandboxedStrategy } from '../core/src/backtest/sandboxed/strategy.ts'
import type { BacktestResult, BatchStrategy, FeedInput } from '../core/src/backtest/types.ts'
import { compileInThread } from '../core/src/compiler/index.ts'
import { loadBarColumns } from '../core/src/market/index.ts'
import { type Benchmark, processCpuMs, result } from './harness.ts'

const BARS = 470_000

/** The SMA crossover example, with NIFTY50 in its universe (the bench trades the index). */
async function compiledExample(): Promise<string> {
  let source = readFileSync(
    new URL('../plugins/examples/sma-crossover.ts', import.meta.url),
    'utf8',
  )
  if (!/universe: \[[^\]]*'NIFTY50'/.test(source))
    source = source.replace('universe: [', "universe: ['NIFTY50', ")
  const compiled = await compileInThread(source)
  if (!compiled.ok) throw new Error(`example does not compile: ${compiled.diagnostics[0]?.message}`)
  return compiled.js
}

async function timed(feed: FeedInput, strategy: BatchStrategy) {
  const started = performance.now()
  const r = await runBacktest({ feeds: [feed], capital: 10_000_000, strategy })
  return { seconds: (performance.now() - started) / 1000, result: r }
}

/** Times `RUNS` runs and keeps the median one: a single 0.1 s run swung the baseline 2×. */
const RUNS = 3
async function median<T extends { seconds: number }>(run: () => Promise<T>): Promise<T> {
  const runs: T[] = []
  for (let i = 0; i < RUNS; i++) runs.push(await run())
  return runs.sort((a, b) => a.seconds - b.seconds)[Math.floor(RUNS / 2)]!
}

/** Round trips of a trade log, to check that both runs traded alike. */
const tradeKey = (r: BacktestResult) =>
  JSON.stringify(r.trades.map((t) => [t.entryAt, t.entryPrice, t.exitAt, t.exitPrice]))

/**
 * What running a strategy in the sandbox costs in a backtest: the compiled SMA crossover
 * (10/30, 25 units, MIS) through the sandbox adapter over NIFTY 50 2024 minutes repeated to
 * 470,000 bars, with fills and Zerodha charges, against the plain-JS reference crossover on
 * the same bars in the same run (after one untimed run of each; the median of three timed runs
 * of each counts). Both must trade alike. The SDK fills market orders inside the sandbox by the
 * host's rules and the engine checks each, so calls come from data windows, blocks and the
 * tier's per-call limits, not from orders. The details give the number of calls and the CPU
 * of the isolate, of the host thread and of the whole sandbox worker process: on two cores the
 * three together bound the wall time.
 */
export const benchmarks: Benchmark[] = [
  {
    name: 'backtest.sandboxed_bars_per_s',
    description: `SMA crossover over ${BARS} NIFTY 50 minutes: sandboxed plugin vs plain-JS reference (runBacktest)`,
    async run() {
      const bars = repeatBars(await loadBarColumns('NIFTY50', '1m'), BARS)
      const feed: FeedInput = { symbol: 'NIFTY50', timeframe: '1m', bars }
      const reference = () => smaCrossover({ fast: 10, slow: 30, qty: 25, product: 'MIS' })
      await timed(feed, reference())
      const plain = await median(() => timed(feed, reference()))

      const code = await compiledExample()
      const pool = createSandboxPool({ workers: 1 })
      try {
        const load = (id: string) =>
          pool.load({ tenantId: 'tnt_bench', deploymentId: id, tier: 'pro', code })
        const params = { fast: 10, slow: 30, type: 'sma', timeframe: '1m', qty: 25, product: 'MIS' }
        // An untimed run over a few days first (another sandbox: a plugin starts only once),
        // so the worker and the host's side of the calls are warm, like the reference's.
        const days = { ...feed, bars: repeatBars(feed.bars, 5_000) }
        await timed(days, sandboxedStrategy(await load('dep_warm'), { params }))
        // Each timed run in a sandbox of its own (a plugin starts once); the median one counts.
        let n = 0
        const sandboxed = await median(async () => {
          const sb = await load(`dep_bench_${n++}`)
          const before = sb.stats()
          const host0 = process.threadCpuUsage()
          const worker0 = processCpuMs(before.workerPid)
          const run = await timed(feed, sandboxedStrategy(sb, { params }))
          const worker1 = processCpuMs(before.workerPid)
          const host = process.threadCpuUsage(host0)
          const after = sb.stats()
          await sb.dispose()
          const calls = after.activations - before.activations
          const hostMs = (host.user + host.system) / 1000
          const workerMs = worker0 === undefined || worker1 === undefined ? NaN : worker1 - worker0
          return { ...run, calls, cpuMs: after.cpuMs - before.cpuMs, hostMs, workerMs }
        })
        const calls = sandboxed.calls
        if (tradeKey(sandboxed.result) !== tradeKey(plain.result)) {
          throw new Error('the sandboxed plugin and the plain reference traded differently')
        }
        const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits
        return result(BARS / sandboxed.seconds, 'bars/s', BARS / plain.seconds, {
          sandboxedSeconds: round(sandboxed.seconds, 2),
          plainSeconds: round(plain.seconds, 3),
          trades: sandboxed.result.trades.length,
          fills: sandboxed.result.fills.length,
          isolateCalls: calls,
          msPerCall: round((sandboxed.seconds * 1000) / calls, 3),
          isolateCpuSeconds: round(sandboxed.cpuMs / 1000, 2),
          // The host thread's CPU (engine, windows, checking outputs).
          hostCpuSeconds: round(sandboxed.hostMs / 1000, 2),
          // The sandbox worker process, every thread: the isolate's, its main thread (IPC,
          // copies) and V8's (compiling the fresh isolate's code, GC). Linux only.
          ...(Number.isNaN(sandboxed.workerMs)
            ? {}
            : { workerProcessCpuSeconds: round(sandboxed.workerMs / 1000, 2) }),
          runs: RUNS,
        })
      } finally {
        await pool.close()
      }
    },
  },
]
