import type { Database } from '@vm-algo/db'
import type { Context } from 'hono'
import type { AuthContext } from './auth/middleware.ts'
import type { EdgeConfig } from './config.ts'
import type { CoreClient } from './lib/core-client.ts'
import type { RateLimiter } from './limits/limiter.ts'
import type { RateLimitReport } from './limits/middleware.ts'

/**
 * What handlers need from the outside world, built once per process (or per Worker isolate)
 * and reached through `c.get('services')`, so tests can hand in real parts of their choosing.
 */
export interface Services {
  config: EdgeConfig
  database: {
    db: Database
    driver: 'pglite' | 'postgres'
    /** Round-trip in ms; throws when unreachable. */
    ping(): Promise<number>
  } | null
  core: CoreClient
  startedAt: number
  /** Logs an unexpected error with its request id; never reaches the client. */
  logError(error: unknown, requestId: string): void
  /** Rate limits; unset: built from the config once (see limits/create.ts). */
  rateLimiter?: RateLimiter
  /** The peer address as the runtime knows it; unset: limits/client-ip.ts `runtimeClientIp`. */
  clientIp?: (c: Context) => string | undefined
}

export type Env = {
  Variables: {
    services: Services
    requestId: string
    auth: AuthContext
    rateLimit: RateLimitReport | undefined
  }
}
