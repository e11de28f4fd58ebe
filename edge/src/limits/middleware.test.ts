import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Problem } from '../errors.ts'
import {
  coreHealth,
  limiterBackends,
  serveJson,
  type TestEdge,
  testEdge,
  testSession,
} from '../testing/harness.ts'
import type { RateLimiter } from './limiter.ts'

// The limits end to end through the edge app: plan limits per tenant, per-address limits for
// anonymous callers and for sign-in/sign-up, the headers, on each limiter backend.
const T0 = 1_800_000_000_000 // a minute boundary: Reset reads as whole minutes
const ORIGIN = 'http://localhost:3000'

for (const backend of limiterBackends()) {
  describe.skipIf(!!backend.skip)(
    `rate limits at the edge: ${backend.name}${backend.skip ? ` (skipped: ${backend.skip})` : ''}`,
    () => {
      let t = T0
      let opened: Awaited<ReturnType<typeof backend.open>>
      let core: Awaited<ReturnType<typeof serveJson>>
      let edge: TestEdge
      let limiter: RateLimiter
      let ipCounter = 0
      beforeAll(async () => {
        opened = await backend.open()
        limiter = opened.create(() => t)
        core = await serveJson(() => coreHealth())
        edge = await testEdge({
          coreUrl: core.url,
          env: { RATE_LIMIT_ANON_PER_MIN: '60', RATE_LIMIT_AUTH_PER_MIN: '10', TRUST_PROXY: '1' },
          rateLimiter: limiter,
        })
        edge.app.get('/api/v1/test-ping', (c) => c.json({ ok: true }))
      })
      afterAll(async () => {
        // Every decision came from the backend under test, and nothing failed unexpectedly.
        expect(limiter.stats().fallbacks).toBe(0)
        expect(edge.errors).toEqual([])
        await edge?.close()
        await core?.close()
        await opened?.close()
      })

      /** A fresh client address (via the one trusted proxy), so tests do not share buckets. */
      const newIp = () => `198.51.100.${++ipCounter}`
      const call = async (path: string, init: RequestInit & { ip?: string } = {}) => {
        const headers = new Headers(init.headers)
        if (init.ip) headers.set('x-forwarded-for', init.ip)
        return edge.app.request(path, { ...init, headers })
      }
      const limits = (res: Response) => ({
        status: res.status,
        limit: res.headers.get('ratelimit-limit'),
        remaining: res.headers.get('ratelimit-remaining'),
        reset: res.headers.get('ratelimit-reset'),
        retryAfter: res.headers.get('retry-after'),
      })
      /** Makes `n` requests; returns the statuses and the last response. */
      const repeat = async (n: number, make: () => Response | Promise<Response>) => {
        const statuses: number[] = []
        let last: Response | undefined
        for (let i = 0; i < n; i++) {
          last = await make()
          statuses.push(last.status)
        }
        return { statuses, last: last! }
      }

      it('limits a free tenant to 100 a minute: the 101st answers 429 with its headers', async () => {
        t = T0
        const s = await testSession(edge.handle.db, edge.config, { tier: 'free' })
        const get = () => call('/api/v1/test-ping', { headers: s.headers, ip: newIp() })
        const first = await get()
        expect(limits(first)).toEqual({
          status: 200,
          limit: '100',
          remaining: '99',
          reset: '60',
          retryAfter: null,
        })
        const { statuses } = await repeat(99, get)
        expect(statuses.every((status) => status === 200)).toBe(true)

        const denied = await get()
        // 100 in this minute weigh fully at the next one's start: 600 ms (one 100th) more.
        expect(limits(denied)).toEqual({
          status: 429,
          limit: '100',
          remaining: '0',
          reset: '61',
          retryAfter: '61',
        })
        expect(denied.headers.get('content-type')).toBe('application/problem+json')
        const body = (await denied.json()) as Problem
        expect(body).toMatchObject({
          status: 429,
          code: 'rate_limited',
          instance: '/api/v1/test-ping',
        })
        expect(body.detail).toMatch(/free plan allows 100 requests a minute/)
        expect(body.requestId).toEqual(denied.headers.get('x-request-id'))

        t = T0 + 60_600
        expect((await get()).status).toBe(200)
      })

      it('gives pro 500 a minute and elite no cap (and no limit headers)', async () => {
        t = T0
        const pro = await testSession(edge.handle.db, edge.config, { tier: 'pro' })
        const proRun = await repeat(501, () => call('/api/v1/test-ping', { headers: pro.headers }))
        expect(proRun.statuses.slice(0, 500).every((status) => status === 200)).toBe(true)
        expect(limits(proRun.last)).toMatchObject({ status: 429, limit: '500', remaining: '0' })

        const elite = await testSession(edge.handle.db, edge.config, { tier: 'elite' })
        const eliteRun = await repeat(600, () =>
          call('/api/v1/test-ping', { headers: elite.headers }),
        )
        expect(eliteRun.statuses.every((status) => status === 200)).toBe(true)
        expect(limits(eliteRun.last)).toMatchObject({ limit: null, remaining: null })
      })

      it('keeps tenants apart, whatever address they call from', async () => {
        t = T0
        const ip = newIp()
        const a = await testSession(edge.handle.db, edge.config)
        const b = await testSession(edge.handle.db, edge.config)
        await repeat(100, () => call('/api/v1/test-ping', { headers: a.headers, ip }))
        expect((await call('/api/v1/test-ping', { headers: a.headers, ip })).status).toBe(429)
        expect(limits(await call('/api/v1/test-ping', { headers: b.headers, ip }))).toMatchObject({
          status: 200,
          remaining: '99',
        })
      })

      it('applies an upgrade within 30 seconds', async () => {
        t = T0
        const s = await testSession(edge.handle.db, edge.config, { tier: 'free' })
        await repeat(100, () => call('/api/v1/test-ping', { headers: s.headers }))
        expect((await call('/api/v1/test-ping', { headers: s.headers })).status).toBe(429)
        await edge.handle.db
          .update(schema.tenants)
          .set({ tier: 'pro' })
          .where(eq(schema.tenants.id, s.tenantId))
        t = T0 + 30_001
        expect(limits(await call('/api/v1/test-ping', { headers: s.headers }))).toMatchObject({
          status: 200,
          limit: '500',
        })
      })

      it('limits anonymous callers per address, and tokens that do not verify count as anonymous', async () => {
        t = T0
        const ip = newIp()
        const { statuses } = await repeat(60, () => call('/api/v1/test-ping', { ip }))
        expect(statuses.every((status) => status === 200)).toBe(true)
        const denied = await call('/api/v1/test-ping', { ip })
        expect(limits(denied)).toMatchObject({ status: 429, limit: '60', remaining: '0' })
        expect(((await denied.json()) as Problem).detail).toMatch(/Sign in for a higher limit/)
        // Made-up tokens and spoofed X-Forwarded-For entries left of the trusted hop change nothing.
        const forged = await call('/api/v1/test-ping', {
          ip: `203.0.113.99, ${ip}`,
          headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ4In0.forged' },
        })
        expect(forged.status).toBe(429)
        expect((await call('/api/v1/test-ping', { ip: newIp() })).status).toBe(200)
      })

      it('allows 10 sign-in attempts a minute per address, apart from sign-up', async () => {
        t = T0
        const ip = newIp()
        const login = () =>
          call('/api/v1/auth/login', {
            method: 'POST',
            ip,
            headers: { 'content-type': 'application/json', origin: ORIGIN },
            // No password: answered before any hashing, and an attempt all the same.
            body: JSON.stringify({ email: 'nobody@example.test' }),
          })
        const third = (await repeat(3, login)).last
        // The tighter of the two limits met (sign-in: 10, anonymous: 60) is the one reported.
        expect(limits(third)).toMatchObject({ limit: '10', remaining: '7' })
        const { statuses, last } = await repeat(8, login)
        expect(statuses.slice(0, 7)).not.toContain(429)
        expect(limits(last)).toMatchObject({ status: 429, limit: '10', remaining: '0' })
        expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0)
        expect(last.headers.get('access-control-allow-origin')).toBe(ORIGIN)
        expect(last.headers.get('access-control-expose-headers')).toMatch(/retry-after/)

        const register = await call('/api/v1/auth/register', {
          method: 'POST',
          ip,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({}),
        })
        expect(register.status).not.toBe(429)
        expect(register.headers.get('ratelimit-limit')).toBe('10')
        expect((await call('/api/v1/auth/login', { ip })).status).not.toBe(429) // GET: no login
      })

      it('leaves health checks unlimited', async () => {
        t = T0
        const ip = newIp()
        const { statuses } = await repeat(61, () => call('/api/v1/health', { ip }))
        expect(statuses).not.toContain(429)
      })

      it('limits by the socket address when served over HTTP', async () => {
        t = T0 + 10 * 60_000 // a fresh minute: earlier tests' 127.0.0.1 requests are gone
        const server = serve({ fetch: edge.app.fetch, port: 0, hostname: '127.0.0.1' })
        await new Promise((resolve) => server.once('listening', resolve))
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/test-ping`
        try {
          const { statuses } = await repeat(61, () => fetch(url))
          expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true)
          expect(statuses[60]).toBe(429)
          // In-process requests have no socket: another bucket.
          expect((await edge.app.request('/api/v1/test-ping')).status).toBe(200)
        } finally {
          server.close()
        }
      })
    },
  )
}
