import type { EdgeConfig } from '../config.ts'
import type { RateLimiter } from './limiter.ts'
import { memoryRateLimiter } from './memory.ts'
import { upstashRateLimiter } from './upstash.ts'

/**
 * The limiter the config asks for: Redis through Upstash's REST protocol when
 * UPSTASH_REDIS_REST_URL and _TOKEN are set, else in-process (per process, or per Worker
 * isolate). A bare REDIS_URL needs a TCP client, so only Node's entry uses it, through the
 * local bridge (node/upstash-bridge.ts), and passes the result as `services.rateLimiter`.
 */
export function createRateLimiter(
  config: Pick<
    EdgeConfig,
    'UPSTASH_REDIS_REST_URL' | 'UPSTASH_REDIS_REST_TOKEN' | 'RATE_LIMIT_PREFIX'
  >,
  options: { now?: () => number; warn?: (message: string) => void } = {},
): RateLimiter {
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = config
  if (url && token) {
    return upstashRateLimiter({ url, token, prefix: config.RATE_LIMIT_PREFIX, ...options })
  }
  return memoryRateLimiter(options)
}
