import { schema, type Tx } from '@vm-algo/db'
import { and, count, eq, gte, sql } from 'drizzle-orm'
import { ApiError } from '../../../errors.ts'
import { PLANS, type Tier } from '../../../plans.ts'
import { type CreateBacktest, dayNumber, IST_OFFSET_MS } from './schemas.ts'

// Backtest quotas by plan (plans.ts): what one request may ask for (date range, sweep size)
// and how many a workspace may submit per IST day. A limit a higher plan lifts answers 402
// naming that plan; one no plan lifts is a validation error on the field.

const TIERS: readonly Tier[] = ['free', 'pro', 'elite']

/** Combinations a sweep's grid runs (1 for a plain backtest). */
export function sweepSize(grid: CreateBacktest['grid']): number {
  if (!grid) return 1
  return Object.values(grid).reduce((n, values) => n * values.length, 1)
}

/**
 * Checks the request's date range and sweep size against the tier's plan. A walk-forward
 * test's grid counts as a sweep's: it runs every combination once per fold, each on that
 * fold's in-sample days, so its work is about one sweep of the grid over the whole range.
 */
export function assertWithinPlan(tier: Tier, body: CreateBacktest): void {
  const quota = PLANS[tier].backtests
  const days = dayNumber(body.to)! - dayNumber(body.from)! + 1
  if (days > quota.maxRangeDays) {
    const higher = upgradeFor(tier, (t) => PLANS[t].backtests.maxRangeDays >= days)
    const limit = `at most ${quota.maxRangeDays} days at a time`
    if (!higher) throw fieldError('to', `spans ${days} days; backtests cover ${limit}`)
    throw new ApiError(
      'payment_required',
      `Your ${tier} plan backtests ${limit}; this request spans ${days}. The ${higher} plan allows ${PLANS[higher].backtests.maxRangeDays}.`,
    )
  }
  if (!body.grid) return
  const size = sweepSize(body.grid)
  if (size > quota.maxSweepSize) {
    const higher = upgradeFor(tier, (t) => PLANS[t].backtests.maxSweepSize >= size)
    if (!higher) {
      throw fieldError('grid', `has ${size} combinations; sweeps run at most ${quota.maxSweepSize}`)
    }
    const allows = `The ${higher} plan runs up to ${PLANS[higher].backtests.maxSweepSize}.`
    const what = body.walkForward ? 'walk-forward tests' : 'parameter sweeps'
    throw new ApiError(
      'payment_required',
      quota.maxSweepSize === 0
        ? `Your ${tier} plan does not include ${what}. ${allows}`
        : `Your ${tier} plan runs ${body.walkForward ? 'walk-forward grids' : 'sweeps'} of at most ${quota.maxSweepSize} combinations; this grid has ${size}. ${allows}`,
    )
  }
}

/** The IST calendar day containing `now`: when it started and when the next one starts. */
export function istDay(now: number): { start: Date; resetsAt: Date } {
  const startMs = Math.floor((now + IST_OFFSET_MS) / 86_400_000) * 86_400_000 - IST_OFFSET_MS
  return { start: new Date(startMs), resetsAt: new Date(startMs + 86_400_000) }
}

/**
 * Refuses a submission beyond the tier's runs per IST day (429 with Retry-After). Holds a
 * transaction-scoped lock on the tenant's quota first, so two requests at once cannot both
 * take the last run; run it in the transaction that inserts the job.
 */
export async function takeDailyRun(tx: Tx, tenantId: string, tier: Tier, now: number) {
  const { runsPerDay } = PLANS[tier].backtests
  const { start, resetsAt } = istDay(now)
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`backtest-quota:${tenantId}`}, 0))`,
  )
  const jobs = schema.backtestJobs
  const [row] = await tx
    .select({ n: count() })
    .from(jobs)
    .where(and(eq(jobs.tenantId, tenantId), gte(jobs.createdAt, start)))
  if ((row?.n ?? 0) < runsPerDay) return
  const seconds = Math.max(1, Math.ceil((resetsAt.getTime() - now) / 1000))
  throw new ApiError(
    'quota_exceeded',
    `Your ${tier} plan includes ${runsPerDay} backtests a day and today's are used; the count resets at midnight IST (${resetsAt.toISOString()}).`,
    { headers: { 'retry-after': String(seconds) } },
  )
}

function upgradeFor(tier: Tier, enough: (t: Tier) => boolean): Tier | undefined {
  return TIERS.slice(TIERS.indexOf(tier) + 1).find(enough)
}

const fieldError = (path: string, message: string) =>
  new ApiError('validation_failed', 'Some fields are missing or invalid.', {
    issues: [{ path, message }],
  })
