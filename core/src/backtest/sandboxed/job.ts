import { readFile } from 'node:fs/promises'
import { compileInThread } from '../../compiler/index.ts'
import { JobFailure } from '../../jobs/errors.ts'
import { parseBacktestRequest } from '../../jobs/request.ts'
import type { JobHandler } from '../../jobs/types.ts'
import { UnknownSymbolError } from '../../market/index.ts'
import { createSandboxPool, SandboxError, type Tier } from '../../sandbox/index.ts'
import { runBacktest } from '../engine.ts'
import { BacktestConfigError, StrategyContractError } from '../errors.ts'
import { loadFeed, niftyBenchmark } from '../feeds.ts'
import { computeMetrics, metricsInput } from '../metrics.ts'
import { downsampleCurve } from '../report.ts'
import type { FeedInput } from '../types.ts'
import { sandboxedStrategy } from './strategy.ts'

/** The bundled example strategies (`plugins/examples`) a backtest request may name. */
export const BACKTEST_EXAMPLES = [
  'sma-crossover',
  'rsi-mean-reversion',
  'opening-range-breakout',
] as const

export interface BacktestJobOptions {
  /** The sandbox tier examples run in. Default `free` (the tightest limits). */
  tier?: Tier
  /** Most points of the stored equity curve. Default 2,000. */
  curvePoints?: number
}

const DAY = 86_400_000
const compiled = new Map<string, Promise<string>>()

/**
 * The `backtest` job: runs a bundled example strategy (`request.example`) compiled by the
 * platform's compiler, in a sandbox of its own (a pool per job, closed when it ends), through
 * the host's backtester over the bundled bars of the request's symbols and dates. A request's
 * `timeframe` and `costs.product` fill the plugin's `timeframe`/`product` parameters when it
 * has them and the request's `params` do not set them. Stored plugin versions
 * (`pluginVersionId`) are not run here yet.
 *
 * @example createJobRunner({ db, handlers: { backtest: backtestJobHandler() } })
 */
export function backtestJobHandler(options: BacktestJobOptions = {}): JobHandler {
  return async (job, { signal, progress }) => {
    const request = parseBacktestRequest(job.request)
    const example = request.example
    if (example === undefined) {
      throw new JobFailure('Backtests of stored plugin versions are not available yet.')
    }
    if (!(BACKTEST_EXAMPLES as readonly string[]).includes(example)) {
      throw new JobFailure(`There is no example strategy called "${example}".`)
    }
    const from = Date.parse(`${request.from}T00:00:00+05:30`)
    const to = Date.parse(`${request.to}T00:00:00+05:30`) + DAY
    const feeds = await Promise.all(
      request.symbols.map((s) => loadFeed(s, request.timeframe, { from, to })),
    ).catch(explain)

    const pool = createSandboxPool({ workers: 1 })
    try {
      const sandbox = await pool.load({
        tenantId: job.tenantId,
        deploymentId: job.id,
        tier: options.tier ?? 'free',
        code: await compileExample(example),
      })
      const { manifest } = await sandbox.describe()
      const outside = request.symbols.filter((s) => !manifest.universe.includes(s))
      if (outside.length > 0) {
        throw new JobFailure(
          `${example} trades ${manifest.universe.join(', ')}; not ${outside.join(', ')}.`,
        )
      }
      const params = { ...request.params }
      if ('timeframe' in manifest.params) params.timeframe ??= request.timeframe
      if ('product' in manifest.params) params.product ??= request.costs.product
      const result = await runBacktest(
        {
          feeds: feeds as FeedInput[],
          capital: request.capital,
          strategy: sandboxedStrategy(sandbox, { params }),
          ...(request.costs.slippageBps !== null
            ? { slippage: { bps: request.costs.slippageBps } }
            : {}),
        },
        { signal, onProgress: (f) => progress(f) },
      ).catch(explain)
      return {
        metrics: { ...computeMetrics(metricsInput(result), { benchmark: await niftyBenchmark() }) },
        equityCurve: downsampleCurve(result, options.curvePoints ?? 2000),
        trades: result.trades,
      }
    } finally {
      await pool.close()
    }
  }
}

function compileExample(name: string): Promise<string> {
  let js = compiled.get(name)
  if (!js) {
    js = (async () => {
      const url = new URL(`../../../../plugins/examples/${name}.ts`, import.meta.url)
      const out = await compileInThread(await readFile(url, 'utf8'))
      if (!out.ok) throw new Error(`example ${name} does not compile`)
      return out.js
    })()
    js.catch(() => compiled.delete(name))
    compiled.set(name, js)
  }
  return js
}

/** Errors whose message is written for the user become the job's stated reason. */
function explain(error: unknown): never {
  if (
    error instanceof UnknownSymbolError ||
    error instanceof BacktestConfigError ||
    error instanceof StrategyContractError ||
    (error instanceof SandboxError && !error.retryable)
  ) {
    throw new JobFailure(error.message)
  }
  throw error
}
