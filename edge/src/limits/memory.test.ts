import { describe, expect, it } from 'vitest'
import { memoryRateLimiter } from './memory.ts'

// Memory bounds of the in-process limiter. Its counting semantics: limiter.test.ts.
const rule = { limit: 3, windowMs: 60_000 }

describe('memoryRateLimiter memory', () => {
  it('forgets keys once both their windows have passed', async () => {
    let t = 1_800_000_000_000
    const limiter = memoryRateLimiter({ now: () => t })
    for (let i = 0; i < 500; i++) await limiter.limit(`ip:${i}`, rule)
    expect(limiter.stats().keys).toBe(500)
    t += 2 * 60_000
    await limiter.limit('ip:new', rule)
    expect(limiter.stats().keys).toBe(1)
  })

  it('holds at most maxKeys, evicting idle keys before the busy one being limited', async () => {
    const t = 1_800_000_000_000
    const limiter = memoryRateLimiter({ now: () => t, maxKeys: 100 })
    for (let i = 0; i < 3; i++) await limiter.limit('busy', rule)
    for (let i = 0; i < 1000; i++) {
      await limiter.limit(`flood:${i}`, rule)
      if (i % 50 === 0) expect((await limiter.limit('busy', rule)).success).toBe(false)
    }
    expect(limiter.stats().keys).toBeLessThanOrEqual(100)
    expect((await limiter.limit('busy', rule)).success).toBe(false)
  })

  it('refuses a maxKeys below 1', () => {
    expect(() => memoryRateLimiter({ maxKeys: 0 })).toThrow(TypeError)
  })
})
