/** How many requests one key may make per window. */
export interface RateLimitRule {
  /** Requests per window, 1 to 1,000,000. */
  limit: number
  /** Window length in ms, 1 ms to one day. */
  windowMs: number
}

/** One decision. Both implementations give the same numbers for the same history and clock. */
export interface RateLimitResult {
  success: boolean
  limit: number
  /** Requests still allowed now (after counting this one when it passed). */
  remaining: number
  /** Epoch ms when the quota next refills: the end of the current window, or later when denied. */
  resetAt: number
  /** 0 when allowed; otherwise the ms until a request would be allowed. */
  retryAfterMs: number
  /** Decided by the in-process fallback because the shared store failed (see upstash.ts). */
  degraded?: boolean
}

export interface RateLimiterStats {
  backend: 'memory' | 'redis'
  /** Decisions the in-process fallback made because the shared store failed. */
  fallbacks: number
  /** Keys held in process memory (the memory limiter, or the Redis limiter's fallback). */
  keys: number
}

/**
 * Counts requests per key. `memoryRateLimiter` (one process or Worker isolate) and
 * `upstashRateLimiter` (shared, Redis over Upstash's REST protocol) implement it.
 *
 * @example
 * const result = await limiter.limit('tenant:ten_1', { limit: 100, windowMs: 60_000 })
 * if (!result.success) return tooMany(result.retryAfterMs)
 */
export interface RateLimiter {
  readonly backend: 'memory' | 'redis'
  /** The clock decisions use (injectable, so tests make time pass without waiting). */
  now(): number
  limit(key: string, rule: RateLimitRule): Promise<RateLimitResult>
  stats(): RateLimiterStats
}

const MAX_LIMIT = 1_000_000
const MAX_WINDOW_MS = 24 * 60 * 60 * 1000

/**
 * Throws a TypeError for a rule outside the supported range. The bounds keep the sliding-window
 * arithmetic in exact integers (below 2^53) in JavaScript and in Redis's Lua alike.
 */
export function assertRule(rule: RateLimitRule): void {
  const { limit, windowMs } = rule
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new TypeError(`rate limit must be an integer from 1 to ${MAX_LIMIT}, got ${limit}`)
  }
  if (!Number.isInteger(windowMs) || windowMs < 1 || windowMs > MAX_WINDOW_MS) {
    throw new TypeError(`rate limit window must be 1 ms to 1 day in whole ms, got ${windowMs}`)
  }
}
