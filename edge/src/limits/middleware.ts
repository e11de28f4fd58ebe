import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { ApiError } from '../errors.ts'
import { PLANS } from '../plans.ts'
import type { Env, Services } from '../services.ts'
import { callerResolver } from './caller.ts'
import { addressBucket, clientIp } from './client-ip.ts'
import { createRateLimiter } from './create.ts'
import {
  assertRule,
  type RateLimiter,
  type RateLimitResult,
  type RateLimitRule,
} from './limiter.ts'

const MINUTE = 60_000

/** The tightest limit a request met so far; its numbers go in the RateLimit-* headers. */
export interface RateLimitReport {
  result: RateLimitResult
  now: number
}

const defaults = new WeakMap<Services, RateLimiter>()
// Per services (per process or isolate), not per middleware: an entry that rebuilds the app
// for each request keeps its caches all the same.
const callers = new WeakMap<Services, ReturnType<typeof callerResolver>>()

/** `services.rateLimiter`, or one built from the config once per services (per isolate). */
export function limiterOf(services: Services): RateLimiter {
  if (services.rateLimiter) return services.rateLimiter
  let limiter = defaults.get(services)
  if (!limiter) {
    limiter = createRateLimiter(services.config)
    defaults.set(services, limiter)
  }
  return limiter
}

/**
 * Limits every request it sees: a signed-in caller per tenant at the plan's requests per
 * minute (elite: no cap, no headers), anyone else per address at RATE_LIMIT_ANON_PER_MIN.
 * Mounted on /api/* ahead of the routes, so it finds the tenant itself (see caller.ts) rather
 * than running after each route's requireAuth. Over the limit: 429 `rate_limited` with
 * Retry-After; every limited response carries RateLimit-Limit, -Remaining and -Reset (seconds).
 *
 * @example
 * app.use('/api/*', rateLimit({ skip: (c) => c.req.path === '/api/v1/health' }))
 */
export function rateLimit(options: { skip?: (c: Context<Env>) => boolean } = {}) {
  return createMiddleware<Env>(async (c, next) => {
    if (options.skip?.(c)) return next()
    const services = c.get('services')
    const limiter = limiterOf(services)
    let callerOf = callers.get(services)
    if (!callerOf) {
      callerOf = callerResolver()
      callers.set(services, callerOf)
    }
    const caller = await callerOf(c, limiter.now())
    if (caller) {
      const perMinute = PLANS[caller.tier].requestsPerMinute
      if (perMinute !== null) {
        await enforce(
          c,
          limiter,
          `tenant:${caller.tenantId}`,
          { limit: perMinute, windowMs: MINUTE },
          (s) =>
            `Your ${caller.tier} plan allows ${perMinute} requests a minute. Try again in ${s} s, or upgrade for more.`,
        )
      }
    } else {
      const rule = { limit: services.config.RATE_LIMIT_ANON_PER_MIN, windowMs: MINUTE }
      await enforce(
        c,
        limiter,
        `ip:${bucketOf(c, services)}`,
        rule,
        (s) =>
          `Too many requests from your address. Sign in for a higher limit, or try again in ${s} s.`,
      )
    }
    await next()
    reportHeaders(c)
  })
}

/**
 * Limits requests per client address under its own `name`, on top of `rateLimit()`: for
 * sign-in and sign-up, where guessing passwords or mass-creating accounts must stay slow.
 * Bad arguments throw when the app is built, not on the first request.
 *
 * @example
 * app.on('POST', '/api/v1/auth/login', limitByIp('login', 10, 60_000))
 */
export function limitByIp(name: string, limit: number, windowMs: number) {
  const rule: RateLimitRule = { limit, windowMs }
  assertRule(rule)
  if (!/^[\w-]+$/.test(name)) throw new TypeError(`limitByIp name must be a word, got "${name}"`)
  return createMiddleware<Env>(async (c, next) => {
    const services = c.get('services')
    await enforce(
      c,
      limiterOf(services),
      `${name}:ip:${bucketOf(c, services)}`,
      rule,
      (s) => `Too many attempts from your address. Try again in ${s} s.`,
    )
    await next()
    reportHeaders(c)
  })
}

function bucketOf(c: Context<Env>, services: Services): string {
  const ip = clientIp(c, services)
  // Unknown only when a runtime gives no address; those callers share one bucket.
  return ip ? addressBucket(ip) : 'unknown'
}

async function enforce(
  c: Context<Env>,
  limiter: RateLimiter,
  key: string,
  rule: RateLimitRule,
  detail: (retryAfterS: number) => string,
): Promise<void> {
  const result = await limiter.limit(key, rule)
  const report = { result, now: limiter.now() }
  const tightest = c.get('rateLimit')
  if (!tightest || !result.success || result.remaining < tightest.result.remaining) {
    c.set('rateLimit', report)
  }
  if (!result.success) {
    const retryAfterS = Math.max(1, Math.ceil(result.retryAfterMs / 1000))
    throw new ApiError('rate_limited', detail(retryAfterS), {
      headers: { ...headersOf(report), 'retry-after': String(retryAfterS) },
    })
  }
}

function reportHeaders(c: Context<Env>): void {
  const report = c.get('rateLimit')
  if (!report) return
  for (const [name, value] of Object.entries(headersOf(report))) c.header(name, value)
}

/** IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers), reset in seconds. */
function headersOf({ result, now }: RateLimitReport): Record<string, string> {
  return {
    'ratelimit-limit': String(result.limit),
    'ratelimit-remaining': String(result.remaining),
    'ratelimit-reset': String(Math.max(0, Math.ceil((result.resetAt - now) / 1000))),
  }
}
