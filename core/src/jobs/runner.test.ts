import { type Database, schema } from '@vm-algo/db'
import { describeOnDrivers, seedTenant } from '@vm-algo/db/testing'
import { eq } from 'drizzle-orm'
import { afterEach, expect, it } from 'vitest'
import {
  createJobRunner,
  enqueueJob,
  JobAbort,
  type JobEvent,
  type JobHandler,
  type JobKind,
  type JobRunner,
  type JobRunnerOptions,
} from './index.ts'
import { jobsDatabase } from './testing/database.ts'
import { dailyRequest, gate, jobRow, waitFor } from './testing/helpers.ts'
import { trendHandler } from './testing/trend-handler.ts'

// The runner against the real database, with a real handler over the bundled bars. Each test
// scopes its runners to its own tenant: suites share the PostgreSQL database.

describeOnDrivers('job runner', (handle) => {
  const db = jobsDatabase(handle)
  const runners: JobRunner[] = []
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop({ timeoutMs: 1_000 })))
  })
  const startRunner = async (tenantId: string, options: Partial<JobRunnerOptions> = {}) => {
    const events: JobEvent[] = []
    const runner = createJobRunner({
      db: db(),
      scope: { tenantIds: [tenantId] },
      leaseMs: 5_000,
      heartbeatMs: 50,
      pollMs: 20,
      progressEveryMs: 10,
      handlers: { backtest: trendHandler() },
      onEvent: (event) => events.push(event),
      ...options,
    })
    runners.push(runner)
    await runner.start()
    return { runner, events }
  }
  const submit = async (tenantId: string, request = dailyRequest(), kind: JobKind = 'backtest') =>
    enqueueJob(db(), { tenantId, kind, request })
  const finished = (id: string) =>
    waitFor(
      () => jobRow(db(), id),
      (row) => ['succeeded', 'failed', 'cancelled'].includes(row.status),
    )

  it('runs a queued job, reporting progress, and stores its result', async () => {
    const { tenantId } = await seedTenant(db())
    const held = gate()
    const id = await submit(tenantId)
    await startRunner(tenantId, {
      handlers: {
        backtest: trendHandler({
          beforeStep: (step) => (step === 2 ? held.promise : Promise.resolve()),
        }),
      },
    })
    const halfway = await waitFor(
      () => jobRow(db(), id),
      (row) => row.progress > 0,
    )
    expect(halfway.status).toBe('running')
    expect(halfway.progress).toBeLessThan(1)
    held.open()
    const done = await finished(id)
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, attempts: 1, error: null })
    const [result] = await db()
      .select()
      .from(schema.backtestResults)
      .where(eq(schema.backtestResults.jobId, id))
    const metrics = result!.metrics as { bars: number; symbol: string; trades: number }
    // The bundled RELIANCE daily file has 246 sessions in 2023 (Muhurat trading included).
    expect(metrics).toMatchObject({ symbol: 'RELIANCE', bars: 246 })
    const curve = result!.equityCurve as { time: number[]; equity: number[] }
    expect(curve.equity).toHaveLength(246)
    expect(result!.trades).toHaveLength(metrics.trades)
    expect(metrics.trades).toBeGreaterThan(0)
  })

  it("stores a handler's own reason, and never an unexpected error's text", async () => {
    const { tenantId } = await seedTenant(db())
    const unknown = await submit(tenantId, dailyRequest({ symbols: ['NOSUCHSTOCK'] }))
    const broken = await submit(tenantId, dailyRequest(), 'sweep')
    const { events } = await startRunner(tenantId, {
      handlers: {
        backtest: trendHandler(),
        sweep: async () => {
          throw new TypeError('secret at /srv/engine/sweep.ts:10 password=hunter2')
        },
      },
    })
    const failed = await finished(unknown)
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/unknown symbol "NOSUCHSTOCK"/)
    const internal = await finished(broken)
    expect(internal.status).toBe('failed')
    expect(internal.error).toContain(broken)
    expect(internal.error).toMatch(/internal error/)
    expect(internal.error).not.toMatch(/secret|hunter2|\.ts/)
    // The details go to the engine's log instead.
    expect(events).toContainEqual(expect.objectContaining({ type: 'error', jobId: broken }))
  })

  it('fails a kind no handler runs, saying so', async () => {
    const { tenantId } = await seedTenant(db())
    const id = await submit(tenantId, dailyRequest(), 'walk_forward')
    await startRunner(tenantId)
    const row = await finished(id)
    expect(row.status).toBe('failed')
    expect(row.error).toMatch(/"walk_forward" jobs/)
  })

  it('uses describeError for errors it knows, and handlers registered before start', async () => {
    const { tenantId } = await seedTenant(db())
    class EngineConfigError extends Error {}
    const id = await submit(tenantId, dailyRequest(), 'scan_backtest')
    const runner = createJobRunner({
      db: db(),
      scope: { tenantIds: [tenantId] },
      pollMs: 20,
      describeError: (e) =>
        e instanceof EngineConfigError ? `Bad setup: ${e.message}` : undefined,
    })
    runners.push(runner)
    runner.registerJobHandler('scan_backtest', async () => {
      throw new EngineConfigError('blockSize must be positive')
    })
    await runner.start()
    expect((await finished(id)).error).toBe('Bad setup: blockSize must be positive')
  })

  it('cancels a running job through its signal when the user asks', async () => {
    const { tenantId } = await seedTenant(db())
    const id = await submit(tenantId)
    let reason: unknown
    const handler = trendHandler({
      beforeStep: (step, _job, signal) =>
        step < 1
          ? Promise.resolve()
          : new Promise((resolve) => {
              signal.addEventListener('abort', () => {
                reason = signal.reason
                resolve()
              })
            }),
    })
    await startRunner(tenantId, { handlers: { backtest: handler } })
    await waitFor(
      () => jobRow(db(), id),
      (row) => row.progress > 0,
    )
    // What POST /api/v1/backtests/{id}/cancel does to a running job.
    await requestCancel(db(), id)
    const row = await finished(id)
    expect(row).toMatchObject({ status: 'cancelled', lockedBy: null, error: null })
    await waitFor(
      async () => reason,
      (r) => r !== undefined,
    )
    expect(reason).toBeInstanceOf(JobAbort)
    expect((reason as JobAbort).why).toBe('cancelled')
    const results = await db()
      .select()
      .from(schema.backtestResults)
      .where(eq(schema.backtestResults.jobId, id))
    expect(results).toEqual([])
  })

  it('gives running jobs back when stopped, and another runner finishes them', async () => {
    const { tenantId } = await seedTenant(db())
    const id = await submit(tenantId)
    let reason: unknown
    const stuck: JobHandler = (_job, { signal, progress }) =>
      new Promise((_resolve, reject) => {
        progress(0.5)
        signal.addEventListener('abort', () => {
          reason = signal.reason
          reject(signal.reason)
        })
      })
    const first = await startRunner(tenantId, { handlers: { backtest: stuck } })
    await waitFor(
      () => jobRow(db(), id),
      (row) => row.progress === 0.5,
    )
    await first.runner.stop({ timeoutMs: 50 })
    expect((reason as JobAbort).why).toBe('shutdown')
    expect(await jobRow(db(), id)).toMatchObject({ status: 'queued', attempts: 0, progress: 0 })
    expect(first.events).toContainEqual({ type: 'ended', jobId: id, status: 'released' })

    await startRunner(tenantId)
    expect(await finished(id)).toMatchObject({ status: 'succeeded', attempts: 1 })
  })

  it('waits for running jobs to finish when stopped in time', async () => {
    const { tenantId } = await seedTenant(db())
    const id = await submit(tenantId)
    const held = gate()
    const { runner } = await startRunner(tenantId, {
      handlers: {
        backtest: trendHandler({ beforeStep: (s) => (s === 1 ? held.promise : Promise.resolve()) }),
      },
    })
    await waitFor(
      () => jobRow(db(), id),
      (row) => row.progress > 0,
    )
    const stopping = runner.stop({ timeoutMs: 10_000 })
    held.open()
    await stopping
    expect(await jobRow(db(), id)).toMatchObject({ status: 'succeeded', attempts: 1 })
  })

  it('never runs one job on two runners', async () => {
    const { tenantId } = await seedTenant(db())
    const ids = await Promise.all(Array.from({ length: 8 }, () => submit(tenantId)))
    const runs = new Map<string, number>()
    const counting: JobHandler = (job, context) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1)
      return trendHandler({ chunk: 100 })(job, context)
    }
    await startRunner(tenantId, { handlers: { backtest: counting }, concurrency: 2 })
    await startRunner(tenantId, { handlers: { backtest: counting }, concurrency: 2 })
    for (const id of ids)
      expect(await finished(id)).toMatchObject({ status: 'succeeded', attempts: 1 })
    expect([...runs.values()]).toEqual(Array(8).fill(1))
  })

  it('refuses settings that would lose leases', () => {
    expect(() => createJobRunner({ db: db(), leaseMs: 1_000, heartbeatMs: 500 })).toThrow(
      /heartbeatMs \(500\) must be at most a third of leaseMs/,
    )
    expect(() => createJobRunner({ db: db(), concurrency: 0 })).toThrow(/concurrency/)
  })
})

async function requestCancel(db: Database, id: string): Promise<void> {
  await db
    .update(schema.backtestJobs)
    .set({ cancelRequested: true })
    .where(eq(schema.backtestJobs.id, id))
}
