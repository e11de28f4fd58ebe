export { type Caller, callerResolver } from './caller.ts'
export { addressBucket, clientIp, runtimeClientIp } from './client-ip.ts'
export { createRateLimiter } from './create.ts'
export {
  assertRule,
  type RateLimiter,
  type RateLimiterStats,
  type RateLimitResult,
  type RateLimitRule,
} from './limiter.ts'
export { memoryRateLimiter } from './memory.ts'
export { limitByIp, limiterOf, type RateLimitReport, rateLimit } from './middleware.ts'
export { type UpstashLimiterOptions, upstashRateLimiter } from './upstash.ts'
