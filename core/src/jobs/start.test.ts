import { ConfigError } from '@vm-algo/db'
import { openTestDatabase, seedTenant } from '@vm-algo/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCoreConfig } from '../config.ts'
import { enqueueJob, startJobRunner } from './index.ts'
import { dailyRequest, jobRow, waitFor } from './testing/helpers.ts'
import { trendHandler } from './testing/trend-handler.ts'

// The core process's runner as startCore starts it, from its settings. On a private in-process
// database: this runner takes every queued job, as the core's does.
describe('the core job runner', () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>
  beforeAll(async () => {
    handle = await openTestDatabase('pglite')
  })
  afterAll(async () => {
    await handle?.close()
  })

  it('starts from JOB_* settings and runs queued jobs', async () => {
    const { tenantId } = await seedTenant(handle.db)
    const id = await enqueueJob(handle.db, { tenantId, kind: 'backtest', request: dailyRequest() })
    const config = loadCoreConfig({ JOB_CONCURRENCY: '1', JOB_POLL_MS: '20', JOB_LEASE_MS: '5000' })
    const runner = await startJobRunner(handle.db, config, { backtest: trendHandler() })
    try {
      const row = await waitFor(
        () => jobRow(handle.db, id),
        (r) => r.status === 'succeeded',
      )
      expect(row.attempts).toBe(1)
    } finally {
      await runner?.stop()
    }
  })

  it('runs no jobs with JOB_CONCURRENCY=0', async () => {
    const config = loadCoreConfig({ JOB_CONCURRENCY: '0' })
    expect(await startJobRunner(handle.db, config, {})).toBeNull()
  })

  it('has defaults for every setting and names a bad one', () => {
    expect(loadCoreConfig({})).toMatchObject({
      JOB_CONCURRENCY: 2,
      JOB_LEASE_MS: 30_000,
      JOB_POLL_MS: 1_000,
      JOB_MAX_ATTEMPTS: 3,
    })
    expect(() => loadCoreConfig({ JOB_LEASE_MS: '10' })).toThrow(ConfigError)
    expect(() => loadCoreConfig({ JOB_LEASE_MS: '10' })).toThrow(/JOB_LEASE_MS/)
  })
})
