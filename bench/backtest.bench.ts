import { readFileSync } from 'node:fs'
import { createSandboxPool } from '@vm-algo/core'
import { repeatBars, runBacktest, smaCrossover } from '../core/src/backtest/index.ts'
import { sandboxedStrategy } from '../core/src/backtest/sandboxed/strategy.ts'
import type { BatchStrategy, FeedInput } from '../core/src/backtest/types.ts'
import { compileInThread } from '../core/src/compiler/index.ts'
import { loadBarColumns } from '../core/src/market/index.ts'
import { type Benchmark, result } from './harness.ts'

const BARS = 470_000

/** The SMA crossover example with NIFTY50 added to its universe (the bench trades the index). */
async function compiledExample(): Promise<string> {
  const source = readFileSync(
    new URL('../plugins/examples/sma-crossover.ts', import.meta.url),
    'utf8',
  ).replace('universe: [', "universe: ['NIFTY50', ")
  const compiled = await compileInThread(source)
  if (!compiled.ok) throw new Error(`example does not compile: ${compiled.diagnostics[0]?.message}`)
  return compiled.js
}

async function timed(feed: FeedInput, strategy: BatchStrategy) {
  const started = performance.now()
  const r = await runBacktest({ feeds: [feed], capital: 10_000_000, strategy })
  return { seconds: (performance.now() - started) / 1000, trades: r.trades.length }
}

/**
 * What running a strategy in the sandbox costs in a backtest: the compiled SMA crossover
 * (10/30, 25 units, MIS) through the sandbox adapter over NIFTY 50 2024 minutes repeated to
 * 470,000 bars, against the plain-JS reference crossover on the same bars in the same run.
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
      const plain = await timed(feed, reference())

      const code = await compiledExample()
      const pool = createSandboxPool({ workers: 1 })
      try {
        const sb = await pool.load({
          tenantId: 'tnt_bench',
          deploymentId: 'dep_bench',
          tier: 'pro',
          code,
        })
        const params = { fast: 10, slow: 30, type: 'sma', timeframe: '1m', qty: 25, product: 'MIS' }
        const sandboxed = await timed(feed, sandboxedStrategy(sb, { params }))
        return result(BARS / sandboxed.seconds, 'bars/s', BARS / plain.seconds, {
          sandboxedSeconds: Math.round(sandboxed.seconds * 100) / 100,
          plainSeconds: Math.round(plain.seconds * 1000) / 1000,
          sandboxedTrades: sandboxed.trades,
          plainTrades: plain.trades,
        })
      } finally {
        await pool.close()
      }
    },
  },
]
