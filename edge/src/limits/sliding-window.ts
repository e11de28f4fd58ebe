import type { RateLimitResult, RateLimitRule } from './limiter.ts'

/**
 * The sliding-window algorithm both limiters share (the one @upstash/ratelimit calls
 * `slidingWindow`): two fixed-window counters per key, the previous one weighted by how much of
 * it still overlaps the sliding window. O(1) memory per key, and close to a true sliding log.
 *
 * All arithmetic is on integers below 2^53 (see `assertRule`), so the Lua copy of `admits` in
 * upstash.ts, which runs on doubles, decides exactly as this one does.
 */
export interface WindowCounts {
  /** Requests counted in the current fixed window. */
  current: number
  /** Requests counted in the fixed window before it. */
  previous: number
}

/** The fixed window `now` falls in, and how far into it (ms). */
export function windowAt(now: number, windowMs: number): { index: number; elapsed: number } {
  const index = Math.floor(now / windowMs)
  return { index, elapsed: now - index * windowMs }
}

/** previous·(W−elapsed)/W + current + 1 ≤ limit, multiplied out by W. */
export function admits(counts: WindowCounts, elapsed: number, rule: RateLimitRule): boolean {
  const { limit, windowMs: w } = rule
  return counts.previous * (w - elapsed) + (counts.current + 1) * w <= limit * w
}

/**
 * The result after a decision; `counts` already include the request when it passed.
 * `retryAfterMs` is exact: the first instant at which `admits` holds again.
 */
export function outcome(
  success: boolean,
  counts: WindowCounts,
  now: number,
  rule: RateLimitRule,
): RateLimitResult {
  const { limit, windowMs: w } = rule
  const { elapsed } = windowAt(now, w)
  const windowEnd = now - elapsed + w
  if (success) {
    const left = limit * w - counts.previous * (w - elapsed) - counts.current * w
    return {
      success,
      limit,
      remaining: Math.max(0, Math.floor(left / w)),
      resetAt: windowEnd,
      retryAfterMs: 0,
    }
  }
  const retryAfterMs =
    counts.current < limit
      ? // Later in this window, once the previous window's weight has decayed enough.
        w - Math.floor(((limit - 1 - counts.current) * w) / counts.previous) - elapsed
      : // In the next window, where this window's count becomes the decaying one.
        w - elapsed + (w - Math.floor(((limit - 1) * w) / counts.current))
  return {
    success,
    limit,
    remaining: 0,
    resetAt: Math.max(windowEnd, now + retryAfterMs),
    retryAfterMs,
  }
}
