import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { schema } from '@vm-algo/db'
import { describeOnDrivers, seedTenant } from '@vm-algo/db/testing'
import { eq, sql } from 'drizzle-orm'
import { afterEach, expect, it } from 'vitest'
import {
  claimJob,
  createJobRunner,
  enqueueJob,
  type JobRunner,
  type JobRunnerOptions,
  recoverStaleJobs,
} from './index.ts'
import { jobsDatabase } from './testing/database.ts'
import { dailyRequest, jobRow, waitFor } from './testing/helpers.ts'
import { trendHandler } from './testing/trend-handler.ts'

// Nothing is lost when an engine dies: a job whose runner stops renewing its lease is run
// again by another runner, and fails with the reason once it has cost too many runs.

const CHILD = fileURLToPath(new URL('./testing/runner-child.ts', import.meta.url))

describeOnDrivers('job recovery', (handle) => {
  const db = jobsDatabase(handle)
  const runners: JobRunner[] = []
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop({ timeoutMs: 1_000 })))
  })
  const startRunner = async (tenantId: string, options: Partial<JobRunnerOptions> = {}) => {
    const runner = createJobRunner({
      db: db(),
      scope: { tenantIds: [tenantId] },
      leaseMs: 1_000,
      heartbeatMs: 100,
      recoverEveryMs: 100,
      pollMs: 20,
      handlers: { backtest: trendHandler() },
      ...options,
    })
    runners.push(runner)
    await runner.start()
    return runner
  }
  const submit = (tenantId: string) =>
    enqueueJob(db(), { tenantId, kind: 'backtest', request: dailyRequest() })
  const ended = (id: string) =>
    waitFor(
      () => jobRow(db(), id),
      (row) => ['succeeded', 'failed', 'cancelled'].includes(row.status),
    )

  it('runs a job again once the lease of its silent runner runs out', async () => {
    const { tenantId } = await seedTenant(db())
    const id = await submit(tenantId)
    // A runner that took the job and then went silent: no heartbeat, no result.
    expect((await claimJob(db(), 'silent', { tenantIds: [tenantId] }))?.id).toBe(id)
    await startRunner(tenantId)
    const row = await ended(id)
    expect(row).toMatchObject({ status: 'succeeded', attempts: 2, error: null })
  })

  it('fails at start-up a job the engine died on too often, with the reason', async () => {
    const { tenantId } = await seedTenant(db())
    const id = await submit(tenantId)
    const scope = { tenantIds: [tenantId] }
    for (const dead of ['dead-1', 'dead-2']) {
      expect((await claimJob(db(), dead, scope))?.id).toBe(id)
      // Its lease ran out long ago (the clock moved instead of the test waiting).
      await db()
        .update(schema.backtestJobs)
        .set({ lockedAt: sql`now() - interval '1 hour'` })
        .where(eq(schema.backtestJobs.id, id))
      if (dead === 'dead-1') await recoverStaleJobs(db(), { leaseMs: 1_000, maxAttempts: 2, scope })
    }
    await startRunner(tenantId, { maxAttempts: 2 })
    const row = await ended(id)
    expect(row).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: 'the engine restarted 2 times while running this job',
    })
  })

  it('finishes the job of a runner process killed mid-job', async (context) => {
    // Another process needs a server to connect to: not PGlite in this process.
    const { url } = handle()
    if (!url) return context.skip()
    const { tenantId } = await seedTenant(db())
    const id = await submit(tenantId)
    const child = spawn(process.execPath, ['--no-node-snapshot', CHILD, url, tenantId, '1000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    try {
      let out = ''
      child.stdout.setEncoding('utf8')
      child.stdout.on('data', (chunk: string) => {
        out += chunk
      })
      // The child runs this tenant's jobs; it says when it is halfway through ours.
      await waitFor(
        async () => out,
        (text) => text.includes(`halfway ${id}`),
      )
    } finally {
      child.kill('SIGKILL')
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
    }
    const orphan = await jobRow(db(), id)
    expect(orphan).toMatchObject({ status: 'running', attempts: 1 })
    expect(orphan.lockedBy).toBe(`child:${child.pid}`)
    expect(orphan.progress).toBeGreaterThan(0)

    await startRunner(tenantId)
    const row = await ended(id)
    expect(row).toMatchObject({ status: 'succeeded', attempts: 2 })
    const [result] = await db()
      .select()
      .from(schema.backtestResults)
      .where(eq(schema.backtestResults.jobId, id))
    expect(result?.metrics).toMatchObject({ symbol: 'RELIANCE' })
  })
})
