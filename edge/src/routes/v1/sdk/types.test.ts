import { expect, it } from 'vitest'
import { createEdgeApp } from '../../../app.ts'
import { loadEdgeConfig } from '../../../config.ts'
import type { Problem } from '../../../errors.ts'
import { httpCoreClient } from '../../../lib/core-client.ts'
import { callJson, describeEdge, TEST_SECRETS } from '../../../testing/harness.ts'

describeEdge(
  'GET /api/v1/sdk/types',
  (edge) => {
    it('serves the SDK declarations to anyone, cacheably, for the editor', async () => {
      const res = await edge().app.request('/api/v1/sdk/types')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/typescript; charset=utf-8')
      expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/)
      const text = await res.text()
      expect(text).toContain("declare module '@vm-algo/sdk'")
      for (const name of ['defineStrategy', 'defineScanner', 'ScannerContext', 'Indicators']) {
        expect(text).toContain(name)
      }
      const etag = res.headers.get('etag')!
      const again = await edge().app.request('/api/v1/sdk/types', {
        headers: { 'if-none-match': etag },
      })
      expect(again.status).toBe(304)
      expect(await again.text()).toBe('')
    })
  },
  {},
  { core: true },
)

// The route needs no database: an edge without one, and with no core behind CORE_URL.
it('answers 503 saying where the types come from when the core is unreachable', async () => {
  const config = loadEdgeConfig({ ...TEST_SECRETS, CORE_URL: 'http://127.0.0.1:9' })
  const errors: unknown[] = []
  const app = createEdgeApp({
    config,
    database: null,
    core: httpCoreClient(config.CORE_URL, 500, { token: TEST_SECRETS.CORE_INTERNAL_TOKEN }),
    startedAt: Date.now(),
    logError: (error) => errors.push(error),
  })
  const res = await callJson<Problem>(app, 'GET', '/api/v1/sdk/types')
  expect(res.status).toBe(503)
  expect(res.body.detail).toMatch(/core engine, which is not reachable/)
  expect(errors).toHaveLength(1)
})
