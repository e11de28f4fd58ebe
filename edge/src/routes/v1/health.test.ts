import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { coreHealth, serveJson, testEdge } from '../../testing/harness.ts'
import type { HealthReport } from './health.ts'

describe('GET /api/v1/health', () => {
  let core: Awaited<ReturnType<typeof serveJson>>
  let feed = coreHealth().feed
  let edge: Awaited<ReturnType<typeof testEdge>>

  beforeAll(async () => {
    core = await serveJson(() => ({ ...coreHealth(), feed }))
    edge = await testEdge({ coreUrl: core.url })
  })
  afterAll(async () => {
    await edge.close()
    await core.close()
  })

  it('reports ok with the database and the core feed when both answer', async () => {
    feed = coreHealth().feed
    const res = await edge.app.request('/api/v1/health')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as HealthReport
    expect(body.status).toBe('ok')
    expect(body.checks.database).toMatchObject({ status: 'ok', driver: 'pglite' })
    expect(body.checks.database.latencyMs).toBeGreaterThanOrEqual(0)
    expect(body.checks.core.status).toBe('ok')
    expect(body.checks.core.feed?.symbols).toEqual(['NIFTY50'])
  })

  it('is degraded (503) when the market-data feed has gone silent', async () => {
    feed = coreHealth({ stale: true, lastEventAt: Date.now() - 60_000 }).feed
    const res = await edge.app.request('/api/v1/health')
    expect(res.status).toBe(503)
    const body = (await res.json()) as HealthReport
    expect(body.status).toBe('degraded')
    expect(body.checks.core).toMatchObject({ status: 'down', error: 'market-data feed is silent' })
  })

  it('is degraded (503) when the core cannot be reached, and says so without internals', async () => {
    const closed = await serveJson(() => ({}))
    await closed.close()
    const lonely = await testEdge({ coreUrl: closed.url })
    try {
      const res = await lonely.app.request('/api/v1/health')
      expect(res.status).toBe(503)
      const body = (await res.json()) as HealthReport
      expect(body.checks.database.status).toBe('ok')
      expect(body.checks.core.status).toBe('down')
      expect(body.checks.core.error).toMatch(/^core unreachable: /)
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/)
    } finally {
      await lonely.close()
    }
  })

  it('reports the database down when it stops answering', async () => {
    const broken = await testEdge({ coreUrl: core.url })
    await broken.handle.close()
    const res = await broken.app.request('/api/v1/health')
    expect(res.status).toBe(503)
    const body = (await res.json()) as HealthReport
    expect(body.checks.database.status).toBe('down')
  })
})
