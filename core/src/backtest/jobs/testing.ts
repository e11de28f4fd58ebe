// Helpers for this folder's tests: a real job runner on the test database, and single runs of
// the `backtest` handler to compare sweeps and walk-forwards with.

import { type Database, schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { afterEach } from 'vitest'
import { coreJobHandlers } from '../../jobs/handlers.ts'
import { createJobRunner, type JobRunner } from '../../jobs/runner.ts'
import { dailyRequest, jobRow, waitFor } from '../../jobs/testing/helpers.ts'
import type { ClaimedJob, JobHandler } from '../../jobs/types.ts'
import { backtestJobHandler } from '../sandboxed/job.ts'
import type { Headline } from './ranking.ts'

/** A daily SMA-crossover request on RELIANCE (2022–2023, 5 shares), as the edge stores it. */
export const smaRequest = (overrides: Record<string, unknown> = {}) =>
  dailyRequest({ from: '2022-01-01', params: { qty: 5 }, ...overrides })

/** Starts the core's handlers (or `handlers`) in a runner scoped to one tenant; stopped after each test. */
export function jobRunners(db: () => Database) {
  const runners: JobRunner[] = []
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop({ timeoutMs: 3_000 })))
  })
  return {
    async start(tenantId: string, handlers: Record<string, JobHandler> = coreJobHandlers(db())) {
      const runner = createJobRunner({
        db: db(),
        scope: { tenantIds: [tenantId] },
        pollMs: 20,
        heartbeatMs: 50,
        leaseMs: 5_000,
        progressEveryMs: 10,
        handlers,
      })
      runners.push(runner)
      await runner.start()
      return runner
    },
  }
}

/** Waits until the job ended, and returns its row. */
export const finished = (db: Database, id: string, deadlineMs = 60_000) =>
  waitFor(
    () => jobRow(db, id),
    (row) => ['succeeded', 'failed', 'cancelled'].includes(row.status),
    deadlineMs,
  )

/** The stored result of a job, or undefined. */
export async function storedResult(db: Database, id: string) {
  const [row] = await db
    .select()
    .from(schema.backtestResults)
    .where(eq(schema.backtestResults.jobId, id))
  return row
}

/** One plain backtest of `request`, as the `backtest` job runs it (a request's own sandbox). */
export async function runAlone(request: Record<string, unknown>) {
  const job: ClaimedJob = {
    id: 'btj_alone',
    tenantId: 'tnt_alone',
    userId: null,
    pluginVersionId: null,
    kind: 'backtest',
    request,
    attempts: 1,
    createdAt: new Date(),
  }
  const result = await backtestJobHandler()(job, {
    signal: new AbortController().signal,
    progress: () => {},
  })
  return result as unknown as {
    metrics: Headline & Record<string, unknown>
    equityCurve: unknown
    trades: unknown[]
  }
}

/**
 * The ranking rule as the README states it, for checking runs made one by one: higher Sharpe
 * first (undefined last), then higher total return.
 */
export function betterFirst(a: Headline, b: Headline): number {
  if (a.sharpe !== b.sharpe) {
    if (a.sharpe === null) return 1
    if (b.sharpe === null) return -1
    return b.sharpe - a.sharpe
  }
  return b.totalReturn - a.totalReturn
}
