import { schema, withTenant } from '@vm-algo/db'
import { describeOnDrivers, seedTenant } from '@vm-algo/db/testing'
import { eq, sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import {
  claimJob,
  completeJob,
  endJob,
  enqueueJob,
  recoverStaleJobs,
  releaseJob,
  restartedReason,
  touchJob,
} from './index.ts'
import { jobsDatabase } from './testing/database.ts'
import { dailyRequest, jobRow } from './testing/helpers.ts'

// The queue's statements on every database driver. Suites share the PostgreSQL database, so
// every claim and recovery here keeps to the test's own tenant (a runner's scope).

const result = {
  metrics: { totalReturn: 0.1 },
  equityCurve: { time: [1], equity: [2] },
  trades: [],
}

describeOnDrivers('job queue', (handle) => {
  const db = jobsDatabase(handle)
  const enqueue = async (tenantId: string, n = 1) => {
    const ids: string[] = []
    for (let i = 0; i < n; i++)
      ids.push(await enqueueJob(db(), { tenantId, kind: 'backtest', request: dailyRequest() }))
    return ids
  }
  const only = (tenantId: string) => ({ tenantIds: [tenantId] })
  // Claims the tenant's next job as `worker`, expecting it to be `id`.
  const claimMine = async (worker: string, id: string) => {
    const job = await claimJob(db(), worker, only((await jobRow(db(), id)).tenantId))
    expect(job?.id).toBe(id)
    return job!
  }

  it('runs a job from enqueue through claim and progress to a stored result', async () => {
    const { tenantId, userId } = await seedTenant(db())
    const id = await enqueueJob(db(), {
      tenantId,
      userId,
      kind: 'backtest',
      request: dailyRequest(),
    })
    expect(await jobRow(db(), id)).toMatchObject({ status: 'queued', attempts: 0, progress: 0 })

    const job = await claimMine('w1', id)
    expect(job).toMatchObject({ tenantId, userId, kind: 'backtest', attempts: 1 })
    expect(job.request).toEqual(dailyRequest())
    const running = await jobRow(db(), id)
    expect(running).toMatchObject({ status: 'running', lockedBy: 'w1' })
    expect(running.startedAt).toBeInstanceOf(Date)

    expect(await touchJob(db(), id, 'w1', 0.5)).toEqual({ cancelRequested: false })
    expect((await jobRow(db(), id)).progress).toBe(0.5)

    expect(await completeJob(db(), id, 'w1', result)).toBe(true)
    const done = await jobRow(db(), id)
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, lockedBy: null, error: null })
    expect(done.finishedAt).toBeInstanceOf(Date)
    // The result is the tenant's, and only the tenant's.
    const mine = await withTenant(db(), { tenantId }, (tx) =>
      tx.select().from(schema.backtestResults).where(eq(schema.backtestResults.jobId, id)),
    )
    expect(mine).toEqual([expect.objectContaining({ tenantId, ...result })])
    const other = await seedTenant(db())
    const theirs = await withTenant(db(), { tenantId: other.tenantId }, (tx) =>
      tx.select().from(schema.backtestResults).where(eq(schema.backtestResults.jobId, id)),
    )
    expect(theirs).toEqual([])
  })

  it('hands out jobs oldest first and skips cancelled ones', async () => {
    const { tenantId } = await seedTenant(db())
    const [first, second, third] = await enqueue(tenantId, 3)
    await db()
      .update(schema.backtestJobs)
      .set({ status: 'cancelled', cancelRequested: true })
      .where(eq(schema.backtestJobs.id, second!))
    await claimMine('w', first!)
    expect((await claimJob(db(), 'w', only(tenantId)))?.id).toBe(third)
    expect(await claimJob(db(), 'w', only(tenantId))).toBeNull()
  })

  it('lets only the lease holder write to a job', async () => {
    const { tenantId } = await seedTenant(db())
    const [id] = await enqueue(tenantId)
    await claimMine('owner', id!)
    expect(await touchJob(db(), id!, 'intruder', 0.9)).toBeNull()
    expect(await completeJob(db(), id!, 'intruder', result)).toBe(false)
    expect(await endJob(db(), id!, 'intruder', 'failed', 'no')).toBe(false)
    expect(await releaseJob(db(), id!, 'intruder')).toBe(false)
    expect(await jobRow(db(), id!)).toMatchObject({ status: 'running', progress: 0 })
    const stored = await db()
      .select()
      .from(schema.backtestResults)
      .where(eq(schema.backtestResults.jobId, id!))
    expect(stored).toEqual([])
  })

  it('tells the lease holder when the user asked to cancel', async () => {
    const { tenantId } = await seedTenant(db())
    const [id] = await enqueue(tenantId)
    await claimMine('w', id!)
    await db()
      .update(schema.backtestJobs)
      .set({ cancelRequested: true })
      .where(eq(schema.backtestJobs.id, id!))
    expect(await touchJob(db(), id!, 'w')).toEqual({ cancelRequested: true })
    expect(await endJob(db(), id!, 'w', 'cancelled')).toBe(true)
    expect(await jobRow(db(), id!)).toMatchObject({ status: 'cancelled', lockedBy: null })
  })

  it('gives a released job back without counting the run', async () => {
    const { tenantId } = await seedTenant(db())
    const [id] = await enqueue(tenantId)
    await claimMine('w', id!)
    await touchJob(db(), id!, 'w', 0.4)
    expect(await releaseJob(db(), id!, 'w')).toBe(true)
    expect(await jobRow(db(), id!)).toMatchObject({
      status: 'queued',
      attempts: 0,
      progress: 0,
      lockedBy: null,
      startedAt: null,
    })
  })

  it('requeues a job whose lease ran out, and fails it after the last attempt', async () => {
    const { tenantId } = await seedTenant(db())
    const [id] = await enqueue(tenantId)
    const expire = () =>
      db()
        .update(schema.backtestJobs)
        .set({ lockedAt: sql`now() - interval '1 hour'` })
        .where(eq(schema.backtestJobs.id, id!))
    const recover = () =>
      recoverStaleJobs(db(), { leaseMs: 60_000, maxAttempts: 2, scope: only(tenantId) })

    await claimMine('dead-1', id!)
    await touchJob(db(), id!, 'dead-1', 0.3)
    expect(await recover()).toEqual([]) // the lease is fresh
    await expire()
    expect(await recover()).toEqual([{ id, status: 'queued', attempts: 1 }])
    expect(await jobRow(db(), id!)).toMatchObject({ status: 'queued', progress: 0, lockedBy: null })

    await claimMine('dead-2', id!)
    await expire()
    expect(await recover()).toEqual([{ id, status: 'failed', attempts: 2 }])
    const failed = await jobRow(db(), id!)
    expect(failed).toMatchObject({ status: 'failed', error: restartedReason(2), lockedBy: null })
    expect(failed.error).toBe('the engine restarted 2 times while running this job')
    expect(failed.finishedAt).toBeInstanceOf(Date)
  })

  it('ends a stale job the user asked to cancel as cancelled', async () => {
    const { tenantId } = await seedTenant(db())
    const [id] = await enqueue(tenantId)
    await claimMine('dead', id!)
    await db()
      .update(schema.backtestJobs)
      .set({ cancelRequested: true, lockedAt: sql`now() - interval '1 hour'` })
      .where(eq(schema.backtestJobs.id, id!))
    const recovered = await recoverStaleJobs(db(), {
      leaseMs: 60_000,
      maxAttempts: 3,
      scope: only(tenantId),
    })
    expect(recovered).toEqual([{ id, status: 'cancelled', attempts: 1 }])
    expect((await jobRow(db(), id!)).error).toBeNull()
  })

  it('never gives one job to two claimers at once', async () => {
    const { tenantId } = await seedTenant(db())
    const ids = new Set(await enqueue(tenantId, 12))
    const claimedBy = new Map<string, string[]>()
    // Four workers claim concurrently until the queue is empty; on PostgreSQL they really race.
    await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (worker) => {
        for (;;) {
          const job = await claimJob(db(), worker, only(tenantId))
          if (!job) return
          claimedBy.set(job.id, [...(claimedBy.get(job.id) ?? []), worker])
        }
      }),
    )
    for (const id of ids) expect(claimedBy.get(id)).toHaveLength(1)
    const rows = await db()
      .select({ attempts: schema.backtestJobs.attempts })
      .from(schema.backtestJobs)
      .where(eq(schema.backtestJobs.tenantId, tenantId))
    expect(rows.map((r) => r.attempts)).toEqual(Array(12).fill(1))
  })
})
