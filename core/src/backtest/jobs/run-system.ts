import { JobFailure } from '../../jobs/errors.ts'
import type { BacktestRequest } from '../../jobs/request.ts'
import { UnknownSymbolError } from '../../market/catalog.ts'
import type { Timeframe } from '../../market/types.ts'
import { SandboxError, type SandboxPool } from '../../sandbox/index.ts'
import { runBacktest } from '../engine.ts'
import { BacktestConfigError, StrategyContractError } from '../errors.ts'
import { loadFeed } from '../feeds.ts'
import { sandboxedStrategy } from '../sandboxed/strategy.ts'
import type { BacktestResult, FeedInput } from '../types.ts'
import type { TradingSystem } from './system.ts'

export const DAY_MS = 86_400_000

/** Epoch ms of 00:00 IST of a `YYYY-MM-DD` day. */
export const istMidnight = (day: string) => Date.parse(`${day}T00:00:00+05:30`)

/** A request's days as bar times: [00:00 IST of `from`, 00:00 IST of the day after `to`). */
export function requestWindow(request: Pick<BacktestRequest, 'from' | 'to'>): {
  from: number
  to: number
} {
  return { from: istMidnight(request.from), to: istMidnight(request.to) + DAY_MS }
}

/** The bundled bars of each symbol whose start lies in [from, to); a reason when there are none. */
export function loadFeeds(
  symbols: readonly string[],
  timeframe: Timeframe,
  window: { from: number; to: number },
): Promise<FeedInput[]> {
  return Promise.all(symbols.map((s) => loadFeed(s, timeframe, window))).catch(explain)
}

export interface SystemRun {
  pool: SandboxPool
  system: TradingSystem
  tenantId: string
  /** Names the sandbox in the pool's events (the job id, with the run's number). */
  runId: string
  feeds: readonly FeedInput[]
  capital: number
  params: Readonly<Record<string, number | string | boolean>>
  /** Adverse slippage on market and stop fills; null: the engine's default (one tick). */
  slippageBps: number | null
  signal?: AbortSignal
  onProgress?: (fraction: number) => void
}

/**
 * One backtest of a system: its plugin loaded into a fresh sandbox of the pool (in the
 * system's tier), run through the host's backtester over the feeds, the sandbox disposed
 * after. Errors the user can act on become a JobFailure (see `explain`).
 *
 * @example const result = await runSystem({ pool, system, tenantId, runId, feeds, capital, params, slippageBps: null })
 */
export async function runSystem(run: SystemRun): Promise<BacktestResult> {
  const sandbox = await run.pool
    .load({
      tenantId: run.tenantId,
      deploymentId: run.runId,
      tier: run.system.tier,
      code: run.system.code,
    })
    .catch(explain)
  try {
    return await runBacktest(
      {
        feeds: run.feeds,
        capital: run.capital,
        strategy: sandboxedStrategy(sandbox, { params: run.params }),
        ...(run.slippageBps !== null ? { slippage: { bps: run.slippageBps } } : {}),
      },
      {
        ...(run.signal ? { signal: run.signal } : {}),
        ...(run.onProgress ? { onProgress: run.onProgress } : {}),
      },
    ).catch(explain)
  } finally {
    await sandbox.dispose()
  }
}

/** The message of an error written for the user (a plugin's or a request's fault), if it is one. */
export function userReason(error: unknown): string | undefined {
  if (error instanceof JobFailure) return error.message
  if (
    error instanceof UnknownSymbolError ||
    error instanceof BacktestConfigError ||
    error instanceof StrategyContractError ||
    (error instanceof SandboxError && !error.retryable)
  ) {
    return error.message
  }
  return undefined
}

/** Rethrows an error written for the user as the job's stated reason (JobFailure), others as they are. */
export function explain(error: unknown): never {
  const reason = userReason(error)
  if (reason !== undefined && !(error instanceof JobFailure)) throw new JobFailure(reason)
  throw error
}
