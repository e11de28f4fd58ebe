import { type Database, schema, withTenant } from '@vm-algo/db'
import { inArray } from 'drizzle-orm'
import { JobFailure } from '../../jobs/errors.ts'
import type { BacktestRequest } from '../../jobs/request.ts'
import { UnknownSymbolError } from '../../market/catalog.ts'
import { CsvError, parseBarColumns } from '../../market/csv.ts'
import type { Timeframe } from '../../market/types.ts'
import { SandboxError, type SandboxPool } from '../../sandbox/index.ts'
import { runBacktest } from '../engine.ts'
import { BacktestConfigError, StrategyContractError } from '../errors.ts'
import { loadFeed, sliceColumns } from '../feeds.ts'
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

/**
 * A request's feeds: its bundled symbols, then its imported datasets (`request.datasets`),
 * read as the job's tenant — row-level security keeps another workspace's out — and parsed
 * from the CSV they were checked and stored as.
 */
export async function loadRequestFeeds(
  db: Database | undefined,
  tenantId: string,
  request: Pick<BacktestRequest, 'symbols' | 'datasets' | 'timeframe'>,
  window: { from: number; to: number },
): Promise<FeedInput[]> {
  const bundled = await loadFeeds(request.symbols, request.timeframe, window)
  if (request.datasets.length === 0) return bundled
  if (!db) throw new JobFailure('Imported datasets cannot be read here (no database).')
  const d = schema.datasets
  const rows = await withTenant(db, { tenantId }, (tx) =>
    tx
      .select({ id: d.id, name: d.name, symbol: d.symbol, timeframe: d.timeframe, csv: d.csv })
      .from(d)
      .where(inArray(d.id, [...request.datasets])),
  )
  const byId = new Map(rows.map((r) => [r.id, r]))
  const imported: FeedInput[] = []
  for (const id of request.datasets) {
    const row = byId.get(id)
    if (!row) throw new JobFailure(`Dataset ${id} is not in this workspace (was it deleted?).`)
    if (row.timeframe !== request.timeframe) {
      throw new JobFailure(
        `Dataset "${row.name}" holds ${row.timeframe} bars; this backtest runs on ${request.timeframe}.`,
      )
    }
    let bars: FeedInput['bars']
    try {
      bars = sliceColumns(parseBarColumns(row.csv, row.name), window.from, window.to)
    } catch (e) {
      if (e instanceof CsvError)
        throw new JobFailure(`Dataset "${row.name}" cannot be read: ${e.message}`)
      throw e
    }
    if (bars.length === 0) {
      throw new JobFailure(
        `No bars of ${row.symbol} (dataset "${row.name}") in the requested dates.`,
      )
    }
    imported.push({ symbol: row.symbol, timeframe: request.timeframe, bars })
  }
  const all = [...bundled, ...imported]
  if (new Set(all.map((f) => f.symbol)).size < all.length) {
    throw new JobFailure('A symbol is given twice (as a bundled symbol and in a dataset).')
  }
  return all
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

/** A system's run: the engine's result, with the feeds it ran over (the report charts them). */
export interface SystemResult extends BacktestResult {
  feeds: readonly FeedInput[]
}

/**
 * One backtest of a system: its plugin loaded into a fresh sandbox of the pool (in the
 * system's tier), run through the host's backtester over the feeds, the sandbox disposed
 * after. Errors the user can act on become a JobFailure (see `explain`).
 *
 * @example const result = await runSystem({ pool, system, tenantId, runId, feeds, capital, params, slippageBps: null })
 */
export async function runSystem(run: SystemRun): Promise<SystemResult> {
  const sandbox = await run.pool
    .load({
      tenantId: run.tenantId,
      deploymentId: run.runId,
      tier: run.system.tier,
      code: run.system.code,
    })
    .catch(explain)
  try {
    const result = await runBacktest(
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
    return { ...result, feeds: run.feeds }
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
