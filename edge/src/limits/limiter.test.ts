import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { limiterBackends } from '../testing/harness.ts'
import type { RateLimiter } from './limiter.ts'

// A window start, so the arithmetic below reads plainly. Redis keys expire by Redis's own
// clock, so a test clock far from it is fine.
const T0 = 1_800_000_000_000
const rule = { limit: 5, windowMs: 1000 }

for (const backend of limiterBackends()) {
  describe.skipIf(!!backend.skip)(
    `rate limiter: ${backend.name}${backend.skip ? ` (skipped: ${backend.skip})` : ''}`,
    () => {
      let opened: Awaited<ReturnType<typeof backend.open>>
      let t = T0
      let limiter: RateLimiter
      beforeAll(async () => {
        opened = await backend.open()
      })
      afterAll(() => opened?.close())
      // Every decision came from the backend under test, none from a fallback.
      afterEach(() =>
        expect(limiter.stats()).toMatchObject({ backend: limiter.backend, fallbacks: 0 }),
      )
      const fresh = () => {
        t = T0
        limiter = opened.create(() => t)
      }
      const burst = async (key: string, n: number, r = rule) => {
        const results = []
        for (let i = 0; i < n; i++) results.push(await limiter.limit(key, r))
        return results
      }

      it('allows the limit per window, counting down, then denies with an exact retry time', async () => {
        fresh()
        const passed = await burst('k', 5)
        expect(passed.map((r) => [r.success, r.remaining])).toEqual([
          [true, 4],
          [true, 3],
          [true, 2],
          [true, 1],
          [true, 0],
        ])
        expect(passed[0]).toEqual({
          success: true,
          limit: 5,
          remaining: 4,
          resetAt: T0 + 1000,
          retryAfterMs: 0,
        })
        // Five in this window weigh fully at the start of the next: the first slot frees
        // once a fifth of that window has passed.
        expect(await limiter.limit('k', rule)).toEqual({
          success: false,
          limit: 5,
          remaining: 0,
          resetAt: T0 + 1200,
          retryAfterMs: 1200,
        })
        t = T0 + 1199
        expect(await limiter.limit('k', rule)).toMatchObject({ success: false, retryAfterMs: 1 })
        t = T0 + 1200
        expect(await limiter.limit('k', rule)).toMatchObject({ success: true, remaining: 0 })
      })

      it('slides: the previous window counts by how much of it still overlaps', async () => {
        fresh()
        await burst('k', 5)
        t = T0 + 1500 // half the previous window still overlaps: 2.5 of 5 used
        expect((await burst('k', 5)).map((r) => r.success)).toEqual([
          true,
          true,
          false,
          false,
          false,
        ])
        t = T0 + 3000 // two windows on, nothing of the earlier ones counts
        expect((await burst('k', 6)).filter((r) => r.success)).toHaveLength(5)
      })

      it('keeps keys, and windows of different lengths, apart', async () => {
        fresh()
        await burst('a', 5)
        expect((await limiter.limit('a', rule)).success).toBe(false)
        expect((await limiter.limit('b', rule)).success).toBe(true)
        expect((await limiter.limit('a', { limit: 5, windowMs: 2000 })).success).toBe(true)
      })

      it('applies a changed limit to the same count at once (an upgraded plan)', async () => {
        fresh()
        await burst('tenant', 100, { limit: 100, windowMs: 60_000 })
        expect((await limiter.limit('tenant', { limit: 100, windowMs: 60_000 })).success).toBe(
          false,
        )
        expect(await limiter.limit('tenant', { limit: 500, windowMs: 60_000 })).toMatchObject({
          success: true,
          remaining: 399,
        })
      })

      it('lets exactly the limit through when 200 requests race for 100', async () => {
        fresh()
        const results = await Promise.all(
          Array.from({ length: 200 }, () =>
            limiter.limit('race', { limit: 100, windowMs: 60_000 }),
          ),
        )
        const passed = results.filter((r) => r.success)
        expect(passed).toHaveLength(100)
        expect(passed.map((r) => r.remaining).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 100 }, (_, i) => i),
        )
        expect(results.filter((r) => !r.success).every((r) => r.retryAfterMs > 0)).toBe(true)
      })

      it('refuses rules it cannot count exactly', async () => {
        fresh()
        await expect(limiter.limit('k', { limit: 0, windowMs: 1000 })).rejects.toThrow(TypeError)
        await expect(limiter.limit('k', { limit: 1.5, windowMs: 1000 })).rejects.toThrow(/integer/)
        await expect(limiter.limit('k', { limit: 5, windowMs: 0 })).rejects.toThrow(/window/)
      })
    },
  )
}
