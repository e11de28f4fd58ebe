import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { coreHealth, serveJson, testEdge } from '../../testing/harness.ts'

describe('GET /api/v1/docs', () => {
  let core: Awaited<ReturnType<typeof serveJson>>
  let edge: Awaited<ReturnType<typeof testEdge>>
  beforeAll(async () => {
    core = await serveJson(() => coreHealth())
    edge = await testEdge({ coreUrl: core.url })
  })
  afterAll(async () => {
    await edge.close()
    await core.close()
  })

  it('renders the reference from the OpenAPI document, offline and under the strict CSP', async () => {
    const res = await edge.app.request('/api/v1/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    const doc = (await (await edge.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    // Every documented path appears on the page.
    for (const path of Object.keys(doc.paths)) expect(html).toContain(`<code>${path}</code>`)
    expect(html).toContain('POST</span> <code>/api/v1/auth/login</code>')
    expect(html).not.toMatch(/<script|https?:\/\/cdn/)
    const nonce = /style-src 'nonce-([^']+)'/.exec(
      res.headers.get('content-security-policy') ?? '',
    )?.[1]
    expect(nonce).toBeTruthy()
    expect(html).toContain(`<style nonce="${nonce}">`)
  })
})
