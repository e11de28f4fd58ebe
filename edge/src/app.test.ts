import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Problem } from './errors.ts'
import { createRoute, json, router, z } from './openapi.ts'
import { coreHealth, serveJson, testEdge } from './testing/harness.ts'

describe('edge app', () => {
  let core: Awaited<ReturnType<typeof serveJson>>
  let edge: Awaited<ReturnType<typeof testEdge>>

  beforeAll(async () => {
    core = await serveJson(() => coreHealth())
    edge = await testEdge({ coreUrl: core.url })
    edge.app.get('/api/v1/test-boom', () => {
      throw new Error('connect ECONNREFUSED postgres://admin:hunter2@db/prod')
    })
    const echo = router().openapi(
      createRoute({
        method: 'post',
        path: '/',
        request: {
          body: {
            content: json(z.object({ qty: z.number().int().min(1), symbol: z.string() })),
            required: true,
          },
        },
        responses: { 200: { description: 'echo', content: json(z.object({ qty: z.number() })) } },
      }),
      (c) => c.json({ qty: c.req.valid('json').qty }, 200),
    )
    edge.app.route('/api/v1/test-echo', echo)
  })
  afterAll(async () => {
    await edge.close()
    await core.close()
  })

  it('answers unknown routes with a problem+json 404 carrying the request id', async () => {
    const res = await edge.app.request('/api/v1/nope')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const body = (await res.json()) as Problem
    expect(body).toMatchObject({
      status: 404,
      code: 'not_found',
      title: 'Not found',
      instance: '/api/v1/nope',
    })
    expect(body.requestId).toMatch(/^req_/)
    expect(res.headers.get('x-request-id')).toBe(body.requestId)
  })

  it('turns an unexpected error into a bare 500: no message, no stack, logged with its id', async () => {
    const res = await edge.app.request('/api/v1/test-boom')
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(text).not.toMatch(/hunter2|ECONNREFUSED|postgres:|\.ts:\d+/)
    const body = JSON.parse(text) as Problem
    expect(body).toMatchObject({ code: 'internal', status: 500 })
    expect(edge.errors).toHaveLength(1)
  })

  it('sends security headers', async () => {
    const res = await edge.app.request('/api/v1/health')
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
  })

  it('allows CORS only for configured origins', async () => {
    const allowed = await edge.app.request('/api/v1/health', {
      headers: { origin: 'http://localhost:3000' },
    })
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    const denied = await edge.app.request('/api/v1/health', {
      headers: { origin: 'https://evil.example' },
    })
    expect(denied.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('rejects an invalid body with one problem entry per bad field', async () => {
    const res = await edge.app.request('/api/v1/test-echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ qty: 0 }),
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const body = (await res.json()) as Problem
    expect(body.code).toBe('validation_failed')
    expect(body.errors?.map((e) => e.path).sort()).toEqual(['qty', 'symbol'])
  })

  it('rejects malformed JSON (400) and a body that is not JSON (415) as problems', async () => {
    const malformed = await edge.app.request('/api/v1/test-echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"qty": 1,',
    })
    expect(malformed.status).toBe(400)
    expect(((await malformed.json()) as Problem).code).toMatch(/^(bad_request|validation_failed)$/)
    const noType = await edge.app.request('/api/v1/test-echo', { method: 'POST', body: 'qty=1' })
    expect(noType.status).toBe(415)
    expect(noType.headers.get('content-type')).toBe('application/problem+json')
    expect(((await noType.json()) as Problem).code).toBe('unsupported_media_type')
  })

  it('publishes an OpenAPI 3.1 document with the problem schema', async () => {
    const res = await edge.app.request('/api/v1/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as {
      openapi: string
      paths: Record<string, unknown>
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toContain('/api/v1/health')
    expect(doc.components.schemas).toHaveProperty('Problem')
  })
})
