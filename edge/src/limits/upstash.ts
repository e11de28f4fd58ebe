// The fetch-only build of @upstash/redis: no Node built-ins, so it runs on Workers, Deno and Node.
import { Redis } from '@upstash/redis/cloudflare'
import { assertRule, type RateLimiter, type RateLimitRule } from './limiter.ts'
import { memoryRateLimiter } from './memory.ts'
import { outcome, windowAt } from './sliding-window.ts'

/**
 * `admits` from sliding-window.ts, then the count, atomically. The caller's clock picks the
 * window (as @upstash/ratelimit's scripts do), so a test clock works against real Redis too.
 * No `#!lua` shebang: plain Redis 7.0 rejects the flags Upstash's own scripts carry.
 */
const SCRIPT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local elapsed = tonumber(ARGV[3])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous * (window - elapsed) + (current + 1) * window > limit * window then
  return {0, current, previous}
end
current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], window * 2 + 1000) end
return {1, current, previous}
`

export interface UpstashLimiterOptions {
  /** UPSTASH_REDIS_REST_URL, or the local bridge's URL. */
  url: string
  token: string
  /** Key prefix; tests use a unique one per run. */
  prefix?: string
  now?: () => number
  /** A store call slower than this counts as a failure. */
  timeoutMs?: number
  /** After a failure, decide in-process for this long before trying the store again. */
  cooldownMs?: number
  /** Where store failures are reported (at most every 30 s). */
  warn?: (message: string) => void
}

const WARN_EVERY_MS = 30_000

/**
 * A sliding-window limiter shared by every edge process, in Redis through Upstash's REST
 * protocol (`@upstash/redis`): a real Upstash database, or Redis behind the local bridge.
 *
 * When the store fails (down, slow past `timeoutMs`, bad token) the decision falls back to an
 * in-process limiter for `cooldownMs`, with a warning and a count in `stats().fallbacks`. That is
 * neither fail-closed (a Redis outage would become a 429 outage of the whole API) nor plain
 * fail-open (the per-IP login limit would vanish exactly when someone may be knocking Redis
 * over): limits still hold per process, so N processes allow at most N times the limit.
 *
 * Why not @upstash/ratelimit: it fixes one limit per instance (ours varies by tier per call),
 * reads Date.now() itself (no test clock), reports only the window end rather than an exact
 * retry time, and its `timeout` silently answers success.
 */
export function upstashRateLimiter(options: UpstashLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now
  const prefix = options.prefix ?? 'vm-algo:rl'
  const timeoutMs = options.timeoutMs ?? 1000
  const cooldownMs = options.cooldownMs ?? 5000
  const warn = options.warn ?? ((message: string) => console.warn(message))
  const redis = new Redis({
    url: options.url,
    token: options.token,
    enableTelemetry: false,
    // One try: the fallback, not a retry loop, answers when the store is unwell.
    retry: { retries: 0 },
    signal: () => AbortSignal.timeout(timeoutMs),
  })
  const script = redis.createScript<[number, number, number]>(SCRIPT)
  const fallback = memoryRateLimiter({ now })
  let fallbacks = 0
  let storeDownUntil = 0
  let lastWarnAt = Number.NEGATIVE_INFINITY

  const degrade = async (key: string, rule: RateLimitRule) => {
    fallbacks += 1
    return { ...(await fallback.limit(key, rule)), degraded: true }
  }

  return {
    backend: 'redis',
    now,
    async limit(key, rule) {
      assertRule(rule)
      const at = now()
      if (at < storeDownUntil) return degrade(key, rule)
      const { index, elapsed } = windowAt(at, rule.windowMs)
      const base = `${prefix}:{${rule.windowMs}:${key}}`
      try {
        const [passed, current, previous] = await script.exec(
          [`${base}:${index}`, `${base}:${index - 1}`],
          [String(rule.limit), String(rule.windowMs), String(elapsed)],
        )
        return outcome(passed === 1, { current, previous }, at, rule)
      } catch (error) {
        storeDownUntil = at + cooldownMs
        if (at - lastWarnAt >= WARN_EVERY_MS) {
          lastWarnAt = at
          warn(
            `[rate-limit] Redis store failed (${describe(error)}); deciding in-process for ` +
              `${cooldownMs} ms at a time. ${fallbacks + 1} fallback decisions so far.`,
          )
        }
        return degrade(key, rule)
      }
    },
    stats: () => ({ backend: 'redis', fallbacks, keys: fallback.stats().keys }),
  }
}

/** The error's first line without @upstash/redis's echo of the command (keys name tenants). */
function describe(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return message.split(', command was:')[0]!.split('\n')[0]!.slice(0, 200)
}
