import { assertRule, type RateLimiter } from './limiter.ts'
import { admits, outcome, type WindowCounts, windowAt } from './sliding-window.ts'

interface Entry extends WindowCounts {
  index: number
  windowMs: number
}

const SWEEP_EVERY_MS = 10_000

/**
 * A sliding-window limiter in this process (or this Worker isolate): the embedded default when
 * no Redis is configured, and the Redis limiter's fallback. Web APIs only, no timers.
 *
 * Memory stays bounded: keys whose two windows have both passed are swept at most every 10 s
 * (inline, on a call), and beyond `maxKeys` the least recently used keys go first — so a flood
 * of new keys evicts idle ones, not the busy keys being limited.
 *
 * @example
 * const limiter = memoryRateLimiter()
 * await limiter.limit('ip:203.0.113.7', { limit: 60, windowMs: 60_000 })
 */
export function memoryRateLimiter(
  options: { now?: () => number; maxKeys?: number } = {},
): RateLimiter {
  const now = options.now ?? Date.now
  const maxKeys = options.maxKeys ?? 100_000
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new TypeError('maxKeys must be at least 1')
  // Map iteration follows insertion order; re-inserting on every use makes it least-recent first.
  const entries = new Map<string, Entry>()
  let nextSweepAt = 0

  const sweep = (at: number) => {
    for (const [key, entry] of entries) {
      if (entry.index < windowAt(at, entry.windowMs).index - 1) entries.delete(key)
    }
    for (const key of entries.keys()) {
      if (entries.size <= maxKeys) break
      entries.delete(key)
    }
    nextSweepAt = at + SWEEP_EVERY_MS
  }

  return {
    backend: 'memory',
    now,
    async limit(key, rule) {
      assertRule(rule)
      const at = now()
      const { index, elapsed } = windowAt(at, rule.windowMs)
      const id = `${rule.windowMs}:${key}`
      const entry = entries.get(id) ?? { index, current: 0, previous: 0, windowMs: rule.windowMs }
      entries.delete(id)
      if (index === entry.index + 1) {
        entry.previous = entry.current
        entry.current = 0
        entry.index = index
      } else if (index > entry.index + 1) {
        entry.previous = 0
        entry.current = 0
        entry.index = index
      }
      const success = admits(entry, elapsed, rule)
      if (success) entry.current += 1
      entries.set(id, entry)
      if (at >= nextSweepAt || entries.size > maxKeys) sweep(at)
      return outcome(success, entry, at, rule)
    },
    stats: () => ({ backend: 'memory', fallbacks: 0, keys: entries.size }),
  }
}
