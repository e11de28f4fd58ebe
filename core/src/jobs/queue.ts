import { type Database, schema, withTenant } from '@vm-algo/db'
import { and, asc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm'
import { RESTARTED_REASON } from './errors.ts'
import type { ClaimedJob, JobKind, JobResult } from './types.ts'

// The queue's statements. Each is one short statement (or one short transaction) on the plain
// database, as the system: the runner works across tenants. Nothing here waits on another
// connection inside a transaction — on embedded PGlite that would block every connection.
// Times come from the database clock (now()), so runners on different machines agree on
// leases. Every write of a runner names it (`locked_by`), so a runner that lost its lease can
// no longer change the job.

const jobs = schema.backtestJobs
const results = schema.backtestResults

/**
 * Which jobs a runner takes: some kinds (a machine for sweeps), some tenants (dedicated
 * capacity), or by default every job. Recovery of stale leases keeps to the same jobs.
 */
export interface JobScope {
  kinds?: readonly string[]
  tenantIds?: readonly string[]
}

function inScope(scope: JobScope | undefined): SQL | undefined {
  return and(
    scope?.kinds ? inArray(jobs.kind, [...scope.kinds]) : undefined,
    scope?.tenantIds ? inArray(jobs.tenantId, [...scope.tenantIds]) : undefined,
  )
}

export interface EnqueueInput {
  tenantId: string
  userId?: string | null
  kind: JobKind
  request: unknown
  pluginVersionId?: string | null
}

/**
 * Queues a job as its tenant (row-level security applies). The edge has its own insert, in the
 * transaction that checks the tenant's quota; this one is for the core and tests.
 *
 * @example const id = await enqueueJob(db, { tenantId, kind: 'backtest', request })
 */
export async function enqueueJob(db: Database, input: EnqueueInput): Promise<string> {
  const scope = { tenantId: input.tenantId, ...(input.userId ? { userId: input.userId } : {}) }
  const [row] = await withTenant(db, scope, (tx) =>
    tx
      .insert(jobs)
      .values({
        tenantId: input.tenantId,
        userId: input.userId ?? null,
        kind: input.kind,
        request: input.request,
        pluginVersionId: input.pluginVersionId ?? null,
      })
      .returning({ id: jobs.id }),
  )
  return row!.id
}

/**
 * Takes the oldest queued job and leases it to `workerId`, or returns null when none is
 * queued. `FOR UPDATE SKIP LOCKED` lets concurrent runners each take a different job without
 * waiting on each other.
 */
export async function claimJob(
  db: Database,
  workerId: string,
  scope?: JobScope,
): Promise<ClaimedJob | null> {
  const next = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, 'queued'), eq(jobs.cancelRequested, false), inScope(scope)))
    .orderBy(asc(jobs.createdAt), asc(jobs.id))
    .limit(1)
    .for('update', { skipLocked: true })
  const [row] = await db
    .update(jobs)
    .set({
      status: 'running',
      lockedBy: workerId,
      lockedAt: sql`now()`,
      startedAt: sql`now()`,
      attempts: sql`${jobs.attempts} + 1`,
      progress: 0,
      progressMessage: null,
    })
    .where(sql`${jobs.id} = (${next})`)
    .returning()
  if (!row) return null
  return {
    id: row.id,
    tenantId: row.tenantId,
    userId: row.userId,
    pluginVersionId: row.pluginVersionId,
    kind: row.kind,
    request: row.request,
    attempts: row.attempts,
    createdAt: row.createdAt,
  }
}

const owned = (jobId: string, workerId: string) =>
  and(eq(jobs.id, jobId), eq(jobs.lockedBy, workerId), eq(jobs.status, 'running'))

/**
 * Renews the lease (and stores `progress` and what the job is doing, `message`, when given).
 * Returns whether the user asked to cancel, or null when this runner no longer holds the job.
 */
export async function touchJob(
  db: Database,
  jobId: string,
  workerId: string,
  progress?: number,
  message?: string,
): Promise<{ cancelRequested: boolean } | null> {
  const [row] = await db
    .update(jobs)
    .set({
      lockedAt: sql`now()`,
      ...(progress === undefined ? {} : { progress }),
      ...(message === undefined ? {} : { progressMessage: message }),
    })
    .where(owned(jobId, workerId))
    .returning({ cancelRequested: jobs.cancelRequested })
  return row ?? null
}

/**
 * Marks the job succeeded and stores its result in one transaction: a reader never sees a
 * succeeded job without its result. False when this runner no longer holds the job.
 */
export async function completeJob(
  db: Database,
  jobId: string,
  workerId: string,
  result: JobResult,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(jobs)
      .set({
        status: 'succeeded',
        progress: 1,
        error: null,
        lockedBy: null,
        lockedAt: null,
        finishedAt: sql`now()`,
      })
      .where(owned(jobId, workerId))
      .returning({ tenantId: jobs.tenantId })
    if (!row) return false
    const values = {
      metrics: result.metrics,
      equityCurve: result.equityCurve ?? null,
      trades: result.trades,
    }
    await tx
      .insert(results)
      .values({ jobId, tenantId: row.tenantId, ...values })
      .onConflictDoUpdate({ target: results.jobId, set: values })
    return true
  })
}

/** Ends a job this runner holds as failed (with a user-readable reason) or cancelled. */
export async function endJob(
  db: Database,
  jobId: string,
  workerId: string,
  status: 'failed' | 'cancelled',
  reason: string | null = null,
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ status, error: reason, lockedBy: null, lockedAt: null, finishedAt: sql`now()` })
    .where(owned(jobId, workerId))
    .returning({ id: jobs.id })
  return rows.length > 0
}

/**
 * Gives a job back to the queue (a runner shutting down): another runner starts it afresh.
 * The attempt is not counted — only runs cut short by a dead engine count.
 */
export async function releaseJob(db: Database, jobId: string, workerId: string): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: 'queued',
      lockedBy: null,
      lockedAt: null,
      startedAt: null,
      progress: 0,
      attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
    })
    .where(owned(jobId, workerId))
    .returning({ id: jobs.id })
  return rows.length > 0
}

export interface RecoveredJob {
  id: string
  status: 'queued' | 'failed' | 'cancelled'
  attempts: number
}

/**
 * Finds running jobs whose lease ran out (their runner died or hung) and puts them back in
 * the queue — or, after `maxAttempts` runs, fails them with the reason; a job the user asked
 * to cancel ends cancelled. Safe to run from every runner at once.
 */
export async function recoverStaleJobs(
  db: Database,
  options: { leaseMs: number; maxAttempts: number; scope?: JobScope },
): Promise<RecoveredJob[]> {
  const giveUp = sql`${jobs.attempts} >= ${options.maxAttempts}::int`
  const status = sql`(case when ${jobs.cancelRequested} then 'cancelled' when ${giveUp} then 'failed' else 'queued' end)::job_status`
  const ended = sql`(${jobs.cancelRequested} or ${giveUp})`
  const rows = await db
    .update(jobs)
    .set({
      status,
      error: sql`case when not ${jobs.cancelRequested} and ${giveUp} then concat(${RESTARTED_REASON[0]}::text, ${jobs.attempts}, ${RESTARTED_REASON[1]}::text) end`,
      lockedBy: null,
      lockedAt: null,
      progress: sql`case when ${ended} then ${jobs.progress} else 0 end`,
      startedAt: sql`case when ${ended} then ${jobs.startedAt} end`,
      finishedAt: sql`case when ${ended} then now() end`,
    })
    .where(
      and(
        eq(jobs.status, 'running'),
        inScope(options.scope),
        or(
          isNull(jobs.lockedAt),
          sql`${jobs.lockedAt} < now() - ${options.leaseMs}::double precision * interval '1 millisecond'`,
        ),
      ),
    )
    .returning({ id: jobs.id, status: jobs.status, attempts: jobs.attempts })
  return rows as RecoveredJob[]
}
