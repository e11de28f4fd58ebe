import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { upstashRateLimiter } from './upstash.ts'

// What happens when the shared store fails. Needs no Redis: the "store" here is a real HTTP
// server that fails the way an unwell Upstash endpoint does. (Semantics against real Redis:
// limiter.test.ts.)
const rule = { limit: 3, windowMs: 60_000 }

describe('upstashRateLimiter when the store fails', () => {
  const servers: Server[] = []
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections()
      await new Promise((resolve) => s.close(resolve))
    }
  })

  /** An endpoint answering every request with `answer` (or never, when it is null). */
  const store = async (answer: { status: number; body: unknown } | null) => {
    let requests = 0
    const server = createServer((_req, res) => {
      requests += 1
      if (!answer) return
      res.writeHead(answer.status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer.body))
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      requests: () => requests,
    }
  }

  it('keeps limiting in-process, warns once, and counts the fallback decisions', async () => {
    const down = await store({ status: 500, body: { error: 'ERR the bridge cannot reach Redis' } })
    const warnings: string[] = []
    const limiter = upstashRateLimiter({
      url: down.url,
      token: 't',
      now: () => 1_800_000_000_000,
      warn: (m) => warnings.push(m),
    })
    const results = []
    for (let i = 0; i < 4; i++) results.push(await limiter.limit('tenant:ten_secret', rule))
    expect(results.map((r) => [r.success, r.remaining, r.degraded])).toEqual([
      [true, 2, true],
      [true, 1, true],
      [true, 0, true],
      [false, 0, true],
    ])
    expect(limiter.stats()).toEqual({ backend: 'redis', fallbacks: 4, keys: 1 })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/Redis store failed .*ERR the bridge cannot reach Redis/)
    expect(warnings[0]).not.toMatch(/ten_secret/)
  })

  it('leaves the store alone for the cooldown, then tries it again', async () => {
    const down = await store({ status: 401, body: { error: 'Unauthorized' } })
    let t = 1_800_000_000_000
    const limiter = upstashRateLimiter({
      url: down.url,
      token: 'wrong',
      now: () => t,
      cooldownMs: 5000,
      warn: () => {},
    })
    await limiter.limit('k', rule)
    await limiter.limit('k', rule)
    expect(down.requests()).toBe(1)
    t += 5000
    await limiter.limit('k', rule)
    expect(down.requests()).toBe(2)
  })

  it('treats a store slower than timeoutMs as failed', async () => {
    const hung = await store(null)
    const limiter = upstashRateLimiter({ url: hung.url, token: 't', timeoutMs: 50, warn: () => {} })
    expect(await limiter.limit('k', rule)).toMatchObject({ success: true, degraded: true })
  })

  it('falls back when nothing listens at all', async () => {
    const limiter = upstashRateLimiter({ url: 'http://127.0.0.1:9', token: 't', warn: () => {} })
    expect(await limiter.limit('k', rule)).toMatchObject({ success: true, degraded: true })
  })
})
